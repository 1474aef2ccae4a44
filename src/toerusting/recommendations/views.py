"""Main-site pages: a meeting with what helps to prepare it (and the griffie's curation in place),
"Voorbereiden" for members, and the griffie's separate page with all choices of a meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from toerusting.agenda import selectors as agenda_selectors
from toerusting.audit import services as audit_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, capabilities, require
from toerusting.recommendations import selectors, services
from toerusting.recommendations.forms import CurationForm
from toerusting.reflections import selectors as reflection_selectors

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.agenda.selectors import AgendaNode
    from toerusting.organisations.models import Organisation

MEETINGS_PER_ORGANISATION = 4

# The link to the calendar in the body's own words: a water board has an algemeen bestuur, a province
# Provinciale Staten, a municipality a gemeenteraad.
ALL_MEETINGS = {
    "gemeente": gettext_lazy("All meetings of the council and its committees"),
    "provincie": gettext_lazy(
        "All meetings of the Provincial Council (Provinciale Staten) and its committees"
    ),
    "waterschap": gettext_lazy("All meetings of the general board and its committees"),
}


def link_items(preparation: selectors.MeetingPreparation, back: str) -> None:
    """The site's URL builder for the learning items of a page: a module opens in the player, which
    returns to `back` at its end; other items open their catalogue page. One reversal per page, not per
    item (a meeting shows up to ~90)."""
    marker = "__item_slug__"
    module_pattern = reverse("learning:module", kwargs={"slug": marker})
    item_pattern = reverse("catalogue:item", kwargs={"slug": marker})
    query = "?" + urlencode({"next": back})
    for row in preparation.rows:
        for suggestion in [*row.shown, *row.hidden, *row.candidates]:
            if suggestion.item.is_micro_module:
                suggestion.link = module_pattern.replace(marker, suggestion.item.slug) + query
            else:
                suggestion.link = item_pattern.replace(marker, suggestion.item.slug)


@login_required
def prepare(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings of the member's organisations, each agenda item with what helps to prepare."""
    sections = []
    back = reverse("recommendations:prepare")
    for organisation in organisation_selectors.organisations_for_user(request.user):
        meetings = agenda_selectors.upcoming_meetings_for_user(
            request.user, organisation, MEETINGS_PER_ORGANISATION
        )
        preparations = [selectors.preparation_for_meeting(request.user, meeting) for meeting in meetings]
        questions = reflection_selectors.questions_for_meetings([meeting.pk for meeting in meetings])
        for preparation in preparations:
            link_items(preparation, back)
            preparation.meeting_question = questions.get(preparation.meeting.pk)  # type: ignore[attr-defined]
        sections.append(
            {
                "organisation": organisation,
                "all_meetings_label": ALL_MEETINGS.get(organisation.kind, ALL_MEETINGS["gemeente"]),
                "tabs": preparations,
                "can_curate": can(request.user, organisation, Capability.CURATE_RECOMMENDATIONS),
            }
        )
    return render(
        request,
        "recommendations/prepare.html",
        {"sections": sections, "max_minutes": services.PREPARATION_MAX_MINUTES},
    )


@organisation_selectors.with_organisation
def meeting(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    """The meeting as the centre: its agenda with documents, per agenda item what helps to prepare, and
    for the griffie the curation in place."""
    found = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    agenda = agenda_selectors.agenda_of(found)
    granted = capabilities(request.user, organisation)  # one query for every action on the page
    can_curate = Capability.CURATE_RECOMMENDATIONS in granted
    preparation = selectors.preparation_for_meeting(request.user, found, for_curation=can_curate)
    link_items(preparation, request.path)
    rows = {row.agenda_item.pk: row for row in preparation.rows}
    _attach(agenda.nodes, rows)
    context = {
        "meeting": found,
        "agenda": agenda,
        "organisation": organisation,
        "preparation": preparation,
        "can_curate": can_curate,
        "max_minutes": services.PREPARATION_MAX_MINUTES,
        "reflection": reflection_selectors.meeting_reflection(
            request.user, organisation, found, granted=granted
        ),
    }
    if can_curate:
        context["catalogue_items"] = (
            catalogue_selectors.visible_items(request.user).order_by("title").only("slug", "title")
        )
    return render(request, "recommendations/meeting.html", context)


def _attach(nodes: list[AgendaNode], rows: dict[int, services.ItemPreparation]) -> None:
    """Give every node of the agenda tree its row of learning items (the template cannot look them up)."""
    for node in nodes:
        node.preparation = rows.get(node.item.pk)  # type: ignore[attr-defined]
        _attach(node.children, rows)


@organisation_selectors.with_organisation
def curate(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    """All of the griffie's choices for a meeting on one page (the meeting page has them in place)."""
    require(request.user, organisation, Capability.CURATE_RECOMMENDATIONS)
    found = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    preparation = selectors.preparation_for_meeting(request.user, found, for_curation=True)
    return render(
        request,
        "recommendations/curate.html",
        {
            "organisation": organisation,
            "tab": preparation,
            "curations": selectors.curations_for_meeting(found),
            "items": catalogue_selectors.visible_items(request.user).order_by("title").only("slug", "title"),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def curate_action(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.CURATE_RECOMMENDATIONS)
    found = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    form = CurationForm(request.POST)
    back = _back(form, organisation, found)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("The form was not filled in correctly.")]:
            messages.error(request, str(error))
        return back
    data = form.cleaned_data
    action = data["action"]
    if action == "undo":
        curation = selectors.get_curation_in_meeting(found, data["curation"])
        services.undo_curation(curation)
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.CURATION,
            found.name,
            change="undo",
            curation=curation.pk,
        )
        messages.info(request, _("The change is undone."))
        return back
    item = catalogue_selectors.get_item_for_user(request.user, data["item"])
    agenda_item = None
    if data.get("agenda_item"):
        agenda_item = agenda_selectors.get_agenda_item_for_user(
            request.user, organisation, data["agenda_item"]
        )
        if agenda_item.meeting_id != found.pk:
            messages.error(request, _("That agenda item is not on this meeting's agenda."))
            return back
    target = {"agenda_item": agenda_item} if agenda_item is not None else {"meeting": found}
    audit_services.record(
        request.user,
        organisation,
        audit_services.Action.CURATION,
        f"{found.name}: {agenda_item.title}" if agenda_item is not None else found.name,
        change=action,
        item=item.slug,
    )
    if action == "pin":
        services.pin(request.user, organisation, item, **target)
        messages.success(request, _("“%(title)s” is now recommended by the griffie.") % {"title": item.title})
    elif agenda_item is not None:
        services.hide(request.user, organisation, item, **target)
        messages.success(request, _("“%(title)s” is hidden for this agenda item.") % {"title": item.title})
    else:
        services.hide(request.user, organisation, item, **target)
        messages.success(request, _("“%(title)s” is hidden for the whole meeting.") % {"title": item.title})
    return back


def _back(form: CurationForm, organisation: Organisation, meeting: Meeting) -> HttpResponseRedirect:
    """Back to where the form was: the meeting page at the agenda item's anchor, or the curation page."""
    if form.returns_to_meeting():
        url = reverse("recommendations:meeting", kwargs={"org": organisation.slug, "meeting_id": meeting.pk})
        anchor = form.return_anchor()
        return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))
    return HttpResponseRedirect(
        reverse("recommendations:curate", kwargs={"org": organisation.slug, "meeting_id": meeting.pk})
    )
