"""toerusting train_matching: train the matching classifiers on the labelled corpus, write the model file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.matching import model, training
from toerusting.matching.corpus import CORPUS_DIR, CorpusError, read_corpus
from toerusting.matching.rules import rules


class Command(BaseCommand):
    help = (
        "Train the procedural, instrument and topic classifiers on corpus/*.tsv and write "
        "src/toerusting/matching/data/model.json.gz (the same corpus gives the same file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus", default=str(CORPUS_DIR), help="directory with the labelled *.tsv files"
        )
        parser.add_argument("--output", default=str(model.MODEL_PATH), help="model file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_corpus(Path(options["corpus"]))
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        data = training.train(rows, rules())
        model.write(data, Path(options["output"]))
        model.use(None)
        meta = data["meta"]
        self.stdout.write(
            f"{meta['rows']} rows from {meta['bodies']} bodies ({meta['procedural_rows']} procedural), "
            f"{len(data['features'])} features -> {options['output']}"
        )
        if meta["topics_without_examples"]:
            self.stdout.write(f"Topics without examples: {', '.join(meta['topics_without_examples'])}")
