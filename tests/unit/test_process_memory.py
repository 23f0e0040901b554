"""A serving process gives freed memory back: cached answers come and go, memory goes too.

Run in a process of its own, as `countries serve` and each worker settle theirs: a cache
filled with large answers between small objects that stay, then emptied, must leave the
resident memory where it was, once the trimming thread has passed (glibc kept about 24 MB
of 100 MB here, and 318 MB for a 32 MB answer cache after 2,000 distinct pages). And the
threads a server starts (a database connection's, the compression's) share the C heaps:
each of its own kept what it had freed, and the heap they share must give its free top
back too (glibc kept 21 MB of freed answers there after 2,000 distinct pages).
"""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from countries.entrypoints.process import MALLOC_ARENAS

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


THREAD_PROBE = """
import threading
import time

from countries.entrypoints.process import TRIM_EVERY_SECONDS, settle_memory

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

settle_memory()
first = bytes(16_000_000)  # a large block freed: glibc raises its mapping threshold
del first
time.sleep(3 * TRIM_EVERY_SECONDS)
base = rss_mb()
def answer():  # a thread compressing answers, in a heap the threads share
    cached = [b"x" * 2_000_000 for _ in range(10)]  # written, so resident
    while cached:  # freed newest first: each joins the free top of the heap
        cached.pop()
for _ in range(3):  # one after another: glibc hands them the process's heaps in turn
    thread = threading.Thread(target=answer)
    thread.start()
    thread.join()
deadline = time.monotonic() + 20 * TRIM_EVERY_SECONDS  # the trimming thread passes
while rss_mb() - base >= 5 and time.monotonic() < deadline:
    time.sleep(TRIM_EVERY_SECONDS)
print(rss_mb() - base)
"""


HEAPS_PROBE = """
import ctypes
import tempfile
import threading

from countries.entrypoints.process import settle_memory

settle_memory()
all_allocated = threading.Barrier(8)
def allocate():  # the threads a server runs at once, each allocating
    kept = [bytes(100_000 + i) for i in range(20)]
    all_allocated.wait()  # none ends (handing its heap on to the next) before all allocate
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile(suffix=".xml") as report:
    stream = ctypes.c_void_p(libc.fopen(report.name.encode(), b"w"))
    libc.malloc_info(0, stream)  # glibc's description of its heaps, one <heap> each
    libc.fclose(stream)
    print(open(report.name).read().count("<heap nr="))
"""

glibc_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "gnu_get_libc_version"),
    reason="the mapping threshold and the heaps are glibc's",
)


def _run(probe: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout


@glibc_only
def test_a_settled_process_gives_an_emptied_caches_memory_back() -> None:
    retained_mb = float(_run(PROBE))
    assert retained_mb < 5, f"{retained_mb:.0f} MB of 100 MB of freed answers still resident"


@glibc_only
def test_a_settled_process_gives_back_what_its_other_threads_freed() -> None:
    retained_mb = float(_run(THREAD_PROBE))
    assert retained_mb < 5, f"{retained_mb:.0f} MB of 20 MB freed by a thread still resident"


@glibc_only
def test_the_threads_of_a_settled_process_share_its_c_heaps() -> None:
    assert int(_run(HEAPS_PROBE)) <= MALLOC_ARENAS
