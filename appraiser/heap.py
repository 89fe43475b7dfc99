"""Process-wide malloc settings for bulk image work (glibc only; elsewhere a no-op).

Why: SIFT builds a float pyramid for every image (at the reference size its first
octave alone is ~2.4 MB a layer) and frees it again. glibc starts with 128 KB mmap and
trim thresholds, so in a fresh process each such buffer is mapped and unmapped, or its
arena trimmed, and the kernel zeroes the pages again at their next touch. glibc raises
both thresholds by itself, but only to the largest buffer freed so far, which an import
reaches at its very end (the voting index). Measured on 200 tuning-world references in
a fresh process: ~310,000-470,000 page faults and 0.8-1.0 s of system CPU (over 10 % of
the import); with the thresholds below from the start ~36,000 and 0.25 s, the same as a
second import in the same process. The price: each malloc arena keeps up to
``TRIM_BYTES`` of freed memory instead of returning it at once.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter numbers (malloc.h)
M_MMAP_THRESHOLD = -3
MMAP_BYTES = 32 << 20  # glibc's own ceiling for its dynamic mmap threshold
TRIM_BYTES = 64 << 20  # twice that, as glibc pairs them
_lock = threading.Lock()
_state: dict[str, bool] = {}


def keep_freed_memory() -> bool:
    """Set the thresholds once per process; True when they are in force (glibc)."""
    with _lock:
        if "applied" not in _state:
            _state["applied"] = _apply()
        return _state["applied"]


def _apply() -> bool:
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return False
        mallopt = ctypes.CDLL(None).mallopt
    except (ValueError, OSError, AttributeError):  # not glibc, or no such name here
        return False
    ok = mallopt(M_MMAP_THRESHOLD, MMAP_BYTES) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_BYTES) == 1
    if not ok:
        log.warning("mallopt refused the heap thresholds; imports fault more pages")
    return ok
