"""Index build time and peak memory: `qa build` of the bundled bulletin in a fresh folder.

    python bench/build_bench.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, save, table


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="qa-bench-build-") as out:
        began = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "qa.cli", "build", "--out", out],
                                   cwd=ROOT, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"qa build failed with {process.returncode}")
        size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    result = {"build_s": seconds, "peak_rss_mb": usage.ru_maxrss / 1024,
              "index_kb": size / 1024}
    save("build.json", result)
    print(table("Index build (qa build, bundled bulletin, fresh folder)", ["measure", "value"],
                [["wall time, s (process start to exit)", seconds],
                 ["peak RSS, MB", result["peak_rss_mb"]],
                 ["index size on disk, KB", result["index_kb"]]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
