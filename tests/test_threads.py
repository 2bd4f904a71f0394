"""Thread settings of the native libraries: per worker, passive waiting, user's choice kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.threads import (
    THREAD_VARS,
    WAIT_POLICY,
    available_cores,
    configure_threads,
    threads_per_process,
)


def test_threads_share_the_cores_among_workers() -> None:
    assert threads_per_process(1, cores=2) == 2
    assert threads_per_process(2, cores=2) == 1
    assert threads_per_process(3, cores=8) == 2
    assert threads_per_process(4, cores=2) == 1  # never 0
    assert threads_per_process(2, threads=3, cores=2) == 3  # an explicit count wins
    assert threads_per_process() == available_cores() >= 1


def test_configure_sets_what_is_missing_and_waits_passively() -> None:
    env: dict[str, str] = {}
    in_force = configure_threads(2, env=env)
    expected = str(max(1, available_cores() // 2))
    assert all(env[name] == expected for name in THREAD_VARS)
    assert env[WAIT_POLICY] == "passive"
    assert in_force == env


def test_the_users_variables_stay_unless_threads_is_given() -> None:
    env = {"OMP_NUM_THREADS": "7", WAIT_POLICY: "active"}
    configure_threads(2, env=env)
    assert env["OMP_NUM_THREADS"] == "7" and env[WAIT_POLICY] == "active"
    configure_threads(2, threads=3, env=env)
    assert all(env[name] == "3" for name in THREAD_VARS)
    spin = {"GOMP_SPINCOUNT": "1000"}
    configure_threads(1, env=spin)
    assert WAIT_POLICY not in spin  # a chosen spin count is a wait policy of its own


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
    for name in (*THREAD_VARS, WAIT_POLICY, "GOMP_SPINCOUNT", "QA_THREADS"):
        monkeypatch.delenv(name, raising=False)
    server = server_factory("--workers", "2")
    workers = _children(server.process.pid)
    workers = [pid for pid in workers if "OMP_NUM_THREADS" in _environ(pid)]
    assert len(workers) >= 2, server.output()
    expected = str(max(1, available_cores() // 2))
    for pid in workers:
        env = _environ(pid)
        assert env["OMP_NUM_THREADS"] == expected and env[WAIT_POLICY] == "passive"


@pytest.mark.slow
def test_qa_threads_setting_overrides_the_environment(server_factory) -> None:
    server = server_factory("--workers", "2", env={"QA_THREADS": "1", "OMP_NUM_THREADS": "5"})
    workers = [pid for pid in _children(server.process.pid)
               if "OMP_NUM_THREADS" in _environ(pid)]
    assert workers, server.output()
    assert all(_environ(pid)["OMP_NUM_THREADS"] == "1" for pid in workers)
