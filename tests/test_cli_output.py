"""What the `qa` command prints for a new user (issue 15 items 15, 16, 18): real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from qa.cli_support import building_reason

from .conftest import ROOT


def qa(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "qa.cli", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=300, env={**os.environ, **(env or {})})


def test_a_declined_answer_lists_the_passages_it_promises(index_root: Path) -> None:
    result = qa("ask", "What was Wuhan's GDP in 2024?", "-k", "3", "--index", str(index_root))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "nearest passages are listed below" in lines[0]
    ranked = [line for line in lines if line[:3] in ("1. ", "2. ", "3. ")]
    assert len(ranked) == 3 and all(":p" in line or ":preamble" in line or ":closing" in line
                                    for line in ranked), result.stdout
    as_json = json.loads(qa("ask", "What was Wuhan's GDP in 2024?", "-k", "3", "--json",
                            "--index", str(index_root)).stdout)
    ids = [p["chunk_id"] for p in as_json["passages"]]
    assert all(f" {chunk_id}  " in result.stdout for chunk_id in ids)


def test_k_has_the_apis_limit(index_root: Path) -> None:
    for command, text in (("search", "老年助餐"), ("ask", "老年助餐")):
        for k in ("0", "21", "100"):
            result = qa(command, text, "-k", k, "--index", str(index_root))
            assert result.returncode == 2 and "between 1 and 20" in result.stderr, result
    assert qa("search", "老年助餐", "-k", "20", "--index", str(index_root)).returncode == 0
    narrower = qa("search", "老年助餐", "-k", "12", "--index", str(index_root),
                  env={"QA_MAX_K": "10"})
    assert narrower.returncode == 2 and "between 1 and 10" in narrower.stderr


def test_build_if_stale_says_what_it_is_doing(tmp_path: Path) -> None:
    root = tmp_path / "index"
    result = qa("build", "--if-stale", "--out", str(root))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == f"no index in {root} yet: building it", result.stdout
    assert "Build it with" not in result.stdout and "There is no index" not in result.stdout


def test_a_rebuild_reason_drops_the_instruction(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    said = building_reason(tmp_path, f"The index at {tmp_path} cannot be read (bad). "
                           f"Rebuild it with `qa build --out {tmp_path}`.")
    assert said.startswith(f"rebuilding the index in {tmp_path}: The index at")
    assert "qa build" not in said
