"""`qa eval`: its options, and the glue from options to a run, its files and the gate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..settings import Settings
from .thresholds import GATED_CONFIG, GATES

DEFAULT_GOLD = Path("eval/gold.jsonl")
DEFAULT_OUT = Path("eval/reports/latest")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, metavar="FILE",
                        help=f"gold file, one JSON object a line (default {DEFAULT_GOLD})")
    parser.add_argument("--k", type=int, default=10,
                        help="passages ranked per question for retrieval metrics (default 10)")
    parser.add_argument("--answer-k", type=int, default=5, metavar="K",
                        help="passages the answerer gets (default 5, as `qa ask`)")
    parser.add_argument("--out", dest="out_dir", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"folder for report.md, metrics.json, predictions.jsonl, "
                             f"chart.png (default {DEFAULT_OUT})")
    parser.add_argument("--config", dest="configs", action="extend", nargs="+",
                        metavar="NAME", help="configurations to run: full, dense, bm25, "
                        "fixed300 (default: all)")
    parser.add_argument("--dialogues", type=Path, metavar="FILE",
                        help="score conversations instead (docs/dialogue-writers.md): each "
                        "turn asked with the service's own earlier answers as history; "
                        "--thresholds then takes "
                        "min-followup-answer-accuracy, min-scope-accuracy, …")
    parser.add_argument("--index", type=Path, help="index root folder (default: index)")
    parser.add_argument("--embedder", help="embedder the index was built with")
    parser.add_argument("--thresholds", type=Path, metavar="FILE",
                        help="TOML file of thresholds (e.g. eval/thresholds.toml)")
    gate = parser.add_argument_group(
        f"quality gate (applies to the {GATED_CONFIG} configuration; exit code 5 when missed; "
        "a flag overrides --thresholds)")
    for name, (metric, kind) in GATES.items():
        word = "at least" if kind == "min" else "at most"
        gate.add_argument(f"--{name}", type=float, metavar="X", dest=_dest(name),
                          help=f"{metric.replace('{k}', 'K')} must be {word} X (0..1)")


def _dest(name: str) -> str:
    return "gate_" + name.replace("-", "_")


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.dialogues is not None:
        return run_dialogue_eval(args, settings)
    from ..errors import InvalidInputError
    from .chart import CHART, write_chart
    from .gold import load_gold
    from .report import stdout_text, write_report
    from .runner import choose_configs, evaluate
    from .thresholds import check_threshold, enforce, judge, load_thresholds

    items = load_gold(args.gold)
    thresholds = load_thresholds(args.thresholds) if args.thresholds else {}
    for name in GATES:
        value = getattr(args, _dest(name))
        if value is not None:
            thresholds[name] = check_threshold(name, value)
    configs = choose_configs(args.configs)
    if thresholds and GATED_CONFIG not in configs:
        raise InvalidInputError(f"Thresholds apply to the {GATED_CONFIG} configuration; "
                                f"add --config {GATED_CONFIG} or drop the thresholds.")
    try:  # before the run, so a bad folder costs nothing
        args.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"Cannot write reports to {args.out_dir}: {exc}.") from exc

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = evaluate(items, settings, configs, k=args.k, answer_k=args.answer_k,
                      gold_path=args.gold, progress=progress)
    by_language = {lang: configs_[GATED_CONFIG]
                   for lang, configs_ in result.splits.get("lang", {}).items()}
    verdicts = judge(result.overall[GATED_CONFIG], thresholds, args.k, by_language) \
        if thresholds else []
    written = write_report(result, verdicts, args.out_dir)
    try:
        written.append(write_chart(result, args.out_dir / CHART))
    except ImportError:
        progress("warning: no chart: matplotlib is missing (pip install -e '.[eval]')")
    print(stdout_text(result, verdicts))
    print("wrote " + ", ".join(str(path) for path in written))
    enforce(verdicts)
    return 0


def run_dialogue_eval(args: argparse.Namespace, settings: Settings) -> int:
    """`qa eval --dialogues FILE`: the conversations' table, predictions and gate."""
    import json
    import tomllib

    from ..errors import InvalidInputError
    from .dialogue_run import (
        DIALOGUE_GATES,
        dialogue_text,
        judge_dialogues,
        run_dialogues,
        summarise_dialogues,
        write_predictions,
    )
    from .dialogues import load_dialogues
    from .thresholds import enforce

    dialogues = load_dialogues(args.dialogues)
    thresholds: dict[str, float] = {}
    if args.thresholds:
        try:
            thresholds = tomllib.loads(args.thresholds.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInputError(f"Thresholds file {args.thresholds} cannot be read: "
                                    f"{exc}.") from exc
        unknown = [n for n, v in thresholds.items() if n not in DIALOGUE_GATES
                   or isinstance(v, bool) or not isinstance(v, int | float)]
        if unknown:
            raise InvalidInputError(f"Unknown or non-numeric dialogue threshold(s) "
                                    f"{', '.join(unknown)} in {args.thresholds}; known: "
                                    f"{', '.join(DIALOGUE_GATES)}.")
    try:
        args.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"Cannot write reports to {args.out_dir}: {exc}.") from exc
    outcomes = run_dialogues(dialogues, settings, k=args.k, answer_k=args.answer_k,
                             progress=lambda m: print(m, file=sys.stderr, flush=True))
    summary = summarise_dialogues(outcomes)
    verdicts = judge_dialogues(summary, thresholds)
    print(f"Dialogues: {args.dialogues} ({len(dialogues)} conversations)")
    print(dialogue_text(summary))
    for verdict in verdicts:
        print(("PASS " if verdict.passed else "FAIL ") + str(verdict))
    (args.out_dir / "metrics.json").write_text(json.dumps(summary, indent=2) + "\n",
                                                encoding="utf-8")
    written = write_predictions(outcomes, args.out_dir / "predictions.jsonl")
    print(f"wrote {args.out_dir / 'metrics.json'}, {written}")
    enforce(verdicts)
    return 0
