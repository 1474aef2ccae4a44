"""Catalogue pages: public browsing and item pages, word of mouth, and the griffie's own offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting import hooks
from toerusting.audit import services as audit_services
from toerusting.catalogue import jsonld, search, selectors, services
from toerusting.catalogue.forms import EndorseForm, OwnItemForm, SendToColleagueForm, SessionForm
from toerusting.catalogue.models import LearningItem
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


# Items per page of the catalogue list; the filters and search stay in every page link.
PAGE_SIZE = 20


def catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    params = {key: request.GET.getlist(key) for key in request.GET}
    browse = selectors.browse_for_user(request.user, params, query=query)
    if query and browse.total == 0 and not browse.chosen and "pagina" not in request.GET:
        # A search that found nothing, without filters: counted for the gaps overview (toerusting.gaps).
        hooks.run("catalogue_search_empty", request, " ".join(search.words(query)))
    page = Paginator(browse.items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "catalogue/list.html", {"browse": browse, "page": page})


def feed(request: HttpRequest) -> JsonResponse:
    """The public national catalogue as one schema.org JSON-LD document (every published national item)."""
    courses = [jsonld.course(item, settings.SITE_URL) for item in selectors.items_for_feed()]
    response = JsonResponse(
        jsonld.document(courses),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=900"
    return response


def _colleague_choices(request: HttpRequest) -> list[tuple[int, str]]:
    choices: list[tuple[int, str]] = []
    seen: set[int] = set()
    for organisation in organisation_selectors.organisations_for_user(request.user):
        for person in organisation_selectors.colleagues_for_user(request.user, organisation):
            if person.user_id is not None and person.user_id not in seen:
                seen.add(person.user_id)
                choices.append((person.user_id, f"{person.full_name} ({organisation.name})"))
    return choices


def item_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, slug)
    context = {
        "item": item,
        "word_of_mouth": selectors.word_of_mouth_for_user(request.user, item),
    }
    if item.organisation_id is None:
        context["jsonld"] = jsonld.script_tag(item, settings.SITE_URL)
    if request.user.is_authenticated:
        mine = context["word_of_mouth"].mine  # type: ignore[attr-defined]
        context["endorse_form"] = EndorseForm(
            initial={"note": mine.note, "show_name": mine.show_name} if mine else None
        )
        colleagues = _colleague_choices(request)
        if colleagues:
            context["send_form"] = SendToColleagueForm(colleagues=colleagues)
        # The sign-up of an own item's sessions lives in the planner, which sits above the catalogue.
        hooks.run("catalogue_item_page", request.user, item, context)
    return render(request, "catalogue/detail.html", context)


@login_required
@require_POST
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, slug)
    form = EndorseForm(request.POST)
    if form.is_valid():
        services.endorse(
            request.user, item, note=form.cleaned_data["note"], show_name=form.cleaned_data["show_name"]
        )
        messages.success(request, _("Thank you: your colleagues now see that you found this useful."))
        return redirect("catalogue:item", slug=item.slug)
    return render(
        request,
        "catalogue/detail.html",
        {
            "item": item,
            "word_of_mouth": selectors.word_of_mouth_for_user(request.user, item),
            "endorse_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def withdraw_endorsement(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, slug)
    services.withdraw_endorsement(request.user, item)
    messages.info(request, _("You no longer mark this item as useful."))
    return redirect("catalogue:item", slug=item.slug)


@login_required
@require_POST
def send_to_colleague(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, slug)
    colleagues = _colleague_choices(request)
    form = SendToColleagueForm(request.POST, colleagues=colleagues)
    if form.is_valid():
        recipient_id = form.cleaned_data["recipient"]
        for organisation in organisation_selectors.organisations_for_user(request.user):
            recipient = next(
                (
                    p
                    for p in organisation_selectors.colleagues_for_user(request.user, organisation)
                    if p.user_id == recipient_id
                ),
                None,
            )
            if recipient is not None and recipient.user is not None:
                if item.organisation_id not in (None, organisation.pk):
                    continue  # an organisation's own item only goes to colleagues of that organisation
                services.send_to_colleague(
                    request.user, recipient.user, item, organisation, form.cleaned_data["message"]
                )
                messages.success(request, _("Sent to %(name)s.") % {"name": recipient.full_name})
                return redirect("catalogue:item", slug=item.slug)
        form.add_error("recipient", _("You can only send this item to a colleague in the same organisation."))
    return render(
        request,
        "catalogue/detail.html",
        {
            "item": item,
            "word_of_mouth": selectors.word_of_mouth_for_user(request.user, item),
            "endorse_form": EndorseForm(),
            "send_form": form,
        },
        status=400,
    )


@organisation_selectors.with_organisation
def own_offer(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    items = selectors.own_items(request.user, organisation).prefetch_related("sessions")
    return render(request, "catalogue/own_list.html", {"organisation": organisation, "items": items})


@organisation_selectors.with_organisation
def own_item_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    form = OwnItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        item = services.save_own_item(organisation, form.to_data())
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.OWN_OFFER,
            form.cleaned_data.get("title", ""),
            change="saved",
        )
        messages.success(request, _("The item is in your council's catalogue. Add dates if it has sessions."))
        return redirect("catalogue:own_sessions", org=organisation.slug, slug=item.slug)
    return render(
        request,
        "catalogue/own_form.html",
        {"organisation": organisation, "form": form, "item": None},
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def own_item_edit(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    item = selectors.get_own_item_for_user(request.user, organisation, slug)
    form = OwnItemForm(
        request.POST if request.method == "POST" else None, initial=OwnItemForm.initial_for(item)
    )
    if request.method == "POST" and form.is_valid():
        services.save_own_item(organisation, form.to_data(), item)
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.OWN_OFFER,
            form.cleaned_data.get("title", ""),
            change="saved",
        )
        messages.success(request, _("Your changes are saved."))
        return redirect("catalogue:own", org=organisation.slug)
    return render(
        request,
        "catalogue/own_form.html",
        {"organisation": organisation, "form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def own_sessions(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    item = selectors.get_own_item_for_user(request.user, organisation, slug)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.moments()
        services.add_session(item, starts_at=starts, ends_at=ends, location=form.cleaned_data["location"])
        audit_services.record(
            request.user, organisation, audit_services.Action.OWN_OFFER, item.title, change="session added"
        )
        messages.success(request, _("The session is added."))
        return redirect("catalogue:own_sessions", org=organisation.slug, slug=item.slug)
    return render(
        request,
        "catalogue/own_sessions.html",
        {"organisation": organisation, "item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@organisation_selectors.with_organisation
def own_session_delete(
    request: HttpRequest, organisation: Organisation, slug: str, session_id: int
) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    item = selectors.get_own_item_for_user(request.user, organisation, slug)
    session = item.sessions.filter(pk=session_id).first()
    if session is None:
        raise Http404
    services.delete_session(session)
    audit_services.record(
        request.user, organisation, audit_services.Action.OWN_OFFER, str(session), change="session deleted"
    )
    messages.info(request, _("The session is removed."))
    return redirect("catalogue:own_sessions", org=organisation.slug, slug=item.slug)


@require_POST
@organisation_selectors.with_organisation
def own_item_withdraw(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    item: LearningItem = selectors.get_own_item_for_user(request.user, organisation, slug)
    services.withdraw_own_item(item)
    audit_services.record(
        request.user, organisation, audit_services.Action.OWN_OFFER, item.title, change="withdrawn"
    )
    messages.info(request, _("The item is no longer shown in the catalogue."))
    return redirect(reverse("catalogue:own", kwargs={"org": organisation.slug}))
