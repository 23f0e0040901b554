"""What a serving process settles once its app is built: how it holds memory for its life."""

from __future__ import annotations

import ctypes
import gc
import sys

# glibc's mallopt parameter (malloc.h) and the block size from which allocations are
# mapped on their own, and unmapped when freed.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 64 * 1024


def settle_memory() -> None:
    """Keep the app built so far out of full GC passes; give large freed blocks back at once."""
    # What is imported and built by now lives as long as the process: the garbage
    # collector's full passes would otherwise walk it all every few exports or syncs
    # (about 80 ms each on the benchmark's machine). The collector, paused for the
    # start-up by `cli.main`, runs again from here on.
    gc.freeze()
    gc.enable()
    _map_large_blocks()


def _map_large_blocks() -> None:
    """Have glibc map every block over 64 kB on its own, whatever was freed before.

    Cached answers are large (a page of full records: up to 1.8 MB) and come and go. glibc
    raises its mapping threshold each time such a block is freed, so later ones are cut
    from the heap, whose freed holes the process keeps: after 2,000 distinct large answers
    it held 318 MB for a 32 MB cache (141 MB with a fixed threshold; docs/performance.md).
    Setting the threshold turns that adjustment off. Other C libraries are left as they are.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "gnu_get_libc_version"):  # not glibc (musl, say)
        return
    libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
