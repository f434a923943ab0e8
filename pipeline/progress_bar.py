"""A build's progress in counts, rate and time left: tqdm bars per step on a terminal, a line on the dashboard."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from tqdm import tqdm

# The dashboard draws its own bar (st.progress): its line is tqdm's meter without the bar.
LINE_FORMAT = "{desc}: {n_fmt}/{total_fmt}{unit} · {rate_noinv_fmt} · {remaining} left"
# The terminal's: tqdm's own, with the rate always in units per second ("0.36 articles/s", not "2.81s/ articles").
BAR_FORMAT = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_noinv_fmt}]"
STARTED_FORMAT = "{desc}: 0/{total_fmt}{unit}"
UNCOUNTED_FORMAT = "{desc} · {elapsed}"


class _Bar(tqdm):
    """tqdm without its monitor thread: the build forks its worker processes only from a process
    that runs no other thread (pipeline.engines.start_method)."""

    monitor_interval = 0


class StepMessage(str):
    """A progress message that also names its step and how far the step is (`done` of `total`
    `unit`; `total` None for a step that is not counted). A callback that wants only the text
    reads it as the str it is: "Analysed 60 of 120"."""

    step: str
    done: int
    total: int | None
    unit: str

    def __new__(cls, text: str, *, step: str, done: int = 0, total: int | None = None, unit: str = "articles"):
        message = super().__new__(cls, text)
        message.step, message.done, message.total, message.unit = step, done, total, unit
        return message

    def __reduce__(self):
        return _step_message, (str(self), self.step, self.done, self.total, self.unit)


def _step_message(text: str, step: str, done: int, total: int | None, unit: str) -> StepMessage:
    return StepMessage(text, step=step, done=done, total=total, unit=unit)


def format_step(step: str, done: int, total: int | None, elapsed: float, *, unit: str = "articles") -> str:
    """One line for a step that began `elapsed` seconds ago, formatted by tqdm as the terminal bar is:
    "Analysing articles: 60/120 articles · 11.32 articles/s · 00:05 left"; before the first count
    "Analysing articles: 0/120 articles"; a step without a total "Resolving actors · 00:03"."""
    if total is None:
        bar_format = UNCOUNTED_FORMAT
    else:
        bar_format = LINE_FORMAT if done > 0 else STARTED_FORMAT
    line = tqdm.format_meter(done, total, max(elapsed, 0.0), prefix=step, unit=f" {unit}", bar_format=bar_format)
    return " ".join(line.split())  # tqdm pads rates to a width


class StepLines:
    """Turns a build's progress messages into the dashboard's lines (`format_step`), timing each
    step from its first message. Plain messages (waiting for the lock, "Done") pass unchanged."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._step: str | None = None
        self._started = 0.0

    def __call__(self, message: str) -> str:
        if not isinstance(message, StepMessage):
            return message
        if message.step != self._step:
            self._step, self._started = message.step, self.clock()
        elapsed = self.clock() - self._started
        return format_step(message.step, message.done, message.total, elapsed, unit=message.unit)


class TerminalBars:
    """A build's progress callback for the command line: one tqdm bar per step on `stream` when it
    is a terminal (`force` decides otherwise), and a message of no step (waiting for another
    build's lock, done) as a line; nothing when it is not a terminal (a pipe, a log file, CI). With
    `log`, every message also as a line, as `-v` prints it. Use it as a context manager, so
    the last bar is closed even when the build fails."""

    def __init__(self, stream: TextIO | None = None, *, log: bool = False, force: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if force is None else force
        self.log = log
        self._bar: _Bar | None = None
        self._step: str | None = None

    def __call__(self, fraction: float, message: str) -> None:
        if self.enabled:
            self._draw(message)
        if self.log:
            self._print(format_log_line(fraction, message))
        elif self.enabled and not isinstance(message, StepMessage):
            self._print(message)

    def __enter__(self) -> TerminalBars:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._bar, self._step = None, None

    def _draw(self, message: str) -> None:
        step = message.step if isinstance(message, StepMessage) else None
        if step != self._step:
            self.close()
            if step is not None:
                self._bar = self._open(message)
            self._step = step
        if self._bar is not None and message.done > self._bar.n:
            self._bar.update(message.done - self._bar.n)

    def _open(self, message: StepMessage) -> _Bar:
        return _Bar(
            total=message.total,
            desc=message.step,
            unit=f" {message.unit}",
            file=self.stream,
            dynamic_ncols=True,
            bar_format=BAR_FORMAT if message.total is not None else UNCOUNTED_FORMAT,
        )

    def _print(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.stream)  # above the bar, which is drawn again below
        else:
            print(line, file=self.stream, flush=True)


def format_log_line(fraction: float, message: str) -> str:
    """A message as `-v` prints it: "[ 45%] Analysed 60 of 120"."""
    return f"[{fraction:4.0%}] {message}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
