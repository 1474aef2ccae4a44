"""Residents' feedback's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase").

Residents' responses hold no person at all; what links to a member is the griffie's work: who opened or
closed the form and who wrote the council's reaction. The reaction and the setting are the council's and
stay; only the link to the member goes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.citizens.models import CouncilReaction, FeedbackSetting
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the form switched on or off, and the reactions written, by the member."""
    return [
        section(
            "citizens.feedbacksetting",
            _("Residents' feedback form: switched by you"),
            (
                {
                    _("Organisation"): setting.organisation.name,
                    _("Form open"): setting.is_open,
                    _("Changed"): setting.changed_at,
                }
                for setting in FeedbackSetting.objects.filter(changed_by_id=user.pk).select_related(
                    "organisation"
                )
            ),
        ),
        section(
            "citizens.councilreaction",
            _("Reactions of the council written by you"),
            (
                {
                    _("Organisation"): reaction.organisation.name,
                    _("Quarter"): reaction.period_start,
                    _("Updated"): reaction.updated_at,
                }
                for reaction in CouncilReaction.objects.filter(written_by_id=user.pk).select_related(
                    "organisation"
                )
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": the setting and the reactions stay (they are the council's), without
    the member; within an organisation, only its own."""
    settings = FeedbackSetting.objects.filter(changed_by_id=user.pk)
    reactions = CouncilReaction.objects.filter(written_by_id=user.pk)
    if organisation is not None:
        settings = settings.filter(organisation=organisation)
        reactions = reactions.filter(organisation=organisation)
    return {
        "citizens.feedbacksetting": settings.update(changed_by=None),
        "citizens.councilreaction": reactions.update(written_by=None),
    }
