"""Reads of the reflections app. Pulse figures leave this module only as aggregates of at least
MIN_RESPONSES answers; journal entries only decrypted for their own member."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext

from toerusting.dutch import fold
from toerusting.learning import selectors as learning_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.selectors import AnyUser, user_id_of
from toerusting.reflections import crypto, pulse
from toerusting.reflections.library import Library, LibraryQuestion, library
from toerusting.reflections.models import (
    JournalEntry,
    JournalKind,
    MeetingQuestion,
    PulseComment,
    PulseMarker,
    PulseResponse,
)
from toerusting.reflections.pulse import MIN_RESPONSES, QUESTIONS, PulseQuestion

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.organisations.models import Organisation

__all__ = ["MIN_RESPONSES", "QUESTIONS", "Library", "library"]


# --- The question of a meeting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownQuestion:
    text: str
    theme: str  # empty for the griffie's own question
    library_key: str

    @property
    def is_own(self) -> bool:
        return not self.library_key


def _shown(question: MeetingQuestion) -> ShownQuestion | None:
    if question.own_text:
        return ShownQuestion(question.own_text, "", "")
    found: LibraryQuestion | None = library().get(question.library_key)
    if found is None:  # a question removed from the library since it was chosen
        return None
    return ShownQuestion(found.text, found.theme.name, found.key)


def question_for_meeting(meeting: Meeting, *, version: int | None = None) -> ShownQuestion | None:
    """The meeting's reflection question. With the meeting's `version` (toerusting.versions, bumped when
    the question is set or removed), read through the shared cache, as the RIS tab reads the meeting."""
    seconds = settings.TAB_DATA_CACHE_SECONDS
    if version is None or not seconds:
        question = MeetingQuestion.objects.filter(meeting_id=meeting.pk).first()
        return _shown(question) if question is not None else None
    key = f"meeting-question:{get_language()}:{meeting.pk}:{version}"
    cached = cache.get(key)
    if cached is None:
        cached = (question_for_meeting(meeting),)
        cache.set(key, cached, seconds)
    return cached[0]  # type: ignore[no-any-return]


def questions_for_meetings(meeting_ids: list[int]) -> dict[int, ShownQuestion]:
    """The questions of several meetings in one query (for "Voorbereiden")."""
    found: dict[int, ShownQuestion] = {}
    for question in MeetingQuestion.objects.filter(meeting_id__in=meeting_ids):
        shown = _shown(question)
        if shown is not None:
            found[question.meeting_id] = shown
    return found


# --- The pulse --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PulseState:
    is_open: bool
    answered: bool
    not_yet_open: bool
    opens_at: dt.datetime
    closes_at: dt.datetime

    @property
    def can_answer(self) -> bool:
        return self.is_open and not self.answered


def pulse_state(user: AnyUser, meeting: Meeting, now: dt.datetime | None = None) -> PulseState:
    """Whether the member can answer the meeting's pulse now. Asks for the member's own marker only."""
    now = now or timezone.now()
    window = pulse.window_of(meeting)
    answered = (
        user.is_authenticated
        and PulseMarker.objects.filter(marker=crypto.pulse_marker(user_id_of(user), meeting.pk)).exists()
    )
    return PulseState(
        is_open=pulse.is_open(meeting, now),
        answered=bool(answered),
        not_yet_open=now < window.opens_at,
        opens_at=window.opens_at,
        closes_at=window.closes_at,
    )


@dataclass(frozen=True)
class Score:
    question: PulseQuestion
    average: Decimal | None  # None when fewer than MIN_RESPONSES members answered this question


@dataclass(frozen=True)
class PulseResult:
    """A meeting's pulse as group figures; exists only with at least MIN_RESPONSES answers."""

    meeting_id: int
    meeting_name: str
    meeting_start: dt.datetime
    responses: int
    scores: list[Score]
    comments: list[str] = field(default_factory=list)


def _average(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


_AGGREGATES = {
    "responses": Count("id"),
    **{f"avg_{f}": Avg(f) for f in pulse.FIELDS},
    # Every question is optional: a question's average is shown only when at least MIN_RESPONSES members
    # answered that question itself (five answers of which four only commented must not show one member's
    # scores as "the average").
    **{f"n_{f}": Count(f) for f in pulse.FIELDS},
}


def _result(row: dict[str, Any], comments: list[str] | None = None) -> PulseResult:
    return PulseResult(
        meeting_id=row["meeting_id"],
        meeting_name=row["meeting__name"],
        meeting_start=row["meeting__start"],
        responses=row["responses"],
        scores=[
            Score(q, _average(row[f"avg_{q.field}"]) if row[f"n_{q.field}"] >= MIN_RESPONSES else None)
            for q in QUESTIONS
        ],
        comments=comments or [],
    )


def pulse_result(meeting: Meeting) -> PulseResult | None:
    """The meeting's figures and comments, or None below MIN_RESPONSES answers. Comments come in the
    order of their random keys, so that their order says nothing about who wrote them or when."""
    rows = cast(
        "list[dict[str, Any]]",
        list(
            PulseResponse.objects.filter(meeting_id=meeting.pk)
            .values("meeting_id", "meeting__name", "meeting__start")
            .annotate(**_AGGREGATES)
        ),
    )
    if not rows or rows[0]["responses"] < MIN_RESPONSES:
        return None
    comments = list(
        PulseComment.objects.filter(meeting_id=meeting.pk).order_by("id").values_list("text", flat=True)
    )
    return _result(rows[0], comments)


@dataclass(frozen=True)
class Trend:
    """The pulse of the organisation's meetings in the term, oldest first; only meetings with at least
    MIN_RESPONSES answers (the others are not even counted)."""

    organisation: Organisation
    since: dt.date | None
    results: list[PulseResult]

    def chart(self, width: int = 720, height: int = 280) -> dict[str, Any]:
        """Coordinates of an SVG line chart: one line per question, meetings on the x axis, 1 to 5 on y.
        Every number is text already, so that the template's number formatting (a decimal comma in
        Dutch) never reaches the SVG."""
        left, right, top, bottom = 48, 16, 16, 40
        plot_w, plot_h = width - left - right, height - top - bottom
        n = len(self.results)

        def x(i: int) -> str:
            return f"{left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2):.1f}"

        def y(value: Decimal | int) -> str:
            return f"{top + plot_h * (5 - float(value)) / 4:.1f}"

        lines = []
        for index, question in enumerate(QUESTIONS):
            points = [
                (x(i), y(score.average))
                for i, result in enumerate(self.results)
                for score in result.scores
                if score.question.field == question.field and score.average is not None
            ]
            lines.append(
                {
                    "question": question,
                    "style": index,
                    "points": " ".join(f"{px},{py}" for px, py in points),
                    "dots": points,
                }
            )
        grid = [{"value": v, "y": y(v)} for v in range(1, 6)]
        ticks = []
        for i, result in enumerate(self.results):
            local = timezone.localtime(result.meeting_start)
            ticks.append({"x": x(i), "label": f"{local.day}-{local.month}"})
        return {
            "width": str(width),
            "height": str(height),
            "left": str(left),
            "label_x": str(left - 10),
            "right": str(width - right),
            "bottom": str(height - bottom),
            "tick_y": str(height - bottom + 22),
            "lines": lines,
            "grid": grid,
            "ticks": ticks,
        }


def pulse_trend(organisation: Organisation) -> Trend:
    """One aggregate query over the organisation's meetings of the current term (all, without a term)."""
    term = organisation_selectors.current_term(organisation)
    responses = PulseResponse.objects.filter(meeting__organisation=organisation)
    since = None
    if term is not None:
        since = term.installation_date
        responses = responses.filter(meeting__start__date__gte=since)
    rows = cast(
        "list[dict[str, Any]]",
        list(
            responses.values("meeting_id", "meeting__name", "meeting__start")
            .annotate(**_AGGREGATES)
            .filter(responses__gte=MIN_RESPONSES)  # type: ignore[misc]  # HAVING on the annotation
            .order_by("meeting__start", "meeting_id")
        ),
    )
    return Trend(organisation, since, [_result(row) for row in rows])


def trend_csv_rows(trend: Trend) -> list[list[str]]:
    """The trend as CSV rows: only the aggregates that the page shows (k ≥ MIN_RESPONSES)."""
    rows = []
    for result in trend.results:
        local = timezone.localtime(result.meeting_start)
        rows.append(
            [
                local.date().isoformat(),
                result.meeting_name,
                str(result.responses),
                *(str(score.average) if score.average is not None else "" for score in result.scores),
            ]
        )
    return rows


# --- The journal ------------------------------------------------------------------------------------------


@dataclass
class JournalItem:
    """One reflection in "Mijn reflecties", decrypted in memory."""

    source: str  # "entry" (the journal) or "module" (a module's reflection in learning)
    id: int
    kind: str
    text: str
    created_at: dt.datetime
    context: str = ""  # the meeting, agenda item or module it is about
    link: str = ""
    meeting_id: int | None = None

    @property
    def kind_label(self) -> str:
        if self.source == "module":
            return gettext("module reflection")
        return str(JournalKind(self.kind).label)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.source if self.source == "module" else self.kind,
            "date": timezone.localtime(self.created_at).isoformat(),
            "about": self.context,
            "text": self.text,
        }


def _entries(user: AnyUser) -> QuerySet[JournalEntry]:
    return (
        JournalEntry.objects.filter(user_id=user_id_of(user))
        .select_related("meeting", "agenda_item")
        .only(
            "pk",
            "kind",
            "ciphertext",
            "created_at",
            "meeting_id",
            "agenda_item_id",
            "meeting__name",
            "meeting__start",
            "agenda_item__title",
            "agenda_item__number",
        )
        .order_by("-created_at", "-pk")
    )


def journal_for_user(user: AnyUser, query: str = "") -> list[JournalItem]:
    """Everything the member wrote, newest first, in two queries; with a query, only the items whose text
    or subject contains every word of it (compared without accents and case, in memory)."""
    user_id = user_id_of(user)
    items: list[JournalItem] = []
    for entry in _entries(user):
        try:
            text = crypto.decrypt(user_id, entry.ciphertext)
        except crypto.Unreadable:
            continue  # written under another SECRET_KEY: it cannot be read by anybody any more
        context = ""
        if entry.meeting is not None:
            context = f"{entry.meeting.name}, {timezone.localtime(entry.meeting.start):%d-%m-%Y}"
        if entry.agenda_item is not None:
            number = f"{entry.agenda_item.number} " if entry.agenda_item.number else ""
            context = f"{context} · {number}{entry.agenda_item.title}" if context else entry.agenda_item.title
        items.append(
            JournalItem(
                "entry", entry.pk, entry.kind, text, entry.created_at, context, meeting_id=entry.meeting_id
            )
        )
    for reflection in learning_selectors.reflections_of(user):
        items.append(
            JournalItem(
                "module",
                reflection.pk,
                "module",
                reflection.text,
                reflection.updated_at,
                reflection.item.title,
                link=reflection.item.slug,
            )
        )
    items.sort(key=lambda item: item.created_at, reverse=True)
    words = fold(query).split()
    if words:
        items = [item for item in items if all(word in fold(f"{item.text} {item.context}") for word in words)]
    return items


def journal_markdown(items: list[JournalItem], heading: str) -> str:
    parts = [f"# {heading}", ""]
    for item in items:
        date = timezone.localtime(item.created_at).strftime("%d-%m-%Y %H:%M")
        title = f"## {date} · {item.kind_label}"
        if item.context:
            title += f" · {item.context}"
        parts += [title, "", item.text, ""]
    return "\n".join(parts)


def journal_json(items: list[JournalItem]) -> str:
    return json.dumps([item.as_dict() for item in items], ensure_ascii=False, indent=2)


def get_entry_for_user(user: AnyUser, entry_id: int) -> JournalEntry:
    """The member's own entry; any other id is a 404 (another member's entry does not exist for them)."""
    entry = JournalEntry.objects.filter(user_id=user_id_of(user), pk=entry_id).only("pk").first()
    if entry is None:
        raise Http404
    return entry


def pulse_form(data: Any = None) -> Any:
    """The pulse's questions as a form, for the site and the RIS tab alike."""
    from toerusting.reflections.forms import PulseForm

    return PulseForm(data)


@dataclass(frozen=True)
class MeetingReflection:
    """What a meeting page shows of reflection, for this user: the question, the pulse, and which of the
    reflection actions the user may take."""

    question: ShownQuestion | None
    pulse: PulseState
    may_set_question: bool
    may_answer: bool
    may_view_results: bool


def meeting_reflection(
    user: AnyUser,
    organisation: Organisation,
    meeting: Meeting,
    *,
    actions: bool = True,
    granted: frozenset[Any] | None = None,
    version: int | None = None,
) -> MeetingReflection:
    """The question (one query), the user's capabilities (one query) and, while the pulse is open and the
    user may answer it, whether they did (one query). `actions=False` (the RIS tab) leaves out setting the
    question and the results, and asks for capabilities only while the pulse is open. `granted`: the
    user's capabilities when the page has read them already. `version`: the meeting's, to read the question
    through the shared cache (question_for_meeting)."""
    from toerusting.organisations.permissions import Capability, capabilities

    now = timezone.now()
    is_open = pulse.is_open(meeting, now)
    if granted is None:
        granted = capabilities(user, organisation) if actions or is_open else frozenset()
    may_answer = Capability.ANSWER_PULSE in granted
    window = pulse.window_of(meeting)
    state = (
        pulse_state(user, meeting, now)
        if is_open and may_answer
        else PulseState(is_open, False, now < window.opens_at, window.opens_at, window.closes_at)
    )
    return MeetingReflection(
        question=question_for_meeting(meeting, version=version),
        pulse=state,
        may_set_question=actions and Capability.SET_REFLECTION_QUESTION in granted,
        may_answer=may_answer,
        may_view_results=actions and Capability.VIEW_PULSE_RESULTS in granted,
    )


def theme_names() -> dict[str, str]:
    """The themes of the reflection questions' library: key -> name in the reader's language (for other
    questionnaires that use the same themes, such as the mid-term reflection)."""
    from toerusting.reflections.library import library

    return {theme.key: theme.name for theme in library().themes}
