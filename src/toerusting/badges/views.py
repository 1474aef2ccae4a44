"""Pages of open badges: the member's badges and downloads, the griffie's badges and revocation under
/o/<org>/badges/, and the public face: the issuer's profile and keys, a shared badge, the verification."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.accounts.selectors import client_address
from toerusting.badges import credentials, selectors, services
from toerusting.badges.forms import BadgeForm, CheckForm, ChoicesForm, RevokeForm
from toerusting.badges.models import BadgeDefinition
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require
from toerusting.signingkeys import selectors as key_selectors

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


# --- The member's badges ---------------------------------------------------------------------------------


@organisation_selectors.with_organisation
def mine(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "badges/mine.html",
        {
            "organisation": organisation,
            "awards": selectors.my_awards(request.user, organisation),
            "open_badges": selectors.open_badges(request.user, organisation),
            "may_manage": can(request.user, organisation, Capability.MANAGE_BADGES),
        },
    )


@organisation_selectors.with_organisation
def award(request: HttpRequest, organisation: Organisation, award_id: int) -> HttpResponse:
    awarded = selectors.get_my_award(request.user, organisation, award_id)
    form = ChoicesForm(
        request.POST if request.method == "POST" else None,
        initial={"is_public": awarded.is_public, "include_name": awarded.include_name},
    )
    if request.method == "POST" and form.is_valid():
        services.set_choices(awarded, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("badges:award", org=organisation.slug, award_id=awarded.pk)
    return render(
        request,
        "badges/award.html",
        {
            "organisation": organisation,
            "award": awarded,
            "form": form,
            "public_url": request.build_absolute_uri(
                reverse("badges:shared", kwargs={"award_uid": awarded.uid})
            ),
        },
    )


def _download(data: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@organisation_selectors.with_organisation
def download_signed(request: HttpRequest, organisation: Organisation, award_id: int) -> HttpResponse:
    """The credential as JSON that carries the signed JWT: the file to show elsewhere."""
    awarded = selectors.get_my_award(request.user, organisation, award_id)
    return _download(credentials.envelope(awarded.credential), f"badge-{awarded.uid}.json")


@organisation_selectors.with_organisation
def download_plain(request: HttpRequest, organisation: Organisation, award_id: int) -> HttpResponse:
    """The credential as readable JSON, without proof (what the signed file says)."""
    awarded = selectors.get_my_award(request.user, organisation, award_id)
    return _download(credentials.credential(awarded), f"badge-{awarded.uid}-leesbaar.json")


# --- The griffie -----------------------------------------------------------------------------------------


@organisation_selectors.with_organisation
def manage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_BADGES)
    return render(
        request,
        "badges/manage.html",
        {
            "organisation": organisation,
            "definitions": selectors.definitions_of(organisation),
            "awards": selectors.awards_of(organisation)[:200],
            "revoke_form": RevokeForm(),
            "jwks_url": credentials.jwks_url(organisation),
        },
    )


def _badge_form(
    request: HttpRequest, organisation: Organisation, initial: dict[str, Any] | None = None
) -> BadgeForm:
    activities = [(a.pk, a.title) for a in selectors.activity_choices(organisation)]
    items = [(i.slug, i.title) for i in selectors.item_choices(request.user, organisation)]
    return BadgeForm(request.POST or None, initial=initial, activities=activities, items=items)


def _text(request: HttpRequest, organisation: Organisation, form: BadgeForm) -> services.BadgeText:
    data = form.cleaned_data
    activity = next((a for a in selectors.activity_choices(organisation) if a.pk == data["activity"]), None)
    items = list(selectors.item_choices(request.user, organisation).filter(slug__in=data["items"]))
    return services.BadgeText(
        name=data["name"],
        description=data["description"],
        criteria=data["criteria"],
        design=data["design"],
        rule=data["rule"],
        activity=activity,
        items=items,
        is_active=data["is_active"],
    )


def _save(
    request: HttpRequest, organisation: Organisation, form: BadgeForm, definition: BadgeDefinition | None
) -> HttpResponse | None:
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        with transaction.atomic():
            text = _text(request, organisation, form)
            if definition is None:
                definition = services.create_definition(organisation, request.user, text)
            else:
                services.update_definition(definition, request.user, text)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return None
    earned = services.catch_up(organisation) if definition.is_active else 0
    messages.success(
        request,
        _("The badge is saved.")
        + (
            " " + _("Members who already met its rule received it: %(count)s.") % {"count": earned}
            if earned
            else ""
        ),
    )
    return redirect("badges:manage", org=organisation.slug)


@organisation_selectors.with_organisation
def create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_BADGES)
    form = _badge_form(
        request, organisation, initial={"design": "schild", "rule": "modules", "is_active": True}
    )
    done = _save(request, organisation, form, None)
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "badges/form.html",
        {"organisation": organisation, "form": form, "definition": None},
        status=status,
    )


@organisation_selectors.with_organisation
def edit(request: HttpRequest, organisation: Organisation, definition_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_BADGES)
    definition = selectors.get_definition_for_user(request.user, organisation, definition_id)
    initial = {
        "name": definition.name,
        "description": definition.description,
        "criteria": definition.criteria,
        "design": definition.design,
        "rule": definition.rule,
        "activity": definition.activity_id,
        "items": [i.slug for i in definition.items.all()],
        "is_active": definition.is_active,
    }
    form = _badge_form(request, organisation, initial=initial)
    done = _save(request, organisation, form, definition)
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "badges/form.html",
        {"organisation": organisation, "form": form, "definition": definition},
        status=status,
    )


@require_POST
@organisation_selectors.with_organisation
def revoke(request: HttpRequest, organisation: Organisation, award_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_BADGES)
    awarded = selectors.get_organisation_award(request.user, organisation, award_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the badge."))
        return redirect("badges:manage", org=organisation.slug)
    if services.revoke(awarded, request.user, form.cleaned_data["reason"]):
        messages.success(request, _("The badge is revoked; the verification page now says so."))
    else:
        messages.info(request, _("This badge was already revoked."))
    return redirect("badges:manage", org=organisation.slug)


# --- Public: the issuer, a shared badge, the verification ------------------------------------------------


def issuer(request: HttpRequest, org: str) -> HttpResponse:
    """The issuer's Profile (the id URL in every credential), naming where its keys are published."""
    organisation = selectors.issuer_organisation(org)
    profile = {"@context": credentials.CONTEXTS, **credentials.issuer_profile(organisation)}
    profile["jwks_uri"] = credentials.jwks_url(organisation)
    return JsonResponse(profile, json_dumps_params={"ensure_ascii": False})


def jwks(request: HttpRequest, org: str) -> HttpResponse:
    """The issuer's public keys (JWKS): the active key and the previous one during a rotation. Older,
    retired keys stay known to the verification page."""
    organisation = selectors.issuer_organisation(org)
    response = JsonResponse(key_selectors.jwks(credentials.PURPOSE, organisation))
    response["Cache-Control"] = "public, max-age=300"
    return response


def status_list(request: HttpRequest, org: str) -> HttpResponse:
    """The issuer's revocation list (a W3C BitstringStatusListCredential as a VC-JWT), which every credential
    it signed names in its credentialStatus; 404 for an organisation that issued none."""
    organisation = selectors.issuer_organisation(org)
    revoked = selectors.revoked_status_positions(organisation)
    if revoked is None:
        raise Http404
    response = HttpResponse(
        credentials.sign_status_list(organisation, revoked), content_type="application/vc+jwt"
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def shared(request: HttpRequest, award_uid: str) -> HttpResponse:
    """A badge its member chose to share; 404 otherwise. It shows only what the credential says."""
    awarded = selectors.public_award(award_uid)
    result = selectors.verify(awarded.credential)
    return render(
        request,
        "badges/shared.html",
        {"award": awarded, "result": result},
    )


def _limited(request: HttpRequest) -> bool:
    """Whether this client address checked too many badges in the window (its hash in the cache)."""
    address = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()
    key = f"badges:checks:{address}"
    if cache.add(key, 1, timeout=settings.BADGES_RATE_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=settings.BADGES_RATE_WINDOW_SECONDS)
        return False
    return count > settings.BADGES_MAX_CHECKS_PER_WINDOW


def verify(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if _limited(request):
            return render(request, "badges/verify.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            result = selectors.verify(form.text())
        else:
            status = 400
    return render(
        request,
        "badges/verify.html",
        {"form": form, "result": result, "payload": result.payload if result else None},
        status=status,
    )
