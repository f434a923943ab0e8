"""First paint in a new browser session (issue 15, item 5): navigation -> first Plotly chart drawn.

    python -m benchmarks.bench_first_paint --data /tmp/ui3_data --runs 5

Starts `streamlit run dashboard.py` headless on a free port (as tests/e2e do), then opens the
Overview N times, each time in a NEW Chromium browser context (no cookies, no HTTP cache, a new
Streamlit session), and times `page.goto` -> the first `.js-plotly-plot .main-svg` in the page.
The first session after the server started is reported apart ("cold": the script's imports happen
in it); the median is over the following N sessions ("warm" server, new browser session).

The same is measured on two floors, Streamlit's own cost with this machine and browser:
an empty app (navigation -> its one line of text) and a one-chart app (navigation -> its chart).
Server-side script time: one `AppTest` run of dashboard.py in a fresh process (imports included)
and a second run in the same process. Not a test: it prints a table, and JSON with --json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
CHART = ".js-plotly-plot .main-svg"
EMPTY_APP = 'import streamlit as st\nst.write("ready")\n'
CHART_APP = (
    "import plotly.graph_objects as go\nimport streamlit as st\n"
    "st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=['a', 'b', 'c'], orientation='h')))\n"
)
SCRIPT_TIME = """
import sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
t1 = time.perf_counter()
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
t2 = time.perf_counter()
assert not at.exception, at.exception
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: Path, data_dir: Path | None) -> Iterator[str]:
    """`streamlit run app` on a free loopback port; its URL while it runs."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]  # fmt: skip
    if data_dir is not None:
        command += ["--", "--data", str(data_dir)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def paints(url: str, selector: str, sessions: int) -> list[float]:
    """Seconds from navigation to `selector` visible, each in a new browser context."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(sessions):
                context = browser.new_context(viewport={"width": 1440, "height": 1000})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_selector(selector, state="visible", timeout=120_000)
                times.append(time.perf_counter() - start)
                context.close()
        finally:
            browser.close()
    return times


def measure(app: Path, data_dir: Path | None, selector: str, runs: int) -> dict:
    with serve(app, data_dir) as url:
        times = paints(url, selector, runs + 1)
    return {"cold": times[0], "median": statistics.median(times[1:]), "runs": times[1:]}


def script_time(data_dir: Path) -> dict:
    """One AppTest run of dashboard.py in a fresh process, then a second in the same process."""
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir)}
    output = subprocess.run([sys.executable, "-c", SCRIPT_TIME, str(ROOT / "dashboard.py")], cwd=ROOT, env=env,
                            check=True, capture_output=True, text=True).stdout.split()  # fmt: skip
    _, first, second = map(float, output[-3:])
    return {"first_run": first, "second_run": second}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="built tables (python -m pipeline build seeds --out …)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--skip-floors", action="store_true")
    args = parser.parse_args(argv)
    results = {"dashboard": measure(ROOT / "dashboard.py", args.data, CHART, args.runs)}
    if not args.skip_floors:
        with tempfile.TemporaryDirectory() as folder:
            empty, chart = Path(folder) / "empty_app.py", Path(folder) / "chart_app.py"
            empty.write_text(EMPTY_APP)
            chart.write_text(CHART_APP)
            results["empty app"] = measure(empty, None, "text=ready", args.runs)
            results["one-chart app"] = measure(chart, None, CHART, args.runs)
    results["script"] = script_time(args.data)
    print(f"{'app':<16}{'cold (s)':>10}{'median (s)':>12}  runs")
    for name, row in results.items():
        if name != "script":
            print(f"{name:<16}{row['cold']:>10.2f}{row['median']:>12.2f}  {' '.join(f'{t:.2f}' for t in row['runs'])}")
    script = results["script"]
    print(f"dashboard.py script (AppTest): first run {script['first_run']:.2f} s, second {script['second_run']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
