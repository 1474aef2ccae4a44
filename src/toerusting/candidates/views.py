"""Pages of the candidates' track: the public track and an organisation's page with its information
evenings and the sign-up without an account (no login), the links from the confirmation e-mail, and the
griffie's pages to create, change and call off evenings and read the sign-ups."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from toerusting.accounts import selectors as account_selectors
from toerusting.candidates import selectors, services, spam
from toerusting.candidates.forms import (
    HONEYPOT,
    CancelEveningForm,
    EveningForm,
    FindOrganisationForm,
    SignupForm,
)
from toerusting.candidates.models import InfoEvening, SignupStatus
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.spreadsheet import cell

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


# Catalogue items the track recommends (keys of the national catalogue; missing ones are left out): a first
# look at the work, and items for members of local parties, who have no national party academy.
FIRST_STEPS = [
    "kennisclip-rol-van-de-raad-en-dualisme",
    "kennisclip-bob-vergadermodel",
    "mm-begroting-lezen",
    "mm-positie-burgerlid",
    "training-politiek-profiel-en-campagne",
]
LOCAL_PARTY_ITEMS = [
    "verwijzing-kennispunt-lokale-partijen",
    "handreiking-lokale-partij-en-fractie-organiseren",
    "intervisie-lokale-partijen-incidentmethode",
    "mm-wethouder-lokale-partij",
]


def _when(evening: InfoEvening) -> str:
    return services.describe_when(evening.starts_at, evening.ends_at)


def track(request: HttpRequest) -> HttpResponse:
    """The public track for people who consider standing for election: what the work is, what it asks,
    how a meeting goes, how to follow the agenda, what to learn; and a search for one's own organisation
    (its page has the information evenings and the next meetings)."""
    form = FindOrganisationForm(request.GET or None)
    found: list[tuple[Organisation, bool]] | None = None
    if form.is_valid():
        found = selectors.find_organisations(form.cleaned_data["organisatie"])
    return render(
        request,
        "candidates/track.html",
        {
            "form": form,
            "found": found,
            "first_steps": catalogue_selectors.national_items_by_slug(FIRST_STEPS),
            "local_party_items": catalogue_selectors.national_items_by_slug(LOCAL_PARTY_ITEMS),
        },
    )


def organisation(request: HttpRequest, org: str) -> HttpResponse:
    """One organisation's page for candidates: its information evenings and its next public meetings."""
    found = selectors.organisation_for_public(org)
    return render(
        request,
        "candidates/organisation.html",
        {
            "organisation": found,
            "evenings": [(item, _when(item.evening)) for item in selectors.upcoming_evenings(found)],
            "meetings": selectors.upcoming_meetings(found),
        },
    )


def _render_signup(
    request: HttpRequest, found: Organisation, form: SignupForm, problem: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "candidates/signup.html",
        {"organisation": found, "form": form, "problem": problem},
        status=status,
    )


@never_cache
def signup(request: HttpRequest, org: str) -> HttpResponse:
    """The sign-up for an evening without an account: name, e-mail address and an optional question; a
    honeypot and a rate limit per client address keep robots out. The place is taken on confirmation."""
    found = selectors.organisation_for_public(org)
    upcoming = selectors.upcoming_evenings(found)
    choices = [
        (item.evening.pk, f"{item.evening.title}, {_when(item.evening)}") for item in upcoming if item.is_open
    ]
    closed = {
        item.evening.pk: _("“%(title)s” is cancelled. You can no longer sign up for it.")
        % {"title": item.evening.title}
        for item in upcoming
        if item.is_cancelled
    }
    if request.method != "POST":
        chosen = request.GET.get("avond", "")
        # A link to an evening that was called off since (a shared link, an open tab) says so.
        problem = next((reason for pk, reason in closed.items() if str(pk) == chosen), "")
        form = SignupForm(evenings=choices, closed=closed, initial={"evening": chosen} if chosen else None)
        return _render_signup(request, found, form, problem)
    address = account_selectors.client_address(request)
    if spam.is_rate_limited(address):
        return render(request, "candidates/limited.html", {"organisation": found}, status=429)
    spam.count_attempt(address)
    form = SignupForm(request.POST, evenings=choices, closed=closed)
    if request.POST.get(HONEYPOT):
        return _render_signup(
            request,
            found,
            form,
            _("The field “Leave this field empty” was filled in, so the sign-up is not stored."),
            status=400,
        )
    if not form.is_valid():
        return _render_signup(request, found, form, status=400)
    evening = selectors.public_evening(found, form.cleaned_data["evening"])
    if evening is None:
        form.add_error("evening", _("This evening is no longer open for sign-up."))
        return _render_signup(request, found, form, status=400)
    try:
        services.request_signup(
            evening,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            question=form.cleaned_data["question"],
        )
    except services.EveningError as exc:
        form.add_error("evening", str(exc))
        return _render_signup(request, found, form, status=400)
    return render(
        request,
        "candidates/signup_sent.html",
        {
            "organisation": found,
            "evening": evening,
            "when": _when(evening),
            "hours": settings.CANDIDATES_CONFIRM_MAX_AGE_SECONDS // 3600,
        },
    )


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "candidates/link_invalid.html",
        {"hours": settings.CANDIDATES_CONFIRM_MAX_AGE_SECONDS // 3600},
        status=404,
    )


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: a page with a button (so that a mail scanner that opens links confirms
    nothing); the button takes the place."""
    found = services.signup_for_confirmation(token)
    if found is None:
        return _invalid_link(request)
    context: dict[str, object] = {
        "signup": found,
        "evening": found.evening,
        "organisation": found.evening.organisation,
        "when": _when(found.evening),
    }
    if found.evening.is_cancelled:
        # Nothing to confirm: the page says the evening is called off, to a confirmed sign-up too.
        status = 409 if request.method == "POST" else 200
        return render(request, "candidates/confirm.html", context, status=status)
    if request.method == "POST":
        try:
            found = services.confirm(found)
        except services.EveningError as exc:
            return render(request, "candidates/confirm.html", {**context, "problem": str(exc)}, status=409)
        context["signup"] = found
    return render(request, "candidates/confirm.html", context)


@never_cache
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The cancel link from the e-mail: a page with a button; the button frees the place. For an evening
    that is called off there is nothing to cancel: the page says so."""
    found = services.signup_for_cancellation(token)
    if found is None:
        return _invalid_link(request)
    if request.method == "POST" and not found.evening.is_cancelled:
        found = services.cancel(found)
    return render(
        request,
        "candidates/cancel.html",
        {
            "signup": found,
            "evening": found.evening,
            "organisation": found.evening.organisation,
            "when": _when(found.evening),
            "cancelled": found.status == SignupStatus.CANCELLED,
        },
    )


@organisation_selectors.with_organisation
def manage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie's information evenings: the list with the number of sign-ups, and a new evening."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    form = EveningForm()
    if request.method == "POST":
        form = EveningForm(request.POST)
        if form.is_valid():
            try:
                evening = services.create_evening(request.user, organisation, form.evening_data())
            except services.EveningError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("The evening “%(title)s” is on the public page.") % {"title": evening.title}
                )
                return HttpResponseRedirect(request.path)
    now = timezone.now()
    evenings = [
        (evening, _when(evening), not services.change_refusal(evening, now))
        for evening in selectors.evenings_of(organisation)
    ]
    return render(
        request,
        "candidates/manage.html",
        {"organisation": organisation, "form": form, "evenings": evenings},
        status=400 if form.is_bound else 200,
    )


@organisation_selectors.with_organisation
def signups(request: HttpRequest, organisation: Organisation, evening_id: int) -> HttpResponse:
    """The sign-ups of one of the organisation's own evenings."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    evening = selectors.get_evening(organisation, evening_id)
    return render(
        request,
        "candidates/signups.html",
        {
            "organisation": organisation,
            "evening": evening,
            "when": _when(evening),
            "signups": selectors.signups_of(evening),
            "changeable": not services.change_refusal(evening),
        },
    )


@never_cache
@organisation_selectors.with_organisation
def change(request: HttpRequest, organisation: Organisation, evening_id: int) -> HttpResponse:
    """Change one of the organisation's own evenings, with the form of a new one filled in. An evening that
    has ended or is called off cannot be changed: the page says why, without the form."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    evening = selectors.get_evening(organisation, evening_id)
    context: dict[str, object] = {"organisation": organisation, "evening": evening, "when": _when(evening)}
    refusal = services.change_refusal(evening)
    if refusal:
        status = 409 if request.method == "POST" else 200
        return render(request, "candidates/change.html", {**context, "refusal": refusal}, status=status)
    if request.method != "POST":
        form = EveningForm(initial=EveningForm.initial_for(evening))
        return render(request, "candidates/change.html", {**context, "form": form})
    form = EveningForm(request.POST)
    if form.is_valid():
        try:
            result = services.update_evening(request.user, evening, form.evening_data())
        except services.EveningError as exc:
            form.add_error(exc.field, str(exc))
        else:
            if not result.changed:
                messages.info(request, _("You changed nothing, so nothing was saved."))
            elif result.mailed:
                messages.success(
                    request,
                    ngettext(
                        "The evening is changed. We send %(count)d person who signed up an e-mail about "
                        "the new date, time or place.",
                        "The evening is changed. We send the %(count)d people who signed up an e-mail about "
                        "the new date, time or place.",
                        result.mailed,
                    )
                    % {"count": result.mailed},
                )
            elif result.changed.keys() & set(services.NOTIFIED_FIELDS):
                messages.success(
                    request, _("The evening is changed. Nobody has signed up yet, so nobody gets an e-mail.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "The evening is changed. The date, time and place stayed the same, so the people who "
                        "signed up get no e-mail."
                    ),
                )
            return redirect("candidates:signups", org=organisation.slug, evening_id=evening.pk)
    return render(request, "candidates/change.html", {**context, "form": form}, status=400)


@never_cache
@organisation_selectors.with_organisation
def call_off(request: HttpRequest, organisation: Organisation, evening_id: int) -> HttpResponse:
    """Call off one of the organisation's own evenings: a page that says what happens, with an optional
    message for the people signed up; only the button (POST) acts. Calling off twice does nothing more."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    evening = selectors.get_evening(organisation, evening_id)
    context: dict[str, object] = {
        "organisation": organisation,
        "evening": evening,
        "when": _when(evening),
        "days": settings.CANDIDATES_SIGNUP_RETENTION_DAYS,
    }
    if evening.is_cancelled:
        if request.method == "POST":
            messages.info(request, _("This evening was already cancelled. Nobody got a second e-mail."))
            return redirect("candidates:signups", org=organisation.slug, evening_id=evening.pk)
        return render(request, "candidates/call_off.html", context)
    refusal = services.change_refusal(evening)
    if refusal:
        status = 409 if request.method == "POST" else 200
        return render(request, "candidates/call_off.html", {**context, "refusal": refusal}, status=status)
    form = CancelEveningForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            mailed = services.cancel_evening(request.user, evening, form.cleaned_data["message"])
        except services.EveningError as exc:
            return render(request, "candidates/call_off.html", {**context, "refusal": str(exc)}, status=409)
        if mailed is None:
            messages.info(request, _("This evening was already cancelled. Nobody got a second e-mail."))
        elif not mailed:
            messages.success(
                request, _("The evening is cancelled. Nobody had signed up, so nobody gets an e-mail.")
            )
        else:
            messages.success(
                request,
                ngettext(
                    "The evening is cancelled. We send %(count)d person who signed up an e-mail about it.",
                    "The evening is cancelled. We send the %(count)d people who signed up an e-mail "
                    "about it.",
                    mailed,
                )
                % {"count": mailed},
            )
        return redirect("candidates:signups", org=organisation.slug, evening_id=evening.pk)
    return render(
        request, "candidates/call_off.html", {**context, "form": form}, status=400 if form.is_bound else 200
    )


@organisation_selectors.with_organisation
def export(request: HttpRequest, organisation: Organisation, evening_id: int) -> HttpResponse:
    """The sign-ups of an evening as CSV (semicolons, as Dutch spreadsheet programs expect)."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    evening = selectors.get_evening(organisation, evening_id)
    rows = list(selectors.signups_of(evening))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="informatieavond-{evening.pk}.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Name"), _("E-mail"), _("Status"), _("Question"), _("Signed up at")])
    for row in rows:
        writer.writerow(
            [
                cell(row.name),
                cell(row.email),
                row.get_status_display(),
                cell(row.question),
                timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    services.record_export(request.user, evening, len(rows))
    return response
