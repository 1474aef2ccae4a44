"""The structure of an agenda-item title, as council information systems write it.

Titles carry conventions that say a lot before a word is read: an item number ("6a.", "Agendapunt 4"), a
code of a motion or question ("M12", "MV3-1", "A2"), a document kind in front ("Raadsvoorstel", "RIB",
"Memo", "Brief van het college", "Voorstel tot ..."), zaak and reference numbers ("(BD2018-000924)",
"Z-19-12345"), a date ("d.d. 12 maart 2024"), and compound items ("a. ... b. ..."). `parse` finds them;
the classifier reads them as features next to the words.

Every pattern is linear: anchored alternatives and bounded repeats only, no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toerusting.dutch import fold

# A leading item number: "6", "6a", "6.a", "6.1.2", "IV.", "a.", "Agendapunt 4:", "punt 3 -".
_NUMBER = re.compile(
    r"^\s*(?:(?:agendapunt|agenda punt|punt|ap|item)\s*)?"
    r"(?P<number>[0-9]{1,3}(?:[.\-][0-9]{1,2})*[a-z]?(?:[.\-][0-9a-z]{1,2})?|[ivx]{1,5}|[a-z])"
    r"(?:[.):]\s*|\s+[\-\u2013:]\s*|\s+(?=[A-Za-z\u00c0-\u024f(\"'\u2018\u201c]))",
    re.IGNORECASE,
)
# A code of a motion, amendment, question or proposal in front of the title: "M12", "M 12", "MV3-1",
# "A2.", "AM-4", "RV 2024-12", "2024-M07", "M2024-12".
_CODE = re.compile(
    r"^\s*(?:(?P<year>(?:19|20)[0-9]{2})[\-/ ]?)?"
    r"(?P<letters>[A-Za-z]{1,4})[\s.\-]?(?P<digits>[0-9]{1,4}(?:[.\-/][0-9]{1,4}){0,2}[a-z]?)\b[.:)]?\s*"
    r"(?:[\-\u2013:]\s*)?",
)
# Letters of such codes that RIS vendors use for one kind of item (general RIS convention, not per council).
CODE_KINDS = {
    "m": "motie",
    "mo": "motie",
    "mot": "motie",
    "mvo": "motie",
    "a": "amendement",
    "am": "amendement",
    "amd": "amendement",
    "mv": "vragen",
    "sv": "vragen",
    "v": "vragen",
    "vr": "vragen",
    "tv": "vragen",
    "rv": "raadsvoorstel",
    "sb": "statenvoorstel",
    "ps": "statenvoorstel",
    "rib": "informatie",
    "ib": "informatie",
    "cb": "informatie",
}
# The same codes behind the title, in brackets: "Nieuwe afvalbeleid (MV4-3)", "Bankjes in het park (M12)".
_TRAILING_CODE = re.compile(
    r"\(\s*(?P<letters>[A-Za-z]{1,4})[\s.\-]?(?P<digits>[0-9]{1,4}(?:[.\-/][0-9]{1,4}){0,2}[a-z]?)\s*\)\s*\.?\s*$"
)
# Words that never start a code although they look like one ("Art 5", "Nr 3", "Fase 2", "Blok 1").
_NOT_CODE = frozenset({"art", "nr", "no", "fase", "blok", "deel", "punt", "week", "dag", "h", "ch", "bijl"})
# The document kind said in front: "Raadsvoorstel:", "Raadsinformatiebrief 2024-12", "Voorstel tot ...".
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("initiatiefvoorstel", r"^initiatief(?:raads|staten)?voorstel"),
        (
            "raadsvoorstel",
            r"^(?:ontwerp[- ]?)?(?:raads|staten|bestuurs|db|ab)?voorstel\b"
            r"|^(?:raads|staten|ab|bestuurs)voorstel",
        ),
        (
            "informatiebrief",
            r"^(?:raads|staten|college|gs|dagelijks bestuur|db|ab)?informatiebrief|^(?:raads|staten)brief"
            r"|^rib\b|^memo\b|^notitie\b|^collegebrief|^brief\b|^informatienota"
            r"|^ter (?:kennisname|informatie)",
        ),
        ("collegebesluit", r"^(?:college|gs|db)[- ]?besluit"),
        ("beantwoording", r"^(?:beantwoording|antwoord(?:en)?)\b"),
        ("vragen", r"^(?:schriftelijke |mondelinge |technische |art(?:ikel)?\.? ?[0-9]+ )?vragen\b"),
        ("motie", r"^(?:motie|moties)\b"),
        ("amendement", r"^(?:sub)?amendement"),
        (
            "presentatie",
            r"^(?:presentatie|informatiebijeenkomst|beeldvormende|technische sessie|werksessie|rondetafel)",
        ),
        (
            "vaststellen",
            r"^(?:vaststellen|vaststelling|vast te stellen|instemmen|instemming|goedkeuren|goedkeuring)\b",
        ),
        ("wijziging", r"^(?:wijziging|wijzigen|aanpassing|actualisatie|herziening)\b"),
    )
)
_REFERENCE = re.compile(
    r"\(\s*(?:nr\.?\s*)?[A-Za-z]{0,6}[\-/ ]?[0-9]{2,}(?:[./\-][0-9A-Za-z]{1,8}){0,4}\s*\)"
    r"|\b(?:zaak(?:nummer|nr)?|kenmerk|corsa(?:nummer)?|registratienummer|nummer|nr)\.?\s*:?\s*[A-Za-z]{0,6}[\-/]?[0-9][0-9./\-]{2,20}"
    r"|\b[A-Z]{1,4}[0-9]{2,4}[\-/.][0-9]{2,8}\b"
    r"|\b(?:19|20)[0-9]{2}[\-/.][0-9]{3,8}\b",
    re.IGNORECASE,
)
MONTH_WORDS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = re.compile(
    r"\b[0-9]{1,2}[\-/.][0-9]{1,2}[\-/.][0-9]{2,4}\b"
    rf"|\b[0-9]{{1,2}}\s+(?:{MONTH_WORDS})\.?(?:\s+[0-9]{{4}})?\b"
    r"|\b(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}\b"
    r"|\bd\.?d\.?\s",
    re.IGNORECASE,
)
# A time slot in front or behind: "19.00 - 19.15 uur Sprekersplein", "20:30 uur: ...", "... (9.40 uur)",
# "... (ca. 21.00 uur)", "... om 20.00 uur". Meeting-management slots carry them; they say nothing about
# the subject, so the rest of the title is read without them.
_CLOCK = r"[0-2]?[0-9][.:][0-5][0-9]"
# In front, a clock alone could be an item number ("3.10"): only a range or "uur" makes it a time.
_LEADING_TIME = re.compile(
    rf"^\s*(?:van\s+)?{_CLOCK}(?:\s*(?:uur\s*)?(?:[\-\u2013]|tot)\s*{_CLOCK}(?:\s*uur)?|\s*uur)"
    r"\s*[:\-\u2013]?\s+",
    re.IGNORECASE,
)
_TRAILING_TIME = re.compile(
    rf"\s*(?:\(\s*(?:ca\.?\s*|circa\s+|vanaf\s+|tot\s+|om\s+)?{_CLOCK}"
    rf"(?:\s*(?:[\-\u2013]|tot)\s*{_CLOCK})?\s*(?:uur)?\s*\)"
    rf"|[,\-\u2013]?\s+(?:om|vanaf|tot|van)\s+{_CLOCK}(?:\s*(?:[\-\u2013]|tot)\s*{_CLOCK})?\s*uur)\s*$",
    re.IGNORECASE,
)
_COMPOUND = re.compile(r"(?:^|\s)(?:[a-d][.)]|[0-9][.)])\s+\S.*\s(?:[b-e][.)]|[1-9][.)])\s+\S", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedTitle:
    title: str  # as given, whitespace folded
    rest: str  # the title without item number and code
    number: str  # "6a", "" when none
    code: str  # "M12" (in front, or in brackets at the end), "" when none
    code_kind: str  # a kind of CODE_KINDS, or "" when the letters are not known
    doc_kind: str  # a kind of _KINDS, "" when none is said in front
    has_reference: bool
    has_date: bool
    has_time: bool  # a time slot ("19.00 - 19.15 uur"), taken out of `rest`
    compound: bool  # "a. ... b. ..."


def parse(title: str) -> ParsedTitle:
    """The structure of a title. Works on any string; never raises."""
    whole = _SPACES.sub(" ", title).strip()
    rest = whole
    number = ""
    has_time = False
    timed = _TRAILING_TIME.sub("", rest)
    if timed != rest and timed.strip():
        rest, has_time = timed, True
    timed = _LEADING_TIME.sub("", rest, count=1)  # before the number: "19.00" is no item number
    if timed != rest and timed.strip():
        rest, has_time = timed, True
    match = _NUMBER.match(rest)
    if match and match.end() < len(rest):
        candidate = match.group("number")
        # A single letter is an item number only when a capital or a digit follows ("a. Motie", "b. 2024").
        if (
            len(candidate) > 1
            or rest[match.end() : match.end() + 1][:1].isupper()
            or match.group(0).strip().endswith((".", ")"))
        ):
            number = candidate
            rest = rest[match.end() :]
    timed = _LEADING_TIME.sub("", rest, count=1)
    if timed != rest and timed.strip():
        rest, has_time = timed, True
    code = code_kind = ""
    match = _CODE.match(rest)
    slot = _LEADING_TIME.match(rest[match.start("digits") :]) if match else None
    if match and slot:
        # "A 15.05 - 18.00 uur Algemene beschouwingen": a letter of the order of business and a time slot,
        # not the code of an amendment.
        timed = rest[match.start("digits") + slot.end() :]
        if timed.strip():
            number = number or match.group("letters")
            rest, has_time = timed, True
        match = None
    if match and match.end() < len(rest):
        letters = match.group("letters").lower()
        # Only letters that RIS vendors use for a kind of item: "RES 2.0" or "APV 2024" are subjects.
        if letters not in _NOT_CODE and letters in CODE_KINDS:
            code = f"{match.group('letters')}{match.group('digits')}"
            code_kind = CODE_KINDS.get(letters, "")
            rest = rest[match.end() :]
    if not code:
        match = _TRAILING_CODE.search(rest)
        letters = match.group("letters").lower() if match else ""
        if match and match.start() > 0 and letters in CODE_KINDS:
            code = f"{match.group('letters')}{match.group('digits')}"
            code_kind = CODE_KINDS[letters]
            rest = rest[: match.start()]
    folded_rest = fold(rest).lstrip(" -:\u2013\"'(")
    doc_kind = next((kind for kind, pattern in _KINDS if pattern.match(folded_rest)), "")
    return ParsedTitle(
        title=whole,
        rest=rest.strip(),
        number=number,
        code=code,
        code_kind=code_kind,
        doc_kind=doc_kind,
        has_reference=bool(_REFERENCE.search(whole)),
        has_date=bool(_DATE.search(whole)),
        has_time=has_time,
        compound=bool(_COMPOUND.search(whole)),
    )


def strip_references(value: str) -> str:
    """The text without reference numbers and dates, which say nothing about the subject."""
    return _SPACES.sub(" ", _DATE.sub(" ", _REFERENCE.sub(" ", value))).strip()
