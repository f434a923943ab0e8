"""The process benchmark's memory readings (Linux /proc); the timed runs are in BENCHMARKS.md, never asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_processes import descendants, measured, process_memory

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads Linux /proc")


def test_bench_processes_reads_rss_pss_and_private_memory():
    memory = process_memory(os.getpid())
    assert 0 < memory["uss"] <= memory["rss"] and 0 < memory["pss"] <= memory["rss"]
    assert process_memory(2**22 + 12345) == {}  # no such process


def test_bench_processes_finds_the_workers_below_this_process():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in descendants(os.getpid())
    finally:
        child.kill()
        child.wait()


def test_bench_processes_measures_the_peak_memory_of_workers(tmp_path):
    def run() -> None:
        subprocess.run([sys.executable, "-c", "import time; b = bytearray(64 * 2**20); time.sleep(1.5)"], check=True)

    seconds, memory = measured(run, tmp_path)
    assert seconds >= 1.5 and memory["main"]["rss"] > 0
    assert max(worker["uss"] for worker in memory["workers"]) >= 64
