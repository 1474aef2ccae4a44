"""Evaluation of the matching engine on labelled agenda items, beside a plain BM25 baseline, in one run.

Run: .venv/bin/python bench/eval_matching.py [LABELS.tsv] [--misses] [--timing N]
LABELS defaults to ../shared/eval/dev_agenda_items.tsv beside the repository. The catalogue is loaded into a
fresh SQLite database in a temporary directory; the engine runs through `toerusting match` (the same code
path as the command); the metrics are those of score_matching.py next to the labels.

Baseline: BM25 (bm25s) over the catalogue texts (title, summary, body) with the same Dutch stems; it predicts
the topics and the first instrument of its best-matching catalogue item, and never says "procedural".
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LABELS = ROOT.parent / "shared" / "eval" / "dev_agenda_items.tsv"


def _scorer(labels: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score_matching", labels.parent / "score_matching.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"score_matching.py not found beside {labels}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _engine(labels: Path) -> tuple[list[dict[str, Any]], float]:
    from django.core.management import call_command

    out = io.StringIO()
    start = time.perf_counter()
    call_command("match", input=str(labels), stdout=out)
    elapsed = time.perf_counter() - start
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()], elapsed


def _baseline(labels: Path) -> list[dict[str, Any]]:
    import bm25s

    from toerusting.catalogue.models import LearningItem
    from toerusting.matching import text
    from toerusting.matching.tsv import read_rows

    items = list(LearningItem.objects.published().prefetch_related("item_topics", "instruments"))
    corpus = [[text.stem(t) for t in text.tokens(f"{i.title} {i.summary} {i.body_text}")] for i in items]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    predictions = []
    for row in read_rows(labels):
        query = [text.stem(t) for t in text.tokens(f"{row.title} {row.description}")]
        best = None
        if query:
            scores = retriever.get_scores(query)
            top = int(scores.argmax())
            best = items[top] if scores[top] > 0 else None
        topics = [t.topic_id for t in sorted(best.item_topics.all(), key=lambda t: t.rank)] if best else []
        instruments = sorted(i.code for i in best.instruments.all()) if best else []
        predictions.append(
            {
                "id": row.id,
                "procedural": False,
                "topics": [{"code": code, "score": 1.0} for code in topics],
                "instrument": {"code": instruments[0], "score": 1.0} if instruments else None,
                "items": [{"slug": best.slug, "score": 1.0, "reason": ""}] if best else [],
            }
        )
    return predictions


def _score(scorer: Any, labels: Path, predictions: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("\n".join(json.dumps(p, ensure_ascii=False) for p in predictions))
    try:
        return dict(scorer.score(scorer.load_labels(str(labels)), scorer.load_predictions(f.name)))
    finally:
        os.unlink(f.name)


def _misses(scorer: Any, labels: Path, predictions: list[dict[str, Any]]) -> None:
    by_id = {p["id"]: p for p in predictions}
    for row in scorer.load_labels(str(labels)):
        p = by_id.get(row["id"], {})
        codes = [t["code"] for t in p.get("topics") or []]
        gold = [c for c in row["topics"].split(",") if c]
        inst = (p.get("instrument") or {}).get("code") or "none"
        flags = []
        if bool(p.get("procedural")) != (row["procedural"] == "yes"):
            flags.append(f"procedural={p.get('procedural')}")
        if row["procedural"] == "no":
            if not codes or codes[0] not in gold:
                flags.append(f"topic {codes[:2]} vs {gold}")
            if inst != row["instrument"]:
                flags.append(f"instrument {inst} vs {row['instrument']}")
        if flags:
            print(f"  {row['id']} {row['title'][:70]!r}: {'; '.join(flags)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("labels", nargs="?", default=str(DEFAULT_LABELS))
    parser.add_argument("--misses", action="store_true", help="list the rows the engine gets wrong")
    parser.add_argument("--timing", type=int, default=1000, help="also time the command on N rows (0: skip)")
    args = parser.parse_args()
    labels = Path(args.labels).resolve()
    if not labels.exists():
        raise SystemExit(f"labels not found: {labels} (pass the path of dev_agenda_items.tsv)")

    tmp = tempfile.mkdtemp(prefix="toerusting-eval-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'eval.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "toerusting.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)

    scorer = _scorer(labels)
    engine, _ = _engine(labels)
    baseline = _baseline(labels)
    ours, theirs = _score(scorer, labels, engine), _score(scorer, labels, baseline)
    print(f"labels: {labels}")
    print(f"{'metric':24} {'engine':>8} {'bm25':>8}")
    for key in ours:
        print(f"{key:24} {ours[key]!s:>8} {theirs[key]!s:>8}")
    gap = (ours["primary_topic"] - theirs["primary_topic"]) * 100
    print(f"{'primary topic gap':24} {gap:+7.1f} points (target: at least +20)")
    targets = {"primary_topic": 0.85, "instrument": 0.90, "procedural_recall": 0.95}
    for key, target in targets.items():
        verdict = (
            "met" if (ours[key] or 0) >= target else f"NOT met (short by {target - (ours[key] or 0):.3f})"
        )
        print(f"target {key} >= {target}: {verdict}")
    if args.misses:
        print("engine misses:")
        _misses(scorer, labels, engine)
    if args.timing:
        source = labels.read_text(encoding="utf-8").splitlines()
        header, body = source[0], [line for line in source[1:] if line.strip()]
        big = Path(tmp) / "timing.tsv"
        rows = [body[i % len(body)] for i in range(args.timing)]
        big.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        _, elapsed = _engine(big)
        print(
            f"toerusting match on {args.timing} rows: {elapsed:.2f} s (index built once, inside the command)"
        )


if __name__ == "__main__":
    main()
