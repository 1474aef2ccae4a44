"""The reflections app's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.reflections import crypto
from toerusting.reflections.models import JournalEntry, JournalKind, MeetingQuestion


def _text(user_id: int, entry: JournalEntry) -> str:
    try:
        return crypto.decrypt(user_id, entry.ciphertext)
    except crypto.Unreadable:
        return _("(written under an old key: nobody can read it any more)")


def export(user: Any) -> list[Section]:
    """The journal, decrypted here in memory for the member only, and the reflection questions they set.
    The pulse is anonymous: nothing in it links to a member."""
    entries = JournalEntry.objects.filter(user_id=user.pk).select_related("meeting", "agenda_item")
    return [
        section(
            "reflections.journalentry",
            _("Journal"),
            (
                {
                    _("Date"): entry.created_at,
                    _("Kind"): JournalKind(entry.kind).label,
                    _("Meeting"): entry.meeting.name if entry.meeting else "",
                    _("Agenda item"): entry.agenda_item.title if entry.agenda_item else "",
                    _("Text"): _text(user.pk, entry),
                }
                for entry in entries.order_by("created_at", "pk")
            ),
        ),
        section(
            "reflections.meetingquestion",
            _("Reflection questions you set"),
            (
                {_("Meeting"): question.meeting.name, _("Own question"): question.own_text}
                for question in MeetingQuestion.objects.filter(set_by_id=user.pk).select_related("meeting")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The journal goes (within an organisation: the entries about its meetings); a reflection question the
    member set stays for the meeting, without who set it."""
    entries = JournalEntry.objects.filter(user_id=user.pk)
    questions = MeetingQuestion.objects.filter(set_by_id=user.pk)
    if organisation is not None:
        entries = entries.filter(meeting__organisation=organisation)
        questions = questions.filter(meeting__organisation=organisation)
    return {
        "reflections.journalentry": entries.delete()[0],
        "reflections.meetingquestion": questions.update(set_by=None),
    }
