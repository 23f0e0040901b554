"""A serving process gives freed memory back: cached answers come and go, memory goes too.

Run in a process of its own, as `countries serve` and each worker settle theirs: a cache
filled with large answers between small objects that stay, then emptied, must leave the
resident memory where it was, once the trimming thread has passed (glibc kept about 24 MB
of 100 MB here, and 318 MB for a 32 MB answer cache after 2,000 distinct pages).
"""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

PROBE = """
import time

from countries.entrypoints.process import TRIM_EVERY_SECONDS, settle_memory

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

settle_memory()
first = bytes(2_000_000)  # a large block freed: glibc raises its mapping threshold
del first
time.sleep(3 * TRIM_EVERY_SECONDS)
base = rss_mb()
cached, kept = [], []
for i in range(200):  # a cache filling with large answers, between small objects that stay
    cached.append(bytes(500_000 + i))
    kept.append(str(i) * 50)
cached.clear()
deadline = time.monotonic() + 20 * TRIM_EVERY_SECONDS  # the trimming thread passes
while rss_mb() - base >= 5 and time.monotonic() < deadline:
    time.sleep(TRIM_EVERY_SECONDS)
print(rss_mb() - base)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "gnu_get_libc_version"),
    reason="the mapping threshold is glibc's",
)
def test_a_settled_process_gives_an_emptied_caches_memory_back() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    retained_mb = float(run.stdout)
    assert retained_mb < 5, f"{retained_mb:.0f} MB of 100 MB of freed answers still resident"
