"""Intervision's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase"): the member's
sign-ups (when they can, their wishes, whom they would rather not meet), the notes they wrote in their group's
space, and the rounds they opened as griffie."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.intervision.models import GroupNote, Participation, Round
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data"."""
    participations = (
        Participation.objects.filter(person__user_id=user.pk)
        .select_related("round", "group")
        .prefetch_related("not_with")
        .order_by("created_at")
    )
    return [
        section(
            "intervision.participation",
            _("Intervision: your sign-ups"),
            (
                {
                    _("Round"): p.round.title,
                    _("Available"): p.slots,
                    _("Wishes"): p.wishes,
                    _("Not in a group with"): [str(person) for person in p.not_with.all()],
                    _("Group"): p.group.number if p.group is not None else "",
                    _("Signed up"): p.created_at,
                }
                for p in participations
            ),
        ),
        section(
            "intervision.groupnote",
            _("Intervision: what you wrote in your group's space"),
            (
                {_("Round"): note.group.round.title, _("Written"): note.created_at, _("Text"): note.text}
                for note in GroupNote.objects.filter(author_id=user.pk)
                .select_related("group__round")
                .order_by("created_at")
            ),
        ),
        section(
            "intervision.round",
            _("Intervision rounds you opened"),
            (
                {_("Round"): r.title, _("Opened"): r.created_at}
                for r in Round.objects.filter(created_by_id=user.pk).order_by("created_at")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": sign-ups and notes go (they are the member's own); a round stays,
    without who opened it. Within an organisation: sign-ups and notes as its member, and its rounds."""
    participations = Participation.objects.filter(person__user_id=user.pk)
    notes = GroupNote.objects.filter(author_id=user.pk)
    rounds = Round.objects.filter(created_by_id=user.pk)
    if organisation is not None:
        participations = participations.filter(council=organisation)
        # The notes they wrote as a member of this council (in a regional round, another council organised).
        rounds_as_member = Participation.objects.filter(person__user_id=user.pk, council=organisation).values(
            "round_id"
        )
        notes = notes.filter(group__round_id__in=rounds_as_member)
        rounds = rounds.filter(organisation=organisation)
    return {
        "intervision.participation": participations.delete()[0],
        "intervision.groupnote": notes.delete()[0],
        "intervision.round": rounds.update(created_by=None),
    }
