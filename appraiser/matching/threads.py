"""One thread per kernel call in a process that matches photos.

Matching multiplies small matrices (a photo's ~1,500 descriptors against one
reference's ~500, a 128×64 projection) and searches faiss with one photo at a time.
OpenBLAS and OpenMP spread such calls over every core and then *spin* waiting for each
other; on the 2-core bench PC, shared with camera, UI and other jobs, that cost 10–17×
the CPU time of the work itself (measured: a reference's 64-D projection 2.6 → 0.15 ms
CPU, one ratio test 8.0 → 1.2 ms, its VLAD vector 11.4 → 0.7 ms; faiss voting 30 → 25 ms)
and made wall time worse too. Parallelism where it pays is explicit instead: the
importer extracts features on a thread pool.
"""

from __future__ import annotations

import threading

import faiss
from threadpoolctl import threadpool_limits

_done = threading.Event()
_lock = threading.Lock()
_thread = threading.local()


def limit_kernels() -> None:
    """Limit BLAS (process-wide, once) and faiss's OpenMP (per thread: OpenMP keeps the
    setting in each calling thread, and a thread that never set it uses every core) to
    one thread each. Cheap enough to call before every search."""
    if not getattr(_thread, "limited", False):
        faiss.omp_set_num_threads(1)
        _thread.limited = True
    if _done.is_set():
        return
    with _lock:
        if _done.is_set():
            return
        threadpool_limits(1, user_api="blas")
        _done.set()
