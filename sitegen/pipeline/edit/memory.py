"""Memory between edits: the collector, and giving freed pages back to the system.

CPython frees what an edit let go, but glibc's allocator keeps the freed pages of its heaps
mapped (the builder thread has a heap of its own): at 10,000 posts a structural edit left
tens of MiB resident that nothing used. `trim()` asks glibc to return them (malloc_trim(3));
elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys
from typing import Any


@functools.cache
def _libc() -> Any:
    """glibc, with malloc_trim; None elsewhere (musl has no malloc_trim)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):
        return None
    return libc


def trim() -> bool:
    """Return the free pages of the C heaps to the system; False where that cannot be done."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def settled() -> None:
    """An edit is done: what it made and kept joins the frozen heap, so the collector's full
    passes in the next edit walk only what that edit makes. (Unfrozen, the sites edits made,
    the list entries rendered ahead and the edits' rows made each full pass walk ~1M objects,
    40-140 ms, two to four times an edit at 10k posts, often before the open page.) Collected
    first, so no garbage is frozen; a full build unfreezes everything (resident.full)."""
    gc.collect()
    gc.freeze()
    trim()
