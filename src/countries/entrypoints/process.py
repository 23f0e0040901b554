"""What a serving process settles once its app is built: how it holds memory for its life."""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
import time

# How often the C heap's free pages go back to the system: each pass takes a millisecond
# at most, in a thread of its own, with the GIL released.
TRIM_EVERY_SECONDS = 0.25
# The C heaps (glibc's arenas) a process may have: the event loop's, and one that every
# other thread shares (compression, database drivers, file reads). glibc otherwise gives
# each new thread one of its own, up to 8 per core, and each keeps the freed memory of
# whatever it held: 10 MB of the resident memory after the benchmark's run.
MALLOC_ARENAS = 2
# Blocks this large or larger are mapped on their own, and given back when freed. glibc
# otherwise raises this threshold to the largest block freed so far, and with it the free
# memory a heap keeps at its top (up to 64 MB): `malloc_trim` never trims the top of the
# heap other threads share, which kept 21 MB of freed answers resident after 2,000
# distinct pages. Fixed here at glibc's largest, so answers (up to 1.8 MB) still come from
# the heaps without a page fault per 4 kB, as they did.
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
# The free memory a heap keeps at its top before it gives the rest back, on every free.
TRIM_THRESHOLD_BYTES = 4 * 1024 * 1024
# mallopt's parameters, from glibc's <malloc.h>.
_M_ARENA_MAX = -8
_M_MMAP_THRESHOLD = -3
_M_TRIM_THRESHOLD = -1


def settle_memory() -> None:
    """Keep the app built so far out of full GC passes; hold few C heaps and trim them."""
    # What is imported and built by now lives as long as the process: the garbage
    # collector's full passes would otherwise walk it all every few exports or syncs
    # (about 80 ms each on the benchmark's machine). The collector, paused for the
    # start-up by `cli.main`, runs again from here on.
    gc.freeze()
    gc.enable()
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
        trimming = threading.Thread(target=_trim, args=(libc,), name="countries-trim")
        trimming.daemon = True  # nothing to finish: it only gives memory back
        trimming.start()


def _glibc() -> ctypes.CDLL | None:
    """The process's C library when it is glibc (musl and others keep their own ways)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None)
    return libc if hasattr(libc, "gnu_get_libc_version") else None


def _trim(libc: ctypes.CDLL) -> None:
    """Give the heap's free pages back to the system, now and then, for good.

    Cached answers are large (a page of full records: up to 1.8 MB) and come and go. glibc
    cuts them from its heaps, and keeps the pages of the holes they leave: after 2,000
    distinct pages the server held 318 MB for a 32 MB answer cache. `malloc_trim` hands
    those pages back (benchmarks/NOTES.md, change 14). Mapping each large block on its own
    would too, but cost a page fault per 4 kB of every answer made: a third of the
    throughput.
    """
    while True:
        time.sleep(TRIM_EVERY_SECONDS)
        libc.malloc_trim(0)
