"""The documents a new user reads are true to the repository (issue 15 item 17)."""

from __future__ import annotations

import re
import subprocess

from .conftest import ROOT

DOCS = ["README.md", "SECURITY.md", "CHANGELOG.md", "docs/architecture.md", "bench/README.md"]


def tracked_text_files() -> list[str]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    return [n for n in names if n.endswith((".py", ".md", ".toml", ".js", ".html"))]


def test_no_file_cites_a_document_that_is_not_there() -> None:
    for name in tracked_text_files():
        text = (ROOT / name).read_text(encoding="utf-8")
        for cited in set(re.findall(r"\b((?:docs/)?[A-Za-z_-]+\.md)\b", text)):
            if "/" in cited or cited[0].isupper():  # README.md, docs/architecture.md …
                candidates = [ROOT / cited, ROOT / "docs" / cited, ROOT / "bench" / cited,
                              ROOT / "index" / cited]
                assert any(path.is_file() for path in candidates), (name, cited)


def test_the_architecture_document_names_modules_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:qa|api)/[\w/]+\.(?:py|js))`", text))
    assert len(named) > 20
    for path in named:
        assert (ROOT / path).is_file(), path
    for heading in ("## Data flow", "## Contracts", "### The index folder", "## Gold files"):
        assert heading in text


def test_readme_commands_use_the_projects_venv_and_document_make_variables() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```bash\n(.*?)```", readme, re.S):
        for line in block.splitlines():
            command = re.sub(r"^(\w+=\S+\s+)+", "", line.strip())  # VAR=value prefixes
            assert not re.match(r"(pip|qa)\s", command), line  # .venv/bin/pip, .venv/bin/qa
    assert "make run PORT=" in readme
    assert "\ncached. `make bench`" not in readme  # the stray fragment
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "PORT ?=" in makefile and "HOST ?=" in makefile
