"""Writes of the reflections app: a meeting's question, an anonymous pulse answer, the private journal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from toerusting import versions
from toerusting.learning import services as learning_services
from toerusting.organisations.selectors import AnyUser, user_id_of
from toerusting.reflections import crypto, pulse
from toerusting.reflections.library import library
from toerusting.reflections.models import (
    JournalEntry,
    JournalKind,
    MeetingQuestion,
    PulseComment,
    PulseMarker,
    PulseResponse,
)

if TYPE_CHECKING:
    from toerusting.agenda.models import AgendaItem, Meeting

MAX_ENTRY_LENGTH = 10_000
MAX_COMMENT_LENGTH = 1_000


class PulseRefused(Exception):
    """Why a pulse answer was not stored: `reason` is "closed" or "answered"."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


# --- The question of a meeting ----------------------------------------------------------------------------


def set_question(
    user: AnyUser, meeting: Meeting, *, library_key: str = "", own_text: str = ""
) -> MeetingQuestion:
    """Give the meeting a question from the library (by key) or in the griffie's own words."""
    own_text = own_text.strip()
    if bool(library_key) == bool(own_text):
        raise ValueError("choose either a question from the library or write one")
    if library_key and library().get(library_key) is None:
        raise ValueError(f"no question {library_key!r} in the library")
    question, _created = MeetingQuestion.objects.update_or_create(
        meeting=meeting,
        defaults={"library_key": library_key, "own_text": own_text[:500], "set_by_id": user_id_of(user)},
    )
    versions.bump("meeting", meeting.pk)
    return question


def clear_question(meeting: Meeting) -> None:
    MeetingQuestion.objects.filter(meeting=meeting).delete()
    versions.bump("meeting", meeting.pk)


# --- The anonymous pulse ----------------------------------------------------------------------------------


def answer_pulse(
    user: AnyUser,
    meeting: Meeting,
    scores: dict[str, int | None],
    *,
    comment: str = "",
    keep_in_journal: bool = False,
    now: dt.datetime | None = None,
) -> None:
    """Store one member's answer without the member: the scores, the comment apart from them, and a one-way
    marker that the member answered. Raises PulseRefused when the pulse is not open or the member answered
    already; then nothing is written. `now` is for the demo loader, which answers past meetings."""
    now = now or timezone.now()
    if not pulse.is_open(meeting, now):
        raise PulseRefused("closed")
    values = {field: scores.get(field) for field in pulse.FIELDS}
    for field, value in values.items():
        if value is not None and not 1 <= value <= 5:
            raise ValueError(f"{field}: {value} is not on the 1-5 scale")
    comment = comment.strip()[:MAX_COMMENT_LENGTH]
    user_id = user_id_of(user)
    with transaction.atomic():
        try:
            with transaction.atomic():
                PulseMarker.objects.create(marker=crypto.pulse_marker(user_id, meeting.pk))
        except IntegrityError as exc:
            raise PulseRefused("answered") from exc
        PulseResponse.objects.create(meeting=meeting, **values)
        if comment:
            PulseComment.objects.create(meeting=meeting, text=comment)
            if keep_in_journal:
                write_entry(user, comment, kind=JournalKind.PULSE, meeting=meeting)
    versions.bump("user", user_id)


# --- The private journal ----------------------------------------------------------------------------------


def write_entry(
    user: AnyUser,
    text: str,
    *,
    kind: str = JournalKind.FREE,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> JournalEntry:
    """Store an entry encrypted with the member's own key. The caller has checked that the meeting and the
    agenda item are the member's organisation's."""
    text = text.strip()
    if not text:
        raise ValueError("an entry needs text")
    if agenda_item is not None:
        meeting = meeting or agenda_item.meeting
    if kind == JournalKind.FREE and meeting is not None:
        kind = JournalKind.MEETING
    user_id = user_id_of(user)
    return JournalEntry.objects.create(
        user_id=user_id,
        kind=kind,
        meeting=meeting,
        agenda_item=agenda_item,
        ciphertext=crypto.encrypt(user_id, text[:MAX_ENTRY_LENGTH]),
    )


def delete_entry(user: AnyUser, entry_id: int) -> bool:
    deleted, _rows = JournalEntry.objects.filter(user_id=user_id_of(user), pk=entry_id).delete()
    return bool(deleted)


def delete_module_reflection(user: AnyUser, reflection_id: int) -> bool:
    return learning_services.delete_reflection(user, reflection_id)


def delete_journal(user: AnyUser) -> int:
    """Everything in the member's journal: own entries and module reflections."""
    with transaction.atomic():
        deleted, _rows = JournalEntry.objects.filter(user_id=user_id_of(user)).delete()
        return deleted + learning_services.delete_all_reflections(user)


def answer_marker(purpose: str, user_id: int, object_id: int) -> str:
    """That a member answered an anonymous questionnaire, one-way (the technique of the pulse's marker):
    for other apps' questionnaires, which store it apart from the answers."""
    return crypto.answer_marker(purpose, user_id, object_id)
