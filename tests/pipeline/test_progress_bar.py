"""Build progress: counts, rate and time left as a tqdm bar per step on a terminal, a line on the dashboard."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from types import SimpleNamespace

import pytest

import data_access
import pipeline.build
from pipeline.__main__ import main
from pipeline.progress_bar import StepLines, StepMessage, TerminalBars, format_log_line, format_step


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _analysed(done: int, total: int = 4) -> StepMessage:
    return StepMessage(f"Analysed {done} of {total}", step="Analysing articles", done=done, total=total)


def _emit(progress) -> None:
    """The messages of a small build, in the order build_corpus sends them."""
    progress(0.0, StepMessage("Reading articles in seeds", step="Loading knowledge"))
    for done in range(5):
        progress(0.05 + 0.85 * done / 4, _analysed(done))
    progress(0.9, StepMessage("Resolving actors across articles", step="Resolving actors"))
    progress(1.0, "Done")


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "expected"),
    [
        (60, 120, 5.0, "Analysing articles: 60/120 articles · 12.00 articles/s · 00:05 left"),
        (1, 120, 3.0, "Analysing articles: 1/120 articles · 0.33 articles/s · 05:57 left"),
        (2500, 10000, 2000.0, "Analysing articles: 2500/10000 articles · 1.25 articles/s · 1:40:00 left"),
        (0, 120, 2.0, "Analysing articles: 0/120 articles"),
        (0, None, 65.0, "Analysing articles · 01:05"),
        (120, 120, 10.0, "Analysing articles: 120/120 articles · 12.00 articles/s · 00:00 left"),
    ],
)
def test_progress_bar_format_step_counts_rate_and_time_left(done, total, elapsed, expected):
    assert format_step("Analysing articles", done, total, elapsed) == expected


def test_progress_bar_format_step_names_the_unit():
    assert (
        format_step("Reading files", 10, 20, 2.0, unit="files")
        == "Reading files: 10/20 files · 5.00 files/s · 00:02 left"
    )


def test_progress_bar_step_message_is_its_text():
    message = _analysed(3)
    assert message == "Analysed 3 of 4" and isinstance(message, str)
    assert (message.step, message.done, message.total, message.unit) == ("Analysing articles", 3, 4, "articles")
    assert format_log_line(0.5, message) == "[ 50%] Analysed 3 of 4"
    copy = pickle.loads(pickle.dumps(message))
    assert copy == message and (copy.step, copy.done, copy.total) == ("Analysing articles", 3, 4)


def test_progress_bar_step_lines_time_each_step_from_its_first_message():
    now = [100.0]
    lines = StepLines(clock=lambda: now[0])
    assert lines(_analysed(0)) == "Analysing articles: 0/4 articles"
    now[0] = 104.0
    assert lines(_analysed(2)) == "Analysing articles: 2/4 articles · 0.50 articles/s · 00:04 left"
    now[0] = 110.0
    assert lines(StepMessage("Resolving", step="Resolving actors")) == "Resolving actors · 00:00"
    now[0] = 113.0
    assert lines(StepMessage("Resolving", step="Resolving actors")) == "Resolving actors · 00:03"
    assert lines("Waiting up to 60 s for another build") == "Waiting up to 60 s for another build"


def test_progress_bar_is_quiet_when_not_a_terminal():
    stream = io.StringIO()
    with TerminalBars(stream) as progress:
        _emit(progress)
    assert not progress.enabled and stream.getvalue() == ""


def test_progress_bar_logs_lines_without_bars_when_not_a_terminal():
    stream = io.StringIO()
    with TerminalBars(stream, log=True) as progress:
        _emit(progress)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "[  0%] Reading articles in seeds" and "[ 90%] Analysed 4 of 4" in lines
    assert lines[-1] == "[100%] Done" and "\r" not in stream.getvalue() and "|" not in stream.getvalue()


def test_progress_bar_draws_a_bar_per_step_on_a_terminal():
    stream = _Terminal()
    with TerminalBars(stream) as progress:
        _emit(progress)
    drawn = stream.getvalue()
    assert progress.enabled and "\r" in drawn
    assert "Analysing articles: 100%|" in drawn and "4/4 [" in drawn and "articles/s]" in drawn
    assert "Loading knowledge · " in drawn and "Resolving actors · " in drawn
    assert drawn.endswith("\nDone\n")  # a message of no step closes the bar and is a line


def test_progress_bar_terminal_with_log_keeps_the_lines():
    stream = _Terminal()
    with TerminalBars(stream, log=True) as progress:
        _emit(progress)
    assert "[ 90%] Analysed 4 of 4\n" in stream.getvalue() and "Analysing articles: 100%|" in stream.getvalue()


def _fake_build(src: Path, out: Path, *, config=None, on_progress=None, force_out=False):
    _emit(on_progress)
    return SimpleNamespace(format=lambda: "Built.")


@pytest.mark.parametrize(("terminal", "verbose"), [(False, False), (False, True), (True, False)])
def test_progress_bar_command_line_bars_only_on_a_terminal(monkeypatch, capsys, tmp_path, terminal, verbose):
    monkeypatch.setattr(pipeline.build, "build_corpus", _fake_build)
    stderr = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    argv = ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--force-out", *(["-v"] if verbose else [])]
    assert main(argv) == 0
    assert capsys.readouterr().out == "Built.\n"
    shown = stderr.getvalue()
    assert ("Analysing articles: 100%|" in shown) == terminal
    assert ("[ 90%] Analysed 4 of 4" in shown) == verbose
    assert (shown == "") == (not terminal and not verbose)  # a pipe or a log file without -v: nothing


def test_progress_bar_dashboard_build_hears_counts_rate_and_time_left(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline.build, "build_corpus", _fake_build)
    heard: list[tuple[float, str]] = []
    paths = data_access.Paths(data_dir=tmp_path / "data", source_dir=tmp_path)
    data_access.build_tables(paths, lambda fraction, line: heard.append((fraction, line)))
    lines = [line for _, line in heard]
    assert lines[0].startswith("Loading knowledge · 00:0")
    assert lines[1] == "Analysing articles: 0/4 articles"
    assert lines[-3].startswith("Analysing articles: 4/4 articles · ")
    assert lines[-3].endswith(" articles/s · 00:00 left")
    assert lines[-1] == "Done" and heard[-1][0] == 1.0
