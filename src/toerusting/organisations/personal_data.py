"""The organisations' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext

from toerusting.organisations.models import Functie, Person
from toerusting.personaldata import Section, section

# The name an erased member's person keeps (in the functies of the council's history).
ANONYMOUS_PERSON = "Voormalig lid"


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the person the account belongs to and their functies."""
    person = Person.objects.filter(user_id=user.pk).first()
    functies = (
        Functie.objects.filter(person=person)
        .select_related("organisation", "body", "fractie")
        .order_by("start_date", "pk")
        if person is not None
        else Functie.objects.none()
    )
    return [
        section(
            "organisations.person",
            gettext("Person"),
            [
                {
                    gettext("Given name"): person.given_name,
                    gettext("Initials"): person.initials,
                    gettext("Tussenvoegsel"): person.tussenvoegsel,
                    gettext("Family name"): person.family_name,
                }
            ]
            if person is not None
            else [],
        ),
        section(
            "organisations.functie",
            gettext("Functies"),
            (
                {
                    gettext("Organisation"): functie.organisation.name,
                    gettext("Body"): functie.body.name,
                    gettext("Role"): functie.get_role_display(),
                    gettext("Fractie"): functie.fractie.name if functie.fractie else "",
                    gettext("Start"): functie.start_date,
                    gettext("End"): functie.end_date,
                }
                for functie in functies
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any | None = None) -> dict[str, int]:
    """The hook "personal_data_erase": the person stays, without name and without account, so that the
    functies (a public record of who sat in the council) keep counting and a budget request the financial
    administration keeps still has a member; nothing of a person belongs to one organisation only."""
    if organisation is not None:
        return {}
    changed = Person.objects.filter(user_id=user.pk).update(
        key=Concat(Value("verwijderd-"), F("pk")),
        given_name="",
        initials="",
        tussenvoegsel="",
        family_name=ANONYMOUS_PERSON,
        user=None,
    )
    return {"organisations.person": changed}
