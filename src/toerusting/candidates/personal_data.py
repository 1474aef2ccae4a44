"""The candidates' track's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase").

Sign-ups for information evenings are made without an account; they belong to a member when they were made
with the member's e-mail address, so they are exported and erased with it. The evenings are the
organisation's and stay; only the link to the griffie member who created them goes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from toerusting.candidates.models import EveningSignup, InfoEvening
from toerusting.personaldata import Section, section


def _signups(user: Any) -> Any:
    email = (getattr(user, "email", "") or "").strip().lower()
    if not email:
        return EveningSignup.objects.none()
    return EveningSignup.objects.filter(email__iexact=email)


def export(user: Any) -> list[Section]:
    return [
        section(
            "candidates.eveningsignup",
            _("Sign-ups for information evenings with your e-mail address"),
            (
                {
                    _("Organisation"): signup.evening.organisation.name,
                    _("Evening"): signup.evening.title,
                    _("Starts at"): signup.evening.starts_at,
                    _("Name"): signup.name,
                    _("E-mail"): signup.email,
                    _("Question"): signup.question,
                    _("Status"): signup.get_status_display(),
                    _("Language of the e-mails"): signup.language or settings.LANGUAGE_CODE,
                    _("Signed up at"): signup.created_at,
                }
                for signup in _signups(user).select_related("evening__organisation")
            ),
        ),
        section(
            "candidates.infoevening",
            _("Information evenings created by you"),
            (
                {
                    _("Organisation"): evening.organisation.name,
                    _("Evening"): evening.title,
                    _("Starts at"): evening.starts_at,
                }
                for evening in InfoEvening.objects.filter(created_by_id=user.pk).select_related(
                    "organisation"
                )
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The sign-ups with the member's address are deleted; the evenings stay without the member. Within an
    organisation, only its own."""
    signups = _signups(user)
    evenings = InfoEvening.objects.filter(created_by_id=user.pk)
    if organisation is not None:
        signups = signups.filter(evening__organisation=organisation)
        evenings = evenings.filter(organisation=organisation)
    return {
        "candidates.eveningsignup": signups.delete()[0],
        "candidates.infoevening": evenings.update(created_by=None),
    }
