"""What unauthenticated replies may say about the machine: no absolute paths.

`/readyz`, `/healthz` and the 503 of every /v1 endpoint are open to anyone, and the
library's messages name files (`There is no index at /srv/qa/index …`). The log keeps the
full message; a reply gets each absolute path cut to `…/` and its last part, which still
tells an operator which file or folder it is about.
"""

from __future__ import annotations

import re

# An absolute POSIX path: starts at a '/' not inside a word, a path or a URL's '//', runs
# to whitespace or a quote; a closing '.', ',', ';', ':' or ')' is left out.
_ABSOLUTE = re.compile(r"(?<![\w.~/-])(?!//)/[^\s'\"`]*[^\s'\"`.,;:)]")


def public(text: str) -> str:
    """text with every absolute path replaced by `…/LAST` (its last part)."""
    return _ABSOLUTE.sub(_short, text)


def _short(match: re.Match[str]) -> str:
    parts = [part for part in match.group(0).split("/") if part]
    return "…/" + parts[-1] if parts else "/"
