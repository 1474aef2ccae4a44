"""Good practices' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase"): the
practices the member wrote or moderated and the adoptions they made. A practice is the council's and stays;
only the link to the member goes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.practices.models import Adoption, Practice


def export(user: Any) -> list[Section]:
    """The hook "personal_data"."""
    return [
        section(
            "practices.practice",
            _("Good practices you wrote or moderated"),
            (
                {
                    _("Title"): p.title,
                    _("Organisation"): p.organisation.name,
                    _("Status"): p.get_status_display(),
                    _("Written by you"): p.created_by_id == user.pk,
                    _("Moderated by you"): p.moderated_by_id == user.pk,
                }
                for p in Practice.objects.filter(Q(created_by_id=user.pk) | Q(moderated_by_id=user.pk))
                .select_related("organisation")
                .order_by("created_at")
            ),
        ),
        section(
            "practices.adoption",
            _("Good practices you adopted into a term plan"),
            (
                {
                    _("Title"): a.practice.title,
                    _("Organisation"): a.organisation.name,
                    _("Adopted"): a.created_at,
                }
                for a in Adoption.objects.filter(adopted_by_id=user.pk).select_related(
                    "practice", "organisation"
                )
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": practices and adoptions stay, without the member; within an
    organisation, only its own."""
    written = Practice.objects.filter(created_by_id=user.pk)
    moderated = Practice.objects.filter(moderated_by_id=user.pk)
    adoptions = Adoption.objects.filter(adopted_by_id=user.pk)
    if organisation is not None:
        written, moderated = written.filter(organisation=organisation), moderated.none()
        adoptions = adoptions.filter(organisation=organisation)
    return {
        "practices.practice": written.update(created_by=None) + moderated.update(moderated_by=None),
        "practices.adoption": adoptions.update(adopted_by=None),
    }
