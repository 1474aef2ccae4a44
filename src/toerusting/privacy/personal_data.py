"""The privacy app's own part of Mijn gegevens: a pending deletion request."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.privacy.models import DeletionRequest


def export(user: Any) -> list[Section]:
    return [
        section(
            "privacy.deletionrequest",
            _("Deletion request"),
            (
                {_("Asked at"): request.requested_at, _("Deleted at"): request.due_at}
                for request in DeletionRequest.objects.filter(user_id=user.pk)
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The request itself goes with the account it was about."""
    if organisation is not None:
        return {}
    return {"privacy.deletionrequest": DeletionRequest.objects.filter(user_id=user.pk).delete()[0]}
