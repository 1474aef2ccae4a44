"""The gremia of a source (often only an id): listing them and naming them once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from toerusting.agenda.models import SourceGremium

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from toerusting.organisations.models import Organisation

NAME_MAX_LENGTH = 300


class UnknownSourceGremium(Exception):
    """No gremium with this id of this source has been seen for the organisation."""


def source_gremia(organisation: Organisation) -> QuerySet[SourceGremium]:
    """The gremia the organisation's sources have named, by source and id."""
    return SourceGremium.objects.filter(organisation=organisation).order_by("source", "source_id")


def name_source_gremium(organisation: Organisation, source: str, source_id: str, name: str) -> SourceGremium:
    """Give a source's gremium the name the griffie chose ('' takes it back). A sync never overwrites it;
    the next sync links its meetings to the organisation's gremium of that name, if there is one."""
    name = " ".join(name.split())
    if len(name) > NAME_MAX_LENGTH:
        raise ValueError(f"name: {len(name)} characters, at most {NAME_MAX_LENGTH}")
    with transaction.atomic():
        try:
            gremium = SourceGremium.objects.select_for_update().get(
                organisation=organisation, source=source, source_id=source_id
            )
        except ObjectDoesNotExist as exc:
            raise UnknownSourceGremium(
                f"no gremium {source_id!r} of source {source!r} has been seen for {organisation.slug}; "
                "import or sync its meetings first"
            ) from exc
        if gremium.name != name:
            gremium.name = name
            gremium.save(update_fields=["name", "updated_at"])
    return gremium
