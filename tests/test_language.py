"""The plain-language check of the content (scripts/check_language.py) passes and notices what it should."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_language.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_language", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_all_content_passes_the_language_check() -> None:
    assert load().main([]) == 0


def test_long_sentences_unexplained_jargon_and_a_long_micro_module_are_reported(tmp_path: Path) -> None:
    check = load()
    check.ROOT = tmp_path
    item = tmp_path / "mm-test.md"
    long_sentence = " ".join(["woord"] * 26) + "."
    filler = "\n".join(["Korte zin met vijf woorden."] * 300)
    item.write_text(
        f"---\nslug: mm-test\nkind: micro_module\n---\n{long_sentence}\nDe BBV is lastig.\n{filler}\n",
        encoding="utf-8",
    )
    messages = [finding.message for finding in check.check_file(item)]
    assert any("sentence of 26 words" in m for m in messages)
    assert any("jargon 'BBV'" in m for m in messages)
    assert any("micro-module of" in m for m in messages)
    quoted = tmp_path / "quoted.md"
    text = f'---\nkind: handreiking\n---\nHet besluit luidt: "{long_sentence}"\n'
    quoted.write_text(text, encoding="utf-8")
    assert check.check_file(quoted) == []
