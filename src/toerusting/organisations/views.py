"""Pages about an organisation: its composition, gremia, fracties and people. Members only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from toerusting.organisations import selectors
from toerusting.organisations.models import Organisation


@selectors.with_organisation
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    composition = selectors.get_composition_for_user(request.user, organisation)
    return render(request, "organisations/overview.html", {"composition": composition})


@selectors.with_organisation
def body_detail(request: HttpRequest, organisation: Organisation, body_id: int) -> HttpResponse:
    body = selectors.get_body_for_user(request.user, organisation, body_id)
    members = selectors.current_members(body)
    return render(request, "organisations/body_detail.html", {"body": body, "members": members})


@selectors.with_organisation
def fractie_detail(request: HttpRequest, organisation: Organisation, fractie_id: int) -> HttpResponse:
    fractie = selectors.get_fractie_for_user(request.user, organisation, fractie_id)
    members = selectors.fractie_members(fractie)
    return render(request, "organisations/fractie_detail.html", {"fractie": fractie, "members": members})


@selectors.with_organisation
def person_detail(request: HttpRequest, organisation: Organisation, person_id: int) -> HttpResponse:
    person = selectors.get_person_for_user(request.user, organisation, person_id)
    functies = selectors.functies_in_organisation(person, organisation)
    return render(request, "organisations/person_detail.html", {"person": person, "functies": functies})
