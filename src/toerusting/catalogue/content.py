"""Reading catalogue items from content/catalogue/*.md (Markdown with a YAML front-matter header).

The format is described in content/catalogue/FORMAT.md. Every file is read and checked before anything is
written; problems name file, line and field. Micro-modules are parsed into sections, questions with
feedback per answer, a dilemma case with discussion questions, and a reflection question.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from markdown_it import MarkdownIt

from toerusting.catalogue import taxonomy
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml_text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIELDS = {
    "slug",
    "title",
    "summary",
    "kind",
    "provider",
    "topics",
    "instruments",
    "competencies",
    "rubric",
    "audience",
    "level",
    "duration_minutes",
    "format",
    "non_partisan",
    "cost_eur",
    "language_level",
    "url",
    "source",
    "organisation",
    "sessions",
}
# Providers whose items are our own text: Toerusting's, or a kind of offer that a griffie organises itself.
OWN_PROVIDERS = taxonomy.OWN_PROVIDERS
OWN_CONTENT = "eigen inhoud"
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> str:
    """Markdown to HTML; raw HTML in content is escaped, never passed through."""
    return _markdown.render(text.strip()) if text.strip() else ""


@dataclass
class OptionRecord:
    text: str
    is_correct: bool
    feedback: str


@dataclass
class QuestionRecord:
    prompt: str
    options: list[OptionRecord]


@dataclass
class CaseRecord:
    title: str
    situation_html: str
    discussion_questions: list[str]


@dataclass
class SectionRecord:
    title: str
    body_html: str


@dataclass
class SessionRecord:
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str


@dataclass
class ItemRecord:
    path: Path
    slug: str
    title: str
    summary: str
    kind: str
    provider: str
    topics: list[str]
    instruments: list[str]
    competencies: list[str]
    rubric: str
    audience: list[str]
    level: str
    duration_minutes: int
    format: str
    non_partisan: bool
    cost_eur: float
    language_level: str
    url: str
    organisation: str
    source: str = ""
    body_html: str = ""
    body_text: str = ""
    sections: list[SectionRecord] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)
    case: CaseRecord | None = None
    reflection_prompt: str = ""
    sessions: list[SessionRecord] = field(default_factory=list)


def read_catalogue(directory: Path) -> list[ItemRecord]:
    """Read every item file in the directory; raise ContentError with all problems found."""
    if not directory.is_dir():
        raise ContentError([Problem(directory, 1, "(directory)", "catalogue directory not found")])
    reader = Reader()
    records: list[ItemRecord] = []
    for path in sorted(directory.glob("*.md")):
        if path.stem.upper() == path.stem:
            continue  # FORMAT.md, README.md: documentation, not items
        record = read_item(reader, path)
        if record is not None:
            records.append(record)
    reader.raise_if_any()
    return records


def read_item(reader: Reader, path: Path) -> ItemRecord | None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        reader.problems.append(Problem(path, 1, "(front matter)", "the file must start with a '---' line"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        reader.problems.append(Problem(path, 1, "(front matter)", "no closing '---' line"))
        return None
    try:
        header = load_yaml_text("\n".join(lines[1:end]), path, line_offset=1)
    except ContentError as exc:
        reader.problems.extend(exc.problems)
        return None
    body_start = end + 2  # 1-based line number of the first body line
    return _read_header_and_body(reader, header, lines[end + 1 :], body_start, path)


def _codes(
    reader: Reader, node: Node, name: str, allowed: set[str], *, minimum: int, maximum: int
) -> list[str]:
    value = node.get(name)
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.problem(node, name, "expected a list of codes, e.g. [financien, bestuur]")
        return []
    unknown = [v for v in value if v not in allowed]
    if unknown:
        reader.problem(node, name, f"unknown code(s): {', '.join(unknown)}")
    if len(set(value)) != len(value):
        reader.problem(node, name, "a code appears twice")
    if not minimum <= len(value) <= maximum:
        reader.problem(node, name, f"needs {minimum} to {maximum} codes, found {len(value)}")
    return [v for v in value if v in allowed]


def _read_header_and_body(
    reader: Reader, header: Node, body_lines: list[str], body_start: int, path: Path
) -> ItemRecord | None:
    before = len(reader.problems)
    reader.check_keys(header, FIELDS, "the header")
    slug = reader.key(header, "slug")
    if slug and slug != path.stem:
        reader.problem(header, "slug", f"must equal the file name without .md ({path.stem!r})")
    kind = reader.choice(header, "kind", taxonomy.codes(taxonomy.KINDS))
    duration = reader.integer(header, "duration_minutes", minimum=1) or 0
    if kind == "micro_module" and duration and not 5 <= duration <= 10:
        reader.problem(header, "duration_minutes", "a micro-module takes 5 to 10 minutes")
    cost = header.get("cost_eur", 0)
    if isinstance(cost, bool) or not isinstance(cost, int | float) or cost < 0:
        reader.problem(header, "cost_eur", f"{cost!r} is not an amount in euros")
        cost = 0
    url = reader.text(header, "url", required=False)
    if url and not re.fullmatch(r"https://[^\s]+", url):
        reader.problem(header, "url", "must be an https:// address")
    provider = reader.choice(header, "provider", taxonomy.codes(taxonomy.PROVIDERS))
    source = _source(reader, header, provider)
    record = ItemRecord(
        path=path,
        slug=slug,
        title=reader.text(header, "title", max_length=200),
        summary=reader.text(header, "summary", max_length=300),
        kind=kind,
        provider=provider,
        topics=_codes(reader, header, "topics", taxonomy.codes(taxonomy.TOPICS), minimum=1, maximum=4),
        instruments=_codes(
            reader, header, "instruments", taxonomy.codes(taxonomy.INSTRUMENTS), minimum=0, maximum=4
        ),
        competencies=_codes(
            reader, header, "competencies", taxonomy.codes(taxonomy.COMPETENCIES), minimum=1, maximum=4
        ),
        rubric=reader.choice(header, "rubric", taxonomy.codes(taxonomy.RUBRICS)),
        audience=_codes(
            reader, header, "audience", taxonomy.codes(taxonomy.AUDIENCES), minimum=1, maximum=12
        ),
        level=reader.choice(header, "level", taxonomy.codes(taxonomy.LEVELS)),
        duration_minutes=duration,
        format=reader.choice(header, "format", taxonomy.codes(taxonomy.FORMATS)),
        non_partisan=reader.boolean(header, "non_partisan", default=True),
        cost_eur=float(cost),
        language_level=reader.choice(header, "language_level", set(taxonomy.LANGUAGE_LEVELS), required=False)
        or "B1",
        url=url,
        organisation=reader.text(header, "organisation", required=False),
        source=source,
    )
    for session_node in reader.nodes(header, "sessions", required=False):
        reader.check_keys(session_node, {"starts", "ends", "location"}, "a session")
        starts = _datetime(reader, session_node, "starts")
        ends = _datetime(reader, session_node, "ends")
        location = reader.text(session_node, "location", max_length=200)
        if starts and ends:
            if ends <= starts:
                reader.problem(session_node, "ends", "a session ends after it starts")
            record.sessions.append(SessionRecord(starts, ends, location))
    if record.sessions and not record.organisation:
        reader.problem(header, "sessions", "dated sessions belong to an organisation's own item")
    _read_body(reader, record, body_lines, body_start)
    return record if len(reader.problems) == before else None


def _source(reader: Reader, header: Node, provider: str) -> str:
    """Where the item comes from: 'eigen inhoud', or the outside provider's https:// page."""
    source = reader.text(header, "source", max_length=500)
    if not source:
        return ""
    if source != OWN_CONTENT and not re.fullmatch(r"https://[^\s]+", source):
        reader.problem(header, "source", f"must be {OWN_CONTENT!r} or an https:// address, not {source!r}")
        return ""
    if source == OWN_CONTENT and provider and provider not in OWN_PROVIDERS:
        reader.problem(
            header,
            "source",
            f"an item of provider {provider!r} is not our own: give the https:// address of its page",
        )
        return ""
    return source


def _datetime(reader: Reader, node: Node, name: str) -> dt.datetime | None:
    value = reader.text(node, name)
    if not value:
        return None
    try:
        moment = dt.datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError:
        reader.problem(node, name, f"{value!r} is not a date and time (YYYY-MM-DD HH:MM)")
        return None
    return moment.replace(tzinfo=AMSTERDAM)


@dataclass
class _Block:
    title: str
    line: int
    lines: list[str]


def _split(lines: list[str], first_line: int, marker: str) -> tuple[list[str], list[_Block]]:
    """Split lines at headings that start with the marker ('## ' or '### ')."""
    intro: list[str] = []
    blocks: list[_Block] = []
    for offset, line in enumerate(lines):
        if line.startswith(marker):
            blocks.append(_Block(line[len(marker) :].strip(), first_line + offset, []))
        elif blocks:
            blocks[-1].lines.append(line)
        else:
            intro.append(line)
    return intro, blocks


def _read_body(reader: Reader, record: ItemRecord, lines: list[str], first_line: int) -> None:
    path = record.path
    if record.kind != "micro_module":
        text = "\n".join(lines)
        if len(text.strip()) < 40:
            reader.problems.append(
                Problem(path, first_line, "(body)", "describe the item in a few paragraphs")
            )
        record.body_html = render_markdown(text)
        record.body_text = text
        return
    intro, blocks = _split(lines, first_line, "## ")
    record.body_html = render_markdown("\n".join(intro))
    record.body_text = "\n".join(lines)
    for block in blocks:
        content = "\n".join(block.lines)
        if block.title == "Vragen":
            record.questions = _read_questions(reader, path, block)
        elif block.title.startswith("Casus:"):
            record.case = _read_case(reader, path, block)
        elif block.title == "Reflectie":
            record.reflection_prompt = " ".join(content.split())
        else:
            if not content.strip():
                reader.problems.append(
                    Problem(path, block.line, "(section)", f"section {block.title!r} is empty")
                )
            record.sections.append(SectionRecord(block.title, render_markdown(content)))
    if not record.sections:
        reader.problems.append(
            Problem(path, first_line, "(body)", "a micro-module needs sections ('## Title')")
        )
    if not record.questions:
        reader.problems.append(
            Problem(path, first_line, "Vragen", "a micro-module needs a '## Vragen' section")
        )
    if record.case is None:
        reader.problems.append(
            Problem(path, first_line, "Casus", "a micro-module needs a '## Casus: ...' section")
        )
    if not record.reflection_prompt:
        reader.problems.append(
            Problem(path, first_line, "Reflectie", "a micro-module needs a reflection question")
        )


OPTION = re.compile(r"^- \[( |x)\] (.+)$")


def _read_questions(reader: Reader, path: Path, block: _Block) -> list[QuestionRecord]:
    _intro, question_blocks = _split(block.lines, block.line + 1, "### ")
    questions: list[QuestionRecord] = []
    for question_block in question_blocks:
        prompt_lines: list[str] = []
        options: list[OptionRecord] = []
        line_no = question_block.line
        for offset, line in enumerate(question_block.lines):
            line_no = question_block.line + 1 + offset
            match = OPTION.match(line)
            if match:
                options.append(OptionRecord(match.group(2).strip(), match.group(1) == "x", ""))
            elif line.strip().startswith(">") and options:
                feedback = line.strip()[1:].strip()
                options[-1].feedback = f"{options[-1].feedback} {feedback}".strip()
            elif line.strip() and not options:
                prompt_lines.append(line.strip())
            elif line.strip():
                reader.problems.append(
                    Problem(
                        path,
                        line_no,
                        question_block.title,
                        "expected an answer ('- [ ] ...') or feedback ('  > ...')",
                    )
                )
        where = question_block.title
        if not prompt_lines:
            reader.problems.append(Problem(path, question_block.line, where, "the question has no text"))
        if len(options) < 2:
            reader.problems.append(
                Problem(path, question_block.line, where, "a question needs at least two answers")
            )
        if sum(option.is_correct for option in options) != 1:
            reader.problems.append(
                Problem(path, question_block.line, where, "mark exactly one answer as correct with [x]")
            )
        for number, option in enumerate(options, start=1):
            if not option.feedback:
                reader.problems.append(
                    Problem(path, question_block.line, where, f"answer {number} has no feedback ('  > ...')")
                )
        questions.append(QuestionRecord(" ".join(prompt_lines), options))
    if not questions:
        reader.problems.append(Problem(path, block.line, "Vragen", "no questions ('### Vraag 1')"))
    return questions


def _read_case(reader: Reader, path: Path, block: _Block) -> CaseRecord:
    title = block.title.removeprefix("Casus:").strip()
    situation, sub_blocks = _split(block.lines, block.line + 1, "### ")
    questions: list[str] = []
    for sub in sub_blocks:
        if sub.title != "Bespreekvragen":
            reader.problems.append(Problem(path, sub.line, "Casus", f"unexpected heading {sub.title!r}"))
            continue
        for line in sub.lines:
            match = re.match(r"^\d+[.)]\s+(.+)$", line.strip())
            if match:
                questions.append(match.group(1).strip())
    if not title:
        reader.problems.append(
            Problem(path, block.line, "Casus", "the case needs a title ('## Casus: Titel')")
        )
    if not "\n".join(situation).strip():
        reader.problems.append(Problem(path, block.line, "Casus", "describe the situation of the case"))
    if not questions:
        reader.problems.append(
            Problem(path, block.line, "Casus", "add '### Bespreekvragen' with numbered questions")
        )
    return CaseRecord(title, render_markdown("\n".join(situation)), questions)
