"""Reading a provider's offer from a feed: schema.org Course / CourseInstance in JSON-LD, or EDU-DEX
programme XML. Both are read into the same plain data (a dict per item, see `check`), with a problem per
item and field for what cannot be read; a bad item never stops the good ones (the import is atomic per
item), a feed that cannot be read at all raises FeedError and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils import timezone

from toerusting.catalogue import selectors as catalogue_selectors

TAXONOMY = catalogue_selectors.TAXONOMY
MAX_ITEMS = 2000


class FeedError(Exception):
    """The feed as a whole cannot be read (not JSON/XML, no courses); nothing is changed."""


@dataclass
class FeedItem:
    key: str
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _lookup(terms: Any, value: str) -> str | None:
    wanted = value.strip().casefold()
    for term in terms:
        if wanted in (term.code.casefold(), term.nl.casefold(), term.en.casefold()):
            return str(term.code)
    return None


class _Reader:
    """Collects the problems of one item, naming the item and the field."""

    def __init__(self, item: FeedItem) -> None:
        self.item = item

    def problem(self, field_name: str, message: str) -> None:
        self.item.problems.append(f"{self.item.key}: {field_name}: {message}")

    def terms(self, field_name: str, values: list[str], *vocabularies: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {name: [] for name in vocabularies}
        for value in values:
            for name in vocabularies:
                code = _lookup(TAXONOMY[name], value)
                if code is not None:
                    if code not in found[name]:
                        found[name].append(code)
                    break
            else:
                self.problem(field_name, f"{value!r} is not a known {' or '.join(vocabularies)}")
        return found


DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


def _duration_minutes(value: str) -> int | None:
    match = DURATION.match(value.strip().upper())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return days * 8 * 60 + hours * 60 + minutes  # a day of training counts as eight hours


def _datetime(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _price(value: Any) -> Decimal | None:
    try:
        price = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return price.quantize(Decimal("0.01")) if price.is_finite() and price >= 0 else None


def check(reader: _Reader, data: dict[str, Any]) -> None:
    """The rules every item meets, whatever its source (the form checks the same through its fields)."""
    if not data.get("title"):
        reader.problem("title", "missing")
    elif len(data["title"]) > 200:
        reader.problem("title", "longer than 200 characters")
    if not data.get("summary"):
        reader.problem("summary", "missing")
    elif len(data["summary"]) > 300:
        reader.problem("summary", "longer than 300 characters")
    if len(data.get("description", "")) < 40:
        reader.problem("description", "shorter than 40 characters")
    if not data.get("topics"):
        reader.problem("topics", "no known topic")
    elif len(data["topics"]) > 4:
        reader.problem("topics", "more than four topics")
    if not data.get("audience"):
        reader.problem("audience", "no known audience role")
    if not 1 <= int(data.get("duration_minutes") or 0) <= 2880:
        reader.problem("duration", "missing or not between 1 minute and 2 days")
    if data.get("url") and not str(data["url"]).startswith("https://"):
        reader.problem("url", "not an https:// address")
    for n, session in enumerate(data.get("sessions", []), start=1):
        if session["ends_at"] <= session["starts_at"]:
            reader.problem(f"session {n}", "ends before it starts")
        if not session["location"]:
            reader.problem(f"session {n}", "no location")


def _serialise(data: dict[str, Any]) -> dict[str, Any]:
    """The data as stored (JSON): tags without a rank sorted, so that the same feed gives the same data."""
    for name in ("instruments", "competencies", "audience"):
        data[name] = sorted(data[name])
    data["cost_eur"] = str(data["cost_eur"])
    data["sessions"] = sorted(
        (
            {
                **s,
                "starts_at": timezone.localtime(s["starts_at"]).isoformat(),
                "ends_at": timezone.localtime(s["ends_at"]).isoformat(),
            }
            for s in data["sessions"]
        ),
        key=lambda s: (s["starts_at"], s["location"]),
    )
    return data


# schema.org JSON-LD -------------------------------------------------------------------------------------

COURSE_MODES = {
    "online": "online",
    "onsite": "op_locatie",
    "offline": "op_locatie",
    "in person": "op_locatie",
    "op locatie": "op_locatie",
    "blended": "blended",
    "mixed": "blended",
}


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    return {
        str(k).removeprefix("schema:").removeprefix("https://schema.org/")
        for k in (kind if isinstance(kind, list) else [kind])
    }


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    """A plain string from a schema.org value (a string, a language-tagged value or a list of them)."""
    if isinstance(value, list):
        dutch = [v for v in value if isinstance(v, dict) and v.get("@language", "").startswith("nl")]
        value = (dutch or value or [""])[0]
    if isinstance(value, dict):
        value = value.get("@value", value.get("name", ""))
    return str(value).strip() if value is not None else ""


def _term_value(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("termCode") or value.get("audienceType") or value.get("name"))
    return _text(value)


def _courses(document: Any) -> list[dict[str, Any]]:
    nodes: list[Any] = []
    if isinstance(document, list):
        nodes = document
    elif isinstance(document, dict):
        nodes = _as_list(document.get("@graph")) or [document]
        if "ItemList" in _types(document):
            nodes = [
                e.get("item", e) if isinstance(e, dict) else e
                for e in _as_list(document.get("itemListElement"))
            ]
    return [n for n in nodes if isinstance(n, dict) and "Course" in _types(n)]


def read_jsonld(content: bytes) -> list[FeedItem]:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FeedError(f"the feed is not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise FeedError(f"the feed is not valid JSON: {exc.msg} on line {exc.lineno}") from exc
    except RecursionError as exc:
        raise FeedError("the feed is nested too deeply to be a catalogue") from exc
    courses = _courses(document)
    if not courses:
        raise FeedError("the feed holds no schema.org Course")
    if len(courses) > MAX_ITEMS:
        raise FeedError(f"the feed holds more than {MAX_ITEMS} courses")
    return [_read_course(n, course) for n, course in enumerate(courses, start=1)]


def _read_course(number: int, course: dict[str, Any]) -> FeedItem:
    key = _text(course.get("identifier") or course.get("@id") or course.get("url"))
    item = FeedItem(key=key or f"course {number}")
    reader = _Reader(item)
    if not key:
        reader.problem("identifier", "missing (an identifier, @id or url is needed to follow the course)")
    description = _text(course.get("description"))
    summary = _text(course.get("abstract")) or description.split(". ")[0][:300]
    about = reader.terms(
        "about", [_term_value(v) for v in _as_list(course.get("about"))], "topic", "instrument"
    )
    teaches = reader.terms("teaches", [_term_value(v) for v in _as_list(course.get("teaches"))], "competency")
    audience = reader.terms(
        "audience", [_term_value(v) for v in _as_list(course.get("audience"))], "audience"
    )
    instances = [i for i in _as_list(course.get("hasCourseInstance")) if isinstance(i, dict)]
    data: dict[str, Any] = {
        "title": _text(course.get("name")),
        "summary": summary,
        "description": description,
        "topics": about["topic"],
        "instruments": about["instrument"],
        "competencies": teaches["competency"],
        "audience": audience["audience"],
        "non_partisan": True,
        "url": _text(course.get("sameAs") or course.get("url")),
        "sessions": [],
    }
    data["kind"] = _choice(reader, "learningResourceType", course, "kind", "training")
    data["level"] = _choice(reader, "educationalLevel", course, "level", "starter")
    data["rubric"] = _choice(reader, "educationalUse", course, "rubric", "kennis")
    duration = _text(course.get("timeRequired"))
    data["duration_minutes"] = _duration_minutes(duration) if duration else None
    if duration and data["duration_minutes"] is None:
        reader.problem("timeRequired", f"{duration!r} is not an ISO 8601 duration such as PT2H30M")
    mode = next((_text(i.get("courseMode")).casefold() for i in instances if i.get("courseMode")), "")
    if mode not in COURSE_MODES:
        reader.problem("courseMode", f"{mode!r} is not online, onsite or blended" if mode else "missing")
    data["format"] = COURSE_MODES.get(mode, "online")
    offers = [o for o in _as_list(course.get("offers")) if isinstance(o, dict)]
    if course.get("isAccessibleForFree") is True and not offers:
        data["cost_eur"] = Decimal("0.00")
    elif not offers or offers[0].get("price") is None:
        reader.problem("offers.price", "missing (give an Offer with a price, 0 when free)")
        data["cost_eur"] = Decimal("0.00")
    else:
        price = _price(offers[0]["price"])
        if price is None:
            reader.problem("offers.price", f"{offers[0]['price']!r} is not an amount in euros")
        elif _text(offers[0].get("priceCurrency") or "EUR").upper() != "EUR":
            reader.problem("offers.priceCurrency", "only euros are supported")
        data["cost_eur"] = price or Decimal("0.00")
    for n, instance in enumerate(instances, start=1):
        if not instance.get("startDate"):
            continue
        starts, ends = _datetime(_text(instance.get("startDate"))), _datetime(_text(instance.get("endDate")))
        if starts is None or ends is None:
            reader.problem(f"hasCourseInstance {n}", "startDate and endDate must be ISO dates with a time")
            continue
        location = instance.get("location")
        places = instance.get("maximumAttendeeCapacity")
        if places is not None and (not isinstance(places, int) or places < 1):
            reader.problem(f"hasCourseInstance {n}", "maximumAttendeeCapacity is not a positive number")
            places = None
        data["sessions"].append(
            {
                "starts_at": starts,
                "ends_at": ends,
                "location": (
                    _text(location.get("name") or location.get("address"))
                    if isinstance(location, dict)
                    else _text(location)
                )[:200],
                "places": places,
            }
        )
    check(reader, data)
    item.data = _serialise(data)
    return item


def _choice(reader: _Reader, field_name: str, node: dict[str, Any], vocabulary: str, default: str) -> str:
    value = _text(node.get(field_name))
    if not value:
        return default
    code = _lookup(TAXONOMY[vocabulary], value)
    if code is None:
        reader.problem(field_name, f"{value!r} is not a known {vocabulary}")
        return default
    return code


# EDU-DEX programme XML ----------------------------------------------------------------------------------

# EDU-DEX programForm codes (its controlled vocabulary) and what they mean for our format; "blended" comes
# from programCurriculum/instructionMode "blended learning".
EDUDEX_FORMS = {
    "e-learning": "online",
    "virtual classroom": "online",
    "distance learning": "online",
    "part-time": "op_locatie",
    "full-time": "op_locatie",
    "evening education": "op_locatie",
    "dual": "op_locatie",
}
# EDU-DEX programType codes and our kinds (our own kind codes are accepted as well).
EDUDEX_TYPES = {
    "training": "training",
    "workshop": "training",
    "master class": "training",
    "regular": "training",
    "conference": "training",
    "webinar": "webinar",
    "virtual classroom": "webinar",
    "lecture": "webinar",
    "coaching": "mentoring",
    "self study": "e_learning",
    "document": "handreiking",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: ElementTree.Element | None, *path: str) -> ElementTree.Element | None:
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _children(node: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    return [] if node is None else [c for c in node if _local(c.tag) == name]


def _string(node: ElementTree.Element | None) -> str:
    """Text of an element; a localised string (<nl>…</nl> children) gives its Dutch text."""
    if node is None:
        return ""
    dutch = _child(node, "nl")
    return ((dutch.text if dutch is not None else node.text) or "").strip()


def read_edudex(content: bytes) -> list[FeedItem]:
    try:
        root = fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FeedError("the feed declares a DOCTYPE or entities, which are not accepted") from exc
    except ElementTree.ParseError as exc:
        raise FeedError(f"the feed is not well-formed XML: {exc}") from exc
    programs = (
        [root] if _local(root.tag) == "program" else [e for e in root.iter() if _local(e.tag) == "program"]
    )
    if not programs:
        raise FeedError("the feed holds no EDU-DEX <program>")
    if len(programs) > MAX_ITEMS:
        raise FeedError(f"the feed holds more than {MAX_ITEMS} programmes")
    return [_read_program(n, program) for n, program in enumerate(programs, start=1)]


def _read_program(number: int, program: ElementTree.Element) -> FeedItem:
    key = _string(_child(program, "programId"))
    item = FeedItem(key=key or f"program {number}")
    reader = _Reader(item)
    if not key:
        reader.problem("programId", "missing")
    descriptions = _child(program, "programDescriptions")
    classification = _child(program, "programClassification")
    subjects = reader.terms(
        "programClassification/subject",
        [_string(s) for s in _children(_child(classification, "subjects"), "subject")],
        "topic",
        "instrument",
    )
    competences = reader.terms(
        "programClassification/competence",
        [_string(s) for s in _children(_child(classification, "competences"), "competence")],
        "competency",
    )
    audience = reader.terms(
        "programClassification/targetGroup",
        [_string(s) for s in _children(_child(classification, "targetGroups"), "targetGroup")],
        "audience",
    )
    data: dict[str, Any] = {
        "title": _string(_child(descriptions, "programName")),
        "summary": _string(_child(descriptions, "programSummaryText")),
        "description": _string(_child(descriptions, "programDescriptionText")),
        "topics": subjects["topic"],
        "instruments": subjects["instrument"],
        "competencies": competences["competency"],
        "audience": audience["audience"],
        "url": _string(_child(descriptions, "webLink")),
        "sessions": [],
    }
    program_type = _string(_child(classification, "programType"))
    kind = EDUDEX_TYPES.get(program_type.casefold()) or _lookup(TAXONOMY["kind"], program_type or "training")
    if kind is None:
        reader.problem(
            "programClassification/programType", f"{program_type!r} is not a programme type we know"
        )
    data["kind"] = kind or "training"
    # EDU-DEX's programLevel is a level of education (hbo, post-academisch ...), not ours: only our own
    # codes (starter, verdieping) are taken from it. The rubric is our own element.
    data["level"] = (
        _lookup(TAXONOMY["level"], _string(_child(classification, "programLevel")) or "-") or "starter"
    )
    rubric = _string(_child(classification, "rubric"))
    data["rubric"] = _lookup(TAXONOMY["rubric"], rubric) if rubric else "kennis"
    if data["rubric"] is None:
        reader.problem("programClassification/rubric", f"{rubric!r} is not kennis, vaardigheden or houding")
        data["rubric"] = "kennis"
    forms = [_string(f).casefold() for f in _children(classification, "programForm")]
    unknown = [f for f in forms if f not in EDUDEX_FORMS]
    if not forms or unknown:
        reader.problem(
            "programClassification/programForm",
            f"{unknown[0]!r} is not an EDU-DEX programme form" if unknown else "missing",
        )
    modes = {
        _string(m).casefold() for m in _children(_child(program, "programCurriculum"), "instructionMode")
    }
    formats = {EDUDEX_FORMS.get(f, "online") for f in forms} or {"online"}
    data["format"] = "blended" if "blended learning" in modes or len(formats) > 1 else next(iter(formats))
    partisan = _string(_child(classification, "partyPolitical")).casefold()
    data["non_partisan"] = partisan not in {"true", "ja", "1"}
    load = _child(program, "programCurriculum", "studyLoad")
    try:
        amount = float(_string(load).replace(",", ".")) if load is not None else 0.0
    except ValueError:
        amount = 0.0
        reader.problem("programCurriculum/studyLoad", f"{_string(load)!r} is not a number")
    unit = (load.get("period", "hour") if load is not None else "hour").casefold()
    data["duration_minutes"] = round(amount * (60 if unit == "hour" else 1 if unit == "minute" else 480))
    if unit not in {"hour", "minute", "day"}:
        reader.problem("programCurriculum/studyLoad", f"period {unit!r} is not hour, minute or day")
    runs = _children(_child(program, "programSchedule"), "programRun")
    data["cost_eur"] = _edudex_price(reader, runs)
    for run in runs:
        places_text = _string(_child(run, "maxParticipants"))
        places = int(places_text) if places_text.isdigit() and int(places_text) > 0 else None
        if places_text and places is None:
            reader.problem("programRun/maxParticipants", f"{places_text!r} is not a positive number")
        for n, day in enumerate(_children(run, "courseDay"), start=1):
            date, start, end = (_string(_child(day, name)) for name in ("date", "startTime", "endTime"))
            starts, ends = _datetime(f"{date}T{start}"), _datetime(f"{date}T{end}")
            if starts is None or ends is None:
                reader.problem(
                    f"programRun {_string(_child(run, 'id')) or n}/courseDay",
                    "date (YYYY-MM-DD), startTime and endTime (HH:MM) are needed",
                )
                continue
            data["sessions"].append(
                {
                    "starts_at": starts,
                    "ends_at": ends,
                    "location": _string(_child(day, "location"))[:200],
                    "places": places,
                }
            )
    check(reader, data)
    item.data = _serialise(data)
    return item


def _edudex_price(reader: _Reader, runs: list[ElementTree.Element]) -> Decimal:
    """The tuition fee (costType "tuition fee", else the first cost) of the first run that names a cost."""
    for run in runs:
        costs = _children(run, "cost")
        if not costs:
            continue
        tuition = [c for c in costs if _string(_child(c, "costType")).casefold() == "tuition fee"]
        cost = (tuition or costs)[0]
        price = _price(_string(_child(cost, "amount")))
        if price is None:
            reader.problem("programRun/cost/amount", f"{_string(_child(cost, 'amount'))!r} is not an amount")
            return Decimal("0.00")
        return price
    reader.problem("programRun/cost", "missing (give the tuition fee, 0 when free)")
    return Decimal("0.00")


READERS = {"jsonld": read_jsonld, "edudex": read_edudex}
