"""Checks on text that comes from users, shared by every entry point (CLI, API, library),
and the character classes the question analysis and the word tables share."""

from __future__ import annotations

import re

from .errors import InvalidInputError

# Chinese characters (the CJK blocks a question or a report is written in).
CJK_RE = re.compile(r"[\u3400-\u9fff]")

# C0/C1 control characters that are not whitespace, and lone surrogates (which Python
# strings can hold but no UTF-8 text can): nothing a question needs, and trouble for
# anything downstream (logs, terminals, C libraries, an LLM prompt).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def refuse_control_characters(text: str) -> None:
    """InvalidInputError naming the first control character or lone surrogate of text."""
    found = _FORBIDDEN.search(text)
    if found:
        raise InvalidInputError(f"The question contains the control character "
                                f"U+{ord(found.group()):04X} at position {found.start()}; "
                                "send plain text.")
