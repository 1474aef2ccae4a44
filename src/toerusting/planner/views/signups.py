"""Sign-up pages: the griffie's overview of sessions with their places, one session's list (with CSV), and
the member's sign-up, sign-off and invitation. Planned sessions and sessions of the own offer alike."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.audit import services as audit_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.notifications import services as notification_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require
from toerusting.planner import feeds, selectors, services
from toerusting.planner.forms import SignupForMemberForm, SignupSettingsForm
from toerusting.planner.models import SignupList, SignupStatus
from toerusting.spreadsheet import cell

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@dataclass
class SessionRow:
    key: str  # "sessie-<id>" (term plan) or "aanbod-<id>" (own offer): the form's prefix
    title: str
    starts_at: dt.datetime
    signup_list: SignupList | None
    form: SignupSettingsForm
    session: Any


def _rows(request: HttpRequest, organisation: Organisation) -> list[SessionRow]:
    now = timezone.now()
    plan = selectors.plan_for(organisation)
    planned = list(selectors.sessions_of(plan).filter(is_published=True, starts_at__gt=now)) if plan else []
    offer = [
        session
        for item in catalogue_selectors.own_items(request.user, organisation).prefetch_related("sessions")
        for session in item.sessions.all()
        if session.starts_at > now
    ]
    planned_lists = selectors.lists_for_planned(planned)
    offer_lists = selectors.lists_for_offer([s.pk for s in offer])
    facts: list[tuple[str, str, dt.datetime, SignupList | None, Any]] = []
    for planned_session in planned:
        title = planned_session.activity.title
        if planned_session.activity.sessions > 1:
            title = f"{title} ({planned_session.number}/{planned_session.activity.sessions})"
        facts.append(
            (
                f"sessie-{planned_session.pk}",
                title,
                planned_session.starts_at,
                planned_lists.get(planned_session.pk),
                planned_session,
            )
        )
    for offer_session in offer:
        facts.append(
            (
                f"aanbod-{offer_session.pk}",
                offer_session.item.title,
                offer_session.starts_at,
                offer_lists.get(offer_session.pk),
                offer_session,
            )
        )
    rows = []
    for key, title, starts_at, signup_list, session in facts:
        initial = {"capacity": signup_list.capacity, "minimum": signup_list.minimum} if signup_list else None
        form = SignupSettingsForm(prefix=key, initial=initial)
        rows.append(SessionRow(key, title, starts_at, signup_list, form, session))
    return sorted(rows, key=lambda row: row.starts_at)


@organisation_selectors.with_organisation
def signups(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie's sessions still to come, each with its places, sign-ups and waiting list."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    rows = _rows(request, organisation)
    status = 200
    if request.method == "POST":
        key = request.POST.get("row", "")
        row = next((r for r in rows if r.key == key), None)
        if row is None:
            raise Http404
        row.form = SignupSettingsForm(request.POST, prefix=row.key)
        if row.form.is_valid():
            is_planned = key.startswith("sessie-")
            try:
                services.set_signup_list(
                    organisation,
                    planned_session=row.session if is_planned else None,
                    offer_session=None if is_planned else row.session,
                    capacity=row.form.cleaned_data["capacity"],
                    minimum=row.form.cleaned_data["minimum"],
                )
            except services.SignupError as exc:
                row.form.add_error("capacity", str(exc))
            else:
                messages.success(request, _("Sign-up for “%(title)s” is saved.") % {"title": row.title})
                return redirect("planner:signups", org=organisation.slug)
        status = 400
    return render(
        request, "planner/signups.html", {"organisation": organisation, "rows": rows}, status=status
    )


def _visible_list(request: HttpRequest, organisation: Organisation, list_id: int) -> tuple[SignupList, bool]:
    """The list, if the user may see it: the griffie always; a member when the session is published (term
    plan) or the item is published (own offer)."""
    signup_list = selectors.get_signup_list_for_user(request.user, organisation, list_id)
    griffie = can(request.user, organisation, Capability.MANAGE_SIGNUPS)
    if not griffie:
        if signup_list.planned_session is not None and not signup_list.planned_session.is_published:
            raise Http404
        if signup_list.offer_session is not None and not signup_list.offer_session.item.is_published:
            raise Http404
    return signup_list, griffie


def _members(request: HttpRequest, organisation: Organisation) -> list[tuple[int, str]]:
    """The people the griffie may sign up or off: everyone with a login and a current functie in the
    organisation (the griffier signs up themselves with their own button)."""
    return [
        (person.user_id, person.full_name)
        for person in organisation_selectors.colleagues_for_user(request.user, organisation)
        if person.user_id
    ]


def _render_page(
    request: HttpRequest,
    organisation: Organisation,
    signup_list: SignupList,
    griffie: bool,
    member_form: SignupForMemberForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user_id = organisation_selectors.user_id_of(request.user)
    entry = selectors.session_signups(user_id, [signup_list])[0]
    if griffie and member_form is None:
        member_form = SignupForMemberForm(people=_members(request, organisation))
    return render(
        request,
        "planner/signup.html",
        {
            "organisation": organisation,
            "signup_list": signup_list,
            "entry": entry,
            "griffie": griffie,
            "me": user_id,
            "member_form": member_form if griffie else None,
            "sheet": selectors.signup_sheet(signup_list, request.user) if griffie else None,
        },
        status=status,
    )


@organisation_selectors.with_organisation
def signup_page(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    signup_list, griffie = _visible_list(request, organisation, list_id)
    return _render_page(request, organisation, signup_list, griffie)


def _member_form(
    request: HttpRequest, organisation: Organisation, list_id: int
) -> tuple[SignupList, SignupForMemberForm, dict[int, str]]:
    """The griffie's form to act for a member, bound to the POST (403 for anyone but the griffie)."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    signup_list = selectors.get_signup_list_for_user(request.user, organisation, list_id)
    people = _members(request, organisation)
    return signup_list, SignupForMemberForm(request.POST, people=people), dict(people)


@require_POST
@organisation_selectors.with_organisation
def sign_up_for_member(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    """The griffie signs a member up (or onto the waiting list): the same places, order and e-mails as when
    the member does it, and a line in the audit trail."""
    signup_list, form, names = _member_form(request, organisation, list_id)
    if not form.is_valid():
        return _render_page(request, organisation, signup_list, True, form, status=400)
    member = form.cleaned_data["member"]
    name = names[member]
    mine = selectors.signups_of_user(member, [signup_list]).get(signup_list.pk)
    if mine is not None and mine.status != SignupStatus.SIGNED_OFF:
        messages.info(request, _("%(name)s is already on this list.") % {"name": name})
        return redirect("planner:signup_page", org=organisation.slug, list_id=signup_list.pk)
    try:
        with transaction.atomic():
            signup = services.sign_up(signup_list, member)
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.SIGNUP_FOR_MEMBER,
                f"sign-up list {signup_list.pk}",
                member=member,
                status=signup.status,
            )
    except services.SignupError as exc:
        messages.error(request, str(exc))
    else:
        if signup.status == SignupStatus.SIGNED_UP:
            message = _("%(name)s is signed up for “%(title)s”.")
        else:
            message = _("“%(title)s” is full: %(name)s is on the waiting list.")
        messages.success(request, message % {"name": name, "title": signup_list.title})
    return redirect("planner:signup_page", org=organisation.slug, list_id=signup_list.pk)


@require_POST
@organisation_selectors.with_organisation
def sign_off_for_member(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    """The griffie signs a member off (or off the waiting list); the first on the waiting list moves up."""
    signup_list, form, names = _member_form(request, organisation, list_id)
    if not form.is_valid():
        return _render_page(request, organisation, signup_list, True, form, status=400)
    member = form.cleaned_data["member"]
    name = names[member]
    try:
        with transaction.atomic():
            promoted = services.sign_off(signup_list, member)
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.SIGNUP_FOR_MEMBER,
                f"sign-up list {signup_list.pk}",
                member=member,
                status=SignupStatus.SIGNED_OFF.value,
                moved_up=[signup.user_id for signup in promoted],
            )
    except services.SignupError:
        messages.info(request, _("%(name)s is not on this list.") % {"name": name})
    else:
        messages.success(
            request, _("%(name)s is signed off for “%(title)s”.") % {"name": name, "title": signup_list.title}
        )
    return redirect("planner:signup_page", org=organisation.slug, list_id=signup_list.pk)


def _back(request: HttpRequest, organisation: Organisation, signup_list: SignupList) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("planner:signup_page", org=organisation.slug, list_id=signup_list.pk)


@require_POST
@organisation_selectors.with_organisation
def sign_up(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    signup_list, _griffie = _visible_list(request, organisation, list_id)
    user_id = organisation_selectors.user_id_of(request.user)
    notification_services.ensure_language(user_id, request.LANGUAGE_CODE)
    try:
        signup = services.sign_up(signup_list, user_id)
    except services.SignupError as exc:
        messages.error(request, str(exc))
        return _back(request, organisation, signup_list)
    if signup.status == SignupStatus.SIGNED_UP:
        messages.success(request, _("You are signed up for “%(title)s”.") % {"title": signup_list.title})
    else:
        messages.info(
            request,
            _("“%(title)s” is full. You are on the waiting list and get an e-mail when a place is free.")
            % {"title": signup_list.title},
        )
    return _back(request, organisation, signup_list)


@require_POST
@organisation_selectors.with_organisation
def sign_off(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    signup_list, _griffie = _visible_list(request, organisation, list_id)
    try:
        services.sign_off(signup_list, organisation_selectors.user_id_of(request.user))
    except services.SignupError as exc:
        messages.info(request, str(exc))  # nothing to undo: the member was not signed up
    else:
        messages.info(request, _("You are signed off for “%(title)s”.") % {"title": signup_list.title})
    return _back(request, organisation, signup_list)


@organisation_selectors.with_organisation
def invitation(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    """The member's own invitation: REQUEST with a place, CANCEL after signing off; 404 otherwise."""
    signup_list, _griffie = _visible_list(request, organisation, list_id)
    mine = selectors.signups_of_user(organisation_selectors.user_id_of(request.user), [signup_list])
    signup = mine.get(signup_list.pk)
    if signup is None or signup.status == SignupStatus.WAITING:
        raise Http404
    method = "REQUEST" if signup.status == SignupStatus.SIGNED_UP else "CANCEL"
    response = HttpResponse(
        feeds.invitation(signup, method=method), content_type=f"text/calendar; charset=utf-8; method={method}"
    )
    response["Content-Disposition"] = 'attachment; filename="uitnodiging.ics"'
    return response


@organisation_selectors.with_organisation
def signup_csv(request: HttpRequest, organisation: Organisation, list_id: int) -> HttpResponse:
    """The list as CSV (semicolons, as Dutch spreadsheet programs expect), for the attendance sheet."""
    require(request.user, organisation, Capability.MANAGE_SIGNUPS)
    signup_list = selectors.get_signup_list_for_user(request.user, organisation, list_id)
    sheet = selectors.signup_sheet(signup_list, request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inschrijvingen-{signup_list.pk}.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Name"), _("E-mail"), _("Status"), _("Waiting list place"), _("Signed up at")])
    for rows in (sheet.signed_up, sheet.waiting, sheet.signed_off):
        for place, row in enumerate(rows, start=1):
            signup = row.signup
            writer.writerow(
                [
                    cell(row.name),
                    cell(signup.user.email),
                    signup.get_status_display(),
                    place if signup.status == SignupStatus.WAITING else "",
                    timezone.localtime(signup.requested_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
    audit_services.record(
        request.user, organisation, audit_services.Action.EXPORT, f"sign-up list {signup_list.pk} (CSV)"
    )
    return response


def item_page_signups(user: Any, item: Any, context: dict[str, Any]) -> None:
    """Hook "catalogue_item_page": the sign-up lists of an own-offer item's sessions still to come, with
    the member's own sign-up, for the catalogue's item page."""
    if item.organisation_id is None or not getattr(user, "is_authenticated", False):
        return
    sessions = [s for s in item.sessions.all() if s.starts_at > timezone.now()]
    lists = list(selectors.lists_for_offer([s.pk for s in sessions]).values())
    if lists:
        context["session_signups"] = selectors.session_signups(
            organisation_selectors.user_id_of(user), sorted(lists, key=lambda s: s.starts_at)
        )
