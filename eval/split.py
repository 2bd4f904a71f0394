"""Split blind-written gold items into dev and test by a fixed hash of their ids.

    python eval/split.py OUT_PREFIX FILE [FILE ...]

writes OUT_PREFIX-dev.jsonl and OUT_PREFIX-test.jsonl (eval/dev.jsonl and eval/test.jsonl were
written as eval/bulletin-*.jsonl and renamed). An item goes to test when the first
hex digit of sha256(id) is 8 or more (about half), so the split never depends on the order
of the files, on their other items or on anyone's judgement, and an item never moves.
Tune on dev; read test only as aggregate figures (README, "Evaluate").
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def is_test(item_id: str) -> bool:
    return hashlib.sha256(item_id.encode("utf-8")).hexdigest()[0] >= "8"


def main(prefix: str, files: list[str]) -> None:
    dev, test = [], []
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                (test if is_test(item["id"]) else dev).append(line.strip())
    for suffix, lines in (("dev", dev), ("test", test)):
        Path(f"{prefix}-{suffix}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{prefix}-{suffix}.jsonl: {len(lines)} items")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
