"""`ask`, `eval` and `models`: plain-English questions from the command line, and how well they go."""
from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date
from pathlib import Path

from cli import CliError, Context, print_json
from config.settings import PROJECT_ROOT
from core.engine.periods import parse_iso
from core.governance.policy import Actor
from core.questions.answer import Answer
from core.questions.evaluation import load_questions
from core.engine.formatting import format_value

DEFAULT_QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
EVAL_DATASET_END = date(2026, 10, 31)


def register(sub: argparse._SubParsersAction) -> None:
    ask = sub.add_parser("ask", help="answer a question in plain English")
    ask.add_argument("question", nargs="?", help="the question (or use --file)")
    ask.add_argument("--file", type=Path, help="one question per line; prints JSON Lines with --json")
    ask.add_argument("--as-of", type=_iso_date, help="resolve 'last month' etc. against this date (YYYY-MM-DD)")
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(handler=run_ask)

    evaluate = sub.add_parser("eval", help="measure accuracy and confidence on the evaluation question set")
    evaluate.add_argument("--no-model", action="store_true", help="rules only, to see what the model adds")
    evaluate.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    evaluate.add_argument("--output", type=Path, default=Path("eval-output"),
                          help="directory for per-question results and the risk-coverage table")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=run_evaluation)

    models = sub.add_parser("models", help="which language models were found, which is used and why")
    models.add_argument("--json", action="store_true")
    models.set_defaults(handler=run_models)


def _iso_date(text: str) -> date:
    try:
        return parse_iso(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def run_ask(args: argparse.Namespace, ctx: Context) -> int:
    if bool(args.question) == bool(args.file):
        raise CliError("give either a question or --file QUESTIONS.txt")
    if args.file:
        if not args.file.is_file():
            raise CliError(f"{args.file} is not a file")
        questions = [line.strip() for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        questions = [args.question]
    actor = Actor.cli()
    ctx.service.warm_up()  # loading and the fixed prompt are paid once, outside every answer's time limit
    for question in questions:
        answer = ctx.service.ask(question, actor, as_of=args.as_of).answer
        if args.json:
            print_json(answer.to_json())
        else:
            print(_answer_text(answer))
    return 0


def _answer_text(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.answered and answer.result is not None:
        rows = answer.result.rows[:20]
        width = max((len(row.label) for row in rows), default=0)
        lines += [f"  {row.label:<{width}}  {format_value(row.value, answer.result.unit)}" for row in rows]
        lines.append(f"How: {answer.explanation}")
        lines.append(f"Confidence: {answer.confidence:.2f}" + ("  — NEEDS REVIEW" if answer.needs_review else ""))
        lines += [f"  - {reason}" for reason in answer.review_reasons]
    lines.append(f"({answer.model}, {answer.latency_ms} ms)")
    return "\n".join(lines) + "\n"


def run_evaluation(args: argparse.Namespace, ctx: Context) -> int:
    """Loads the sample dataset into a throw-away data dir, then answers every question of the set."""
    from core.service import Service
    from sandbox.sample_data import write_sample_dataset

    if not args.questions.is_file():
        raise CliError(f"question set {args.questions} not found")
    questions = load_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="moat-eval-") as tmp:
        settings = ctx.settings.model_copy(update={"data_dir": Path(tmp) / "data", "database_url": None})
        service = Service(settings, load_language_model=not args.no_model)
        for path in write_sample_dataset(Path(tmp) / "sample", end=EVAL_DATASET_END):
            service.upload(path, path.name, Actor.cli())
        service.warm_up()
        report = service.evaluate(questions, rules_only=args.no_model)
        model_name = "rules only" if args.no_model else service.model_name
        service.close()
    args.output.mkdir(parents=True, exist_ok=True)
    suffix = "no-model" if args.no_model else "model"
    with (args.output / f"results-{suffix}.jsonl").open("w", encoding="utf-8") as out:
        for outcome in report.outcomes:
            out.write(json.dumps(outcome.to_json(), default=str) + "\n")
    (args.output / f"risk-coverage-{suffix}.json").write_text(json.dumps(report.risk_coverage(), indent=2))
    summary = {**report.summary(), "model": model_name, "output": str(args.output)}
    if args.json:
        print_json({"summary": summary, "risk_coverage": report.risk_coverage()})
    else:
        for key, value in summary.items():
            print(f"{key:>26}: {value}")
        print("\nrisk-coverage (most confident first):")
        for row in report.risk_coverage():
            print(f"  coverage {row['coverage']:>5.0%}  min confidence {row['min_confidence']:.2f}  "
                  f"errors {row['errors']:>3}/{row['answers']:<3}  risk {row['risk']:.3f}")
        for outcome in report.confidently_wrong:
            print(f"CONFIDENTLY WRONG {outcome.question.id}: {outcome.question.question!r}: {outcome.why}")
    return 0


def run_models(args: argparse.Namespace, ctx: Context) -> int:
    from core.llm.discovery import choose_model, find_models

    settings = ctx.settings
    candidates = find_models(settings.model_path, settings.models_dir)
    if settings.llm_url:
        chosen = {"name": "OpenAI-compatible server", "source": settings.llm_url}
        reasons = [f"MOAT_LLM_URL is set: questions go to {settings.llm_url}"]
        rejected: list = []
    else:
        choice = choose_model(candidates)
        chosen = ({"name": choice.candidate.name, "path": str(choice.candidate.path)}
                  if choice.candidate else None)
        reasons = list(choice.reasons)
        rejected = [{"name": c.name, "path": str(c.path), "why": why} for c, why in choice.rejected]
    document = {"found": [{"name": c.name, "path": str(c.path), "size_bytes": c.size_bytes, "source": c.source}
                          for c in candidates],
                "chosen": chosen, "reasons": reasons, "rejected": rejected}
    if args.json:
        print_json(document)
        return 0
    print("Found:")
    for c in document["found"] or [{"name": "nothing", "path": "", "size_bytes": 0, "source": ""}]:
        print(f"  {c['name']}  {c['path']}  {c['size_bytes'] / 1e6:.0f} MB  ({c['source']})")
    print(f"Chosen: {chosen['name'] if chosen else 'none (rules only)'}")
    for reason in reasons:
        print(f"  - {reason}")
    for item in rejected:
        print(f"  not used: {item['name']}: {item['why']}")
    return 0
