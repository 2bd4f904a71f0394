"""The `qa` command as a user runs it: a real process, the real bundled model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS, ROOT, seed_id


def qa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=300)


def test_search_ranks_meal_service_measure_first(index_root: Path) -> None:
    result = qa("search", "老年助餐机构", "-k", "5", "--index", str(index_root))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "p3-s3-m3" in first and "三是推进老年助餐服务" in first
    ranked = json.loads(qa("search", "老年助餐机构", "--json", "--index", str(index_root)).stdout)
    assert ranked[0]["chunk_id"] == seed_id("p3-s3-m3") and len(ranked) == 5
    assert ranked[0]["score"] >= ranked[1]["score"]


def test_ask_prints_answer_and_citation(index_root: Path) -> None:
    result = qa("ask", "老年助餐机构建成了多少个", "--index", str(index_root), "--json")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["citations"][0]["chunk_id"] == seed_id("p3-s3-m3")
    source = CORPUS.read_text(encoding="utf-8")
    citation = reply["citations"][0]
    assert source[citation["start"]:citation["end"]] == citation["quote"]


def test_build_if_stale_skips_a_fresh_index(index_root: Path) -> None:
    result = qa("build", "--if-stale", "--out", str(index_root))
    assert result.returncode == 0 and "up to date" in result.stdout


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    result = qa("search", "老年助餐", "--index", str(tmp_path / "none"))
    assert result.returncode == 4
    assert "qa build" in result.stderr and "Traceback" not in result.stderr


def test_bad_input_exit_codes(index_root: Path, tmp_path: Path) -> None:
    empty = qa("ask", "   ", "--index", str(index_root))
    assert empty.returncode == 2 and "empty" in empty.stderr
    corpus = qa("build", "--corpus", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "i"))
    assert corpus.returncode == 3 and "does not exist" in corpus.stderr
    assert not (tmp_path / "i" / "current").exists()


def test_help_lists_commands() -> None:
    result = qa("--help")
    assert result.returncode == 0
    for command in ("build", "search", "ask", "serve"):
        assert command in result.stdout


def test_build_a_folder_of_documents_lists_them_and_scopes_questions(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "bulletin.txt").write_text(CORPUS.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "sub" / "notes.md").write_text(
        "# 某某县2026年工作要点\n一、总体目标\n全县新建农村公路120公里，改造危房300户，"
        "新增城镇就业岗位4500个，年底前完成。\n", encoding="utf-8")
    (corpus / "sub" / "broken.docx").write_bytes(b"not a zip file at all")
    root = tmp_path / "index"
    built = qa("build", "--corpus", str(corpus), "--out", str(root))
    assert built.returncode == 0, built.stderr
    assert "broken.docx" in built.stderr and "skipped" in built.stderr  # named, not fatal
    assert "2 documents" in built.stdout
    listed = json.loads(qa("documents", "--index", str(root), "--json").stdout)
    assert [d["doc_id"] for d in listed] == ["bulletin", "notes"]
    reply = json.loads(qa("ask", "新建农村公路多少公里？", "--doc", "notes", "--index", str(root),
                          "--json").stdout)
    assert "120" in reply["answer"] and reply["citations"][0]["doc_id"] == "notes"
    assert reply["citations"][0]["chunk_id"].startswith("notes:")
    strict = qa("build", "--corpus", str(corpus), "--out", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 3 and "broken.docx" in strict.stderr
    unknown = qa("ask", "公路", "--doc", "nope", "--index", str(root))
    assert unknown.returncode == 2 and "Unknown document" in unknown.stderr


def test_the_qa_library_never_imports_the_service() -> None:
    """api builds on qa, never the other way: `qa serve` is added by the api package through
    the `qa.commands` entry point."""
    import ast

    offending = []
    for path in sorted((ROOT / "qa").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level \
                else []
            offending += [f"{path.relative_to(ROOT)}: {name}" for name in names
                          if name == "api" or name.startswith("api.")]
    assert offending == []
    result = qa("serve", "--help")
    assert result.returncode == 0 and "--workers" in result.stdout


def test_a_command_that_cannot_load_is_reported_and_the_others_still_work(
        monkeypatch, capsys) -> None:
    import importlib.metadata

    from qa import cli

    broken = importlib.metadata.EntryPoint("broken", "no_such_module:add", cli.PLUGIN_GROUP)
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group: [broken] if group == cli.PLUGIN_GROUP else [])
    parser = cli._parser()
    assert "the `broken` command could not be loaded" in capsys.readouterr().err
    assert parser.parse_args(["documents"]).handler is not None
