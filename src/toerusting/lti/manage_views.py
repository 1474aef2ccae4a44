"""The griffie's pages for LTI 1.3 platforms: the list with the values to give the platform, and the form
to register or change one (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from toerusting.lti import services
from toerusting.lti.forms import RegistrationForm
from toerusting.lti.models import PlatformRegistration
from toerusting.organisations import selectors as organisation_selectors

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


def tool_values(request: HttpRequest) -> list[tuple[str, str]]:
    """What a platform needs from us, as the griffie passes it on."""
    return [
        (_("Login initiation URL"), request.build_absolute_uri(reverse("lti:login"))),
        (_("Launch URL (redirect URI)"), request.build_absolute_uri(reverse("lti:launch"))),
        (_("Deep linking URL"), request.build_absolute_uri(reverse("lti:launch"))),
        (_("Key set URL (JWKS)"), request.build_absolute_uri(reverse("lti:jwks"))),
    ]


@organisation_selectors.with_organisation
def platforms(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    services.may_manage(request.user, organisation)
    return render(
        request,
        "lti/platforms.html",
        {
            "organisation": organisation,
            "registrations": services.registrations_of(organisation.pk),
            "tool_values": tool_values(request),
            "title": _("LTI platforms"),
        },
    )


@organisation_selectors.with_organisation
def platform(
    request: HttpRequest, organisation: Organisation, registration_id: int | None = None
) -> HttpResponse:
    """Register a platform (no id) or change one of this organisation's."""
    services.may_manage(request.user, organisation)
    if registration_id is None:
        registration = PlatformRegistration(organisation=organisation)
        initial = {"is_active": True}
    else:
        found = services.registration_in(organisation.pk, registration_id)
        if found is None:
            raise Http404
        registration = found
        initial = RegistrationForm.initial_for(
            registration, services.frame_origins_of(registration), services.agenda_source_of(registration)
        )
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.apply_to(registration)
        clash = (
            PlatformRegistration.objects.filter(issuer=registration.issuer, client_id=registration.client_id)
            .exclude(pk=registration.pk)
            .exists()
        )
        if clash:
            form.add_error("client_id", _("This platform and client id are already registered."))
        else:
            services.save_registration(
                registration,
                actor=request.user,
                frame_origins=form.cleaned_data["frame_origin_lines"],
                agenda_source=form.cleaned_data["agenda_source"],
            )
            messages.success(request, _("The platform is saved."))
            return redirect("ltiplatforms:list", org=organisation.slug)
    return render(
        request,
        "lti/platform_form.html",
        {
            "organisation": organisation,
            "form": form,
            "registration": registration,
            "title": _("Register a platform") if registration.pk is None else registration.name,
        },
        status=400 if request.method == "POST" else 200,
    )
