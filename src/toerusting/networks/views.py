"""Pages of learning networks under /leernetwerken/. Everyone with an account sees the list and a network's
public face; its members see the rest; the coordinator decides on requests, plans events, hides messages
and reads reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.networks import selectors, services
from toerusting.networks.forms import DecisionForm, EventForm, JoinForm, PostForm, ReportForm, ShareItemForm
from toerusting.networks.models import MembershipStatus
from toerusting.organisations import selectors as organisation_selectors


def _own_organisations(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (str(m.organisation.pk), m.organisation.name)
        for m in organisation_selectors.memberships_for_user(request.user)
    ]


def _item_choices() -> list[tuple[str, str]]:
    return [(item.slug, item.title) for item in catalogue_selectors.national_items().only("slug", "title")]


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "networks/list.html", {"networks": selectors.networks_for(request.user)})


@login_required
def network(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_network(network_id)
    membership = selectors.membership_of(request.user, found)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        # The public face: name, purpose and how to join; nothing about members or events.
        return render(
            request,
            "networks/public.html",
            {
                "network": found,
                "membership": membership,
                "form": JoinForm(organisations=_own_organisations(request)),
            },
        )
    page = selectors.network_page(request.user, found)
    found.coordinator_name = organisation_selectors.names_for_users({found.coordinator_id}).get(  # type: ignore[attr-defined]
        found.coordinator_id, ""
    )
    return render(
        request,
        "networks/network.html",
        {
            "page": page,
            "network": found,
            "is_coordinator": found.coordinator_id == request.user.pk,
            "share_form": ShareItemForm(items=_item_choices()),
        },
    )


@require_POST
@login_required
def join(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_network(network_id)
    own = _own_organisations(request)
    form = JoinForm(request.POST, organisations=own)
    if not form.is_valid():
        messages.error(request, _("Choose one of your own councils, or none."))
        return redirect("networks:network", network_id=found.pk)
    chosen = form.cleaned_data["organisation"]
    organisation = (
        next(
            (
                m.organisation
                for m in organisation_selectors.memberships_for_user(request.user)
                if str(m.organisation.pk) == chosen
            ),
            None,
        )
        if chosen
        else None
    )
    membership = services.join(
        found, request.user, organisation=organisation, motivation=form.cleaned_data["motivation"]
    )
    if membership.status == MembershipStatus.ACTIVE:
        messages.success(request, _("You are a member of this network."))
    else:
        messages.success(request, _("Your request is sent. The coordinator decides on it."))
    return redirect("networks:network", network_id=found.pk)


@require_POST
@login_required
def leave(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    if found.coordinator_id == request.user.pk:
        raise PermissionDenied(
            _("The coordinator cannot leave the network; ask the operator to name another one.")
        )
    services.leave(found, request.user)
    messages.success(request, _("You have left the network."))
    return redirect("networks:list")


@login_required
def members(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    is_coordinator = found.coordinator_id == request.user.pk
    rows = selectors.members_of(found)
    names = organisation_selectors.names_for_users({m.user_id for m in rows})
    for membership in rows:
        membership.name = names.get(membership.user_id, "")  # type: ignore[attr-defined]
    return render(
        request,
        "networks/members.html",
        {
            "network": found,
            "active": [m for m in rows if m.status == MembershipStatus.ACTIVE],
            "pending": [m for m in rows if m.status == MembershipStatus.PENDING] if is_coordinator else [],
            "is_coordinator": is_coordinator,
        },
    )


@require_POST
@login_required
def decide(request: HttpRequest, network_id: int, membership_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    selectors.require_coordinator(request.user, found)
    membership = selectors.get_pending_membership(found, membership_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to admit or refuse."))
        return redirect("networks:members", network_id=found.pk)
    try:
        approved = services.decide(membership, form.cleaned_data["decision"] == "approve")
    except services.NetworkError as exc:
        messages.error(request, str(exc))
        return redirect("networks:members", network_id=found.pk)
    messages.success(request, _("The person is now a member.") if approved else _("The request is refused."))
    return redirect("networks:members", network_id=found.pk)


@require_POST
@login_required
def share(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    form = ShareItemForm(request.POST, items=_item_choices())
    if form.is_valid():
        item = catalogue_selectors.national_items().get(slug=form.cleaned_data["item"])
        services.share_item(found, request.user, item, form.cleaned_data["note"])
        messages.success(request, _("The item is on the shared list."))
    else:
        messages.error(request, _("Choose an item of the catalogue."))
    return redirect("networks:network", network_id=found.pk)


@login_required
def event_create(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    selectors.require_coordinator(request.user, found)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = services.add_event(
            found,
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            capacity=data["capacity"],
        )
        messages.success(request, _("The event is planned; members can sign up."))
        return redirect("networks:event", network_id=found.pk, event_id=event.pk)
    return render(request, "networks/event_form.html", {"network": found, "form": form})


@login_required
def event(request: HttpRequest, network_id: int, event_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    page = selectors.event_page(request.user, found, event_id)
    names = organisation_selectors.names_for_users({p.author_id for p in page.posts})
    for message in page.posts:
        message.author_name = names.get(message.author_id, "")
    return render(
        request,
        "networks/event.html",
        {
            "network": found,
            "page": page,
            "event": page.event,
            "is_coordinator": found.coordinator_id == request.user.pk,
            "post_form": PostForm(),
        },
    )


@require_POST
@login_required
def sign_up(request: HttpRequest, network_id: int, event_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    chosen = selectors.get_event(found, event_id)
    try:
        services.sign_up(chosen, request.user)
        messages.success(request, _("You are signed up."))
    except services.NetworkError as exc:
        messages.error(request, str(exc))
    return redirect("networks:event", network_id=found.pk, event_id=chosen.pk)


@require_POST
@login_required
def sign_off(request: HttpRequest, network_id: int, event_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    chosen = selectors.get_event(found, event_id)
    services.sign_off(chosen, request.user)
    messages.success(request, _("You are no longer signed up."))
    return redirect("networks:event", network_id=found.pk, event_id=chosen.pk)


@require_POST
@login_required
def post(request: HttpRequest, network_id: int, event_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    chosen = selectors.get_event(found, event_id)
    form = PostForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("networks:event", network_id=found.pk, event_id=chosen.pk)
    try:
        services.write_post(chosen, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your message is placed."))
    except services.NetworkError as exc:
        messages.error(request, str(exc))
    return redirect("networks:event", network_id=found.pk, event_id=chosen.pk)


@require_POST
@login_required
def hide(request: HttpRequest, network_id: int, post_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    selectors.require_coordinator(request.user, found)
    message = selectors.get_post(found, post_id)
    if message.hidden_at is None:
        services.hide_post(message, request.user)
        messages.success(request, _("The message is hidden for the members."))
    else:
        services.show_post(message)
        messages.success(request, _("The message is shown again."))
    return redirect("networks:event", network_id=found.pk, event_id=message.event_id)


@require_POST
@login_required
def report(request: HttpRequest, network_id: int, post_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    message = selectors.get_post(found, post_id)
    form = ReportForm(request.POST, auto_id=f"id_report{message.pk}_%s")
    if not form.is_valid():
        messages.error(request, _("Say why you report this message."))
        return redirect("networks:event", network_id=found.pk, event_id=message.event_id)
    services.report_post(message, request.user, form.cleaned_data["reason"])
    messages.success(request, _("Thank you. The coordinator reads your report."))
    return redirect("networks:event", network_id=found.pk, event_id=message.event_id)


@login_required
def reports(request: HttpRequest, network_id: int) -> HttpResponse:
    found = selectors.get_member_network(request.user, network_id)
    selectors.require_coordinator(request.user, found)
    return render(
        request, "networks/reports.html", {"network": found, "reports": selectors.reports_of(found)}
    )
