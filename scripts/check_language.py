"""Plain-language check of the Dutch content (issue 16), run by `make check`.

Reports, per file and line:
- sentences of more than 25 words (taalniveau B1: short sentences);
- jargon from the list below that an item uses without explaining it (the item must also contain one of the
  explanations given for the term, for instance "Besluit begroting en verantwoording" next to "BBV");
- micro-modules over the reading budget: at most 1150 words in the body (sections, questions, feedback,
  case and practice task together: at about 150 words a minute some eight minutes of reading, leaving time
  to answer and reflect within the ten minutes a micro-module may take).

Exit status 1 when anything is reported, so CI fails; `--report` prints the findings and exits 0.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = [ROOT / "content" / "catalogue", ROOT / "content" / "demo" / "catalogue"]
MAX_WORDS_PER_SENTENCE = 25
MICRO_MODULE_WORD_BUDGET = 1150

# Term (matched as a whole word, case-sensitive) -> explanations; one of them must appear in the same item.
JARGON: dict[str, tuple[str, ...]] = {
    "BBV": ("Besluit begroting en verantwoording",),
    "Wgr": ("Wet gemeenschappelijke regelingen",),
    "GR": ("gemeenschappelijke regeling",),
    "RES": ("regionale energiestrategie",),
    "VTH": ("vergunningverlening, toezicht en handhaving",),
    "IHP": ("huisvestingsplan",),
    "VOG": ("verklaring omtrent het gedrag",),
    "Woo": ("Wet open overheid",),
    "APV": ("plaatselijke verordening",),
    "OZB": ("onroerendezaakbelasting", "onroerende-zaakbelasting"),
    "vve": ("voorschoolse educatie",),
    "GS": ("Gedeputeerde Staten",),
    "PS": ("Provinciale Staten",),
    "RIB": ("raadsinformatiebrief",),
    "BOA": ("buitengewoon opsporingsambtenaar", "handhavers"),
    "Bibob": ("integriteitsbeoordeling", "criminele"),
    "grex": ("grondexploitatie",),
    "AB": ("algemeen bestuur",),
    "DB": ("dagelijks bestuur",),
    "COA": ("Centraal Orgaan opvang asielzoekers", "opvang"),
    "GGD": ("gezondheid",),
    "DSO": ("Digitaal Stelsel Omgevingswet",),
    "AVG": ("Algemene verordening gegevensbescherming",),
    "kostentoedeling": ("wie welk deel", "wie betaalt"),
    "preadvies": ("oordeel",),
    "dictum": ("verzoekt", "besluitende", "wat de raad", "draagt het college op", "besluit:"),
}
ABBREVIATIONS = re.compile(
    r"\b(bijv|bv|o\.a|art|nr|ca|max|min|incl|enz|e\.d|m\.b\.t|t\.o\.v|z\.s\.m)\.", re.I
)
WORD = re.compile(r"[0-9A-Za-zÀ-ÿ][0-9A-Za-zÀ-ÿ'\u2019.,-]*")


@dataclass
class Finding:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.message}"


def body_lines(text: str) -> tuple[list[tuple[int, str]], str]:
    """The lines of the body (after the front matter), with line numbers, and the header text."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return [(i + 1, line) for i, line in enumerate(lines) if i > end], "\n".join(lines[1:end])


def plain(line: str) -> str:
    line = re.sub(r"^\s*(#+|[-*]\s+\[[ x]\]|[-*]|>|\d+[.)])\s*", "", line)
    return line.replace("**", "").replace("`", "")


def sentences(line: str) -> list[str]:
    # Quoted text (a model dictum, a line of dialogue) is cited as written, not counted.
    line = re.sub(r'"[^"]*"|“[^”]*”', '""', line)
    protected = ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "§"), line)
    return [part for part in re.split(r"(?<=[.!?;:])\s+", protected) if part.strip()]


def header_texts(header: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(header.split("\n"), start=2):
        match = re.match(r"^(title|summary):\s*(.+)$", line)
        if match:
            found.append((number, match.group(2).strip().strip('"')))
    return found


def check_file(path: Path) -> list[Finding]:
    text = path.read_text(encoding="utf-8")
    body, header = body_lines(text)
    findings: list[Finding] = []
    for number, line in header_texts(header) + [(n, plain(raw)) for n, raw in body]:
        for sentence in sentences(line):
            words = WORD.findall(sentence)
            if len(words) > MAX_WORDS_PER_SENTENCE:
                findings.append(
                    Finding(
                        path,
                        number,
                        f"sentence of {len(words)} words (max {MAX_WORDS_PER_SENTENCE}): "
                        f"{' '.join(words[:8])} ...",
                    )
                )
    everything = header + "\n" + "\n".join(line for _n, line in body)
    lowered = everything.lower()
    for term, explanations in JARGON.items():
        hit = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", everything)
        if hit and not any(explanation.lower() in lowered for explanation in explanations):
            line = everything[: hit.start()].count("\n") + 2
            findings.append(
                Finding(path, line, f"jargon {term!r} is not explained (add: {explanations[0]!r})")
            )
    if re.search(r"^kind:\s*micro_module\s*$", header, re.M):
        words = len(WORD.findall("\n".join(plain(line) for _n, line in body)))
        if words > MICRO_MODULE_WORD_BUDGET:
            findings.append(
                Finding(path, 1, f"micro-module of {words} words (budget {MICRO_MODULE_WORD_BUDGET})")
            )
    return findings


def main(argv: list[str]) -> int:
    findings = [
        finding
        for directory in CONTENT
        for path in sorted(directory.glob("*.md"))
        if path.stem.upper() != path.stem
        for finding in check_file(path)
    ]
    for finding in findings:
        print(finding)
    files = sum(
        1 for directory in CONTENT for path in directory.glob("*.md") if path.stem.upper() != path.stem
    )
    print(f"language check: {files} files, {len(findings)} finding(s)", file=sys.stderr)
    return 0 if "--report" in argv or not findings else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
