"""Main-site pages: "Voorbereiden" for members, and the griffie's curation of recommendations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require
from toerusting.recommendations import selectors, services
from toerusting.recommendations.forms import CurationForm
from toerusting.recommendations.models import Curation

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

MEETINGS_PER_ORGANISATION = 4


@login_required
def prepare(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings of the member's organisations, each agenda item with what helps to prepare."""
    sections = []
    for organisation in organisation_selectors.organisations_for_user(request.user):
        meetings = agenda_selectors.upcoming_meetings_for_user(
            request.user, organisation, MEETINGS_PER_ORGANISATION
        )
        tabs = [selectors.tab_for_meeting(request.user, meeting) for meeting in meetings]
        can_curate = can(request.user, organisation, Capability.CURATE_RECOMMENDATIONS)
        sections.append({"organisation": organisation, "tabs": tabs, "can_curate": can_curate})
    return render(request, "recommendations/prepare.html", {"sections": sections})


@organisation_selectors.with_organisation
def curate(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.CURATE_RECOMMENDATIONS)
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    tab = selectors.tab_for_meeting(request.user, meeting)
    return render(
        request,
        "recommendations/curate.html",
        {
            "organisation": organisation,
            "tab": tab,
            "curations": selectors.curations_for_meeting(meeting),
            "items": catalogue_selectors.visible_items(request.user).order_by("title").only("slug", "title"),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def curate_action(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.CURATE_RECOMMENDATIONS)
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    form = CurationForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("The form was not filled in correctly.")]:
            messages.error(request, str(error))
        return redirect("recommendations:curate", org=organisation.slug, meeting_id=meeting.pk)
    data = form.cleaned_data
    action = data["action"]
    if action == "undo":
        curation = (
            Curation.objects.filter(pk=data["curation"], meeting=meeting).first()
            or Curation.objects.filter(pk=data["curation"], agenda_item__meeting=meeting).first()
        )
        if curation is None:
            raise Http404
        services.undo_curation(curation)
        messages.info(request, _("The change is undone."))
        return redirect("recommendations:curate", org=organisation.slug, meeting_id=meeting.pk)
    item = catalogue_selectors.get_item_for_user(request.user, data["item"])
    agenda_item = None
    if data.get("agenda_item"):
        agenda_item = agenda_selectors.get_agenda_item_for_user(
            request.user, organisation, data["agenda_item"]
        )
        if agenda_item.meeting_id != meeting.pk:
            raise Http404
    target = {"agenda_item": agenda_item} if agenda_item is not None else {"meeting": meeting}
    if action == "pin":
        services.pin(request.user, organisation, item, **target)
        messages.success(request, _("“%(title)s” is now recommended by the griffie.") % {"title": item.title})
    else:
        services.hide(request.user, organisation, item, **target)
        messages.success(request, _("“%(title)s” is hidden.") % {"title": item.title})
    return redirect("recommendations:curate", org=organisation.slug, meeting_id=meeting.pk)
