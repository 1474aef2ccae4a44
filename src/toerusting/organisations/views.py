"""Pages about an organisation: its composition, gremia, fracties and people (members only), and the
griffie's logo for the page header (the logo itself is public)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from toerusting import hooks
from toerusting.organisations import selectors, services
from toerusting.organisations.forms import LogoForm
from toerusting.organisations.logos import LOGO_MAX_BYTES
from toerusting.organisations.models import Organisation
from toerusting.organisations.permissions import Capability, can, require


@selectors.with_organisation
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    composition = selectors.get_composition_for_user(request.user, organisation)
    can_style = can(request.user, organisation, Capability.MANAGE_HOUSE_STYLE)
    can_audit = can(request.user, organisation, Capability.VIEW_AUDIT_TRAIL)
    can_retain = can(request.user, organisation, Capability.SET_RETENTION)
    return render(
        request,
        "organisations/overview.html",
        {
            "composition": composition,
            "can_style": can_style,
            "can_audit": can_audit,
            "can_retain": can_retain,
        },
    )


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


@selectors.with_organisation
def house_style(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie sets the logo shown in the page header of every member of the organisation."""
    require(request.user, organisation, Capability.MANAGE_HOUSE_STYLE)
    form = LogoForm(request.POST, request.FILES) if request.method == "POST" else LogoForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data.get("logo"):
                    upload = form.cleaned_data["logo"]
                    # At most one byte more than allowed: a larger file is refused without reading it all.
                    services.set_logo(organisation, upload.read(LOGO_MAX_BYTES + 1))
                    hooks.run("audited", request.user, "logo", organisation=organisation, target="logo set")
                    messages.success(
                        request, _("The logo is saved. Every page of the organisation shows it.")
                    )
                else:
                    services.remove_logo(organisation)
                    hooks.run(
                        "audited", request.user, "logo", organisation=organisation, target="logo removed"
                    )
                    messages.success(request, _("The logo is removed."))
            except ValidationError as error:
                form.add_error(None if not hasattr(error, "error_dict") else "logo", error.messages)
            else:
                return HttpResponseRedirect(
                    reverse("organisations:house_style", kwargs={"org": organisation.slug})
                )
        status = 400
    return render(
        request, "organisations/house_style.html", {"form": form, "org": organisation}, status=status
    )


@require_GET
def logo(request: HttpRequest, org: str, version: int) -> HttpResponse:
    """The logo at a version: cached for a year (a new logo has a new version), and never run as a document
    (an SVG opened directly gets a sandbox without scripts)."""
    found = selectors.logo_of(org, version)
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
