"""Pages of the residents' feedback: the public form and results page of an organisation (no login), and
the griffie's page to open or close the form, read comments and write the council's reaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from toerusting.accounts import selectors as account_selectors
from toerusting.citizens import selectors, services, spam
from toerusting.citizens.forms import HONEYPOT, FeedbackForm, ReactionForm, SwitchForm
from toerusting.citizens.periods import Quarter
from toerusting.citizens.questions import MIN_RESPONSES
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require

if TYPE_CHECKING:
    from django.http import QueryDict

    from toerusting.organisations.models import Organisation

TOKEN_MESSAGES = {
    "invalid": gettext_lazy(
        "The form was not sent from this page or has been changed, so the response is not stored. Send it "
        "again below."
    ),
    "expired": gettext_lazy(
        "The form was open for too long, so the response is not stored. Send it again below."
    ),
    "too_fast": gettext_lazy(
        "The form was sent faster than a person can fill it in, so the response is not stored. Check your "
        "answers and send it again."
    ),
}


def _meetings(organisation: Organisation) -> list[tuple[int, str]]:
    return [
        (meeting.pk, f"{meeting.name}, {meeting.start:%d-%m-%Y}")
        for meeting in selectors.recent_meetings(organisation)
    ]


def _render_form(
    request: HttpRequest, organisation: Organisation, form: FeedbackForm, problem: str = "", status: int = 200
) -> HttpResponse:
    form.initial["token"] = spam.form_token(organisation.pk)
    if form.is_bound:
        # A re-shown form gets a fresh token: the signed moment starts again.
        data = cast("QueryDict", form.data).copy()
        data["token"] = form.initial["token"]
        form.data = data
    return render(
        request,
        "citizens/form.html",
        {"organisation": organisation, "form": form, "problem": problem, "min_responses": MIN_RESPONSES},
        status=status,
    )


@never_cache
def feedback(request: HttpRequest, org: str) -> HttpResponse:
    """The public feedback form: anonymous, no personal data, protected by a honeypot, a minimum fill time
    and a rate limit per client address."""
    organisation = selectors.organisation_for_public(org)
    if not selectors.form_is_open(organisation):
        return render(request, "citizens/closed.html", {"organisation": organisation}, status=404)
    meetings = _meetings(organisation)
    if request.method != "POST":
        return _render_form(request, organisation, FeedbackForm(meetings=meetings))
    address = account_selectors.client_address(request)
    if spam.is_rate_limited(address, organisation.pk):
        return render(
            request,
            "citizens/limited.html",
            {"organisation": organisation},
            status=429,
        )
    form = FeedbackForm(request.POST, meetings=meetings)
    if request.POST.get(HONEYPOT):
        spam.count_response(address, organisation.pk)  # a bot's attempts count towards its limit
        return _render_form(
            request,
            organisation,
            form,
            _("The field “Leave this field empty” was filled in, so the response is not stored."),
            status=400,
        )
    try:
        spam.check_token(str(request.POST.get("token", "")), organisation.pk)
    except spam.TokenProblem as problem:
        spam.count_response(address, organisation.pk)
        return _render_form(request, organisation, form, str(TOKEN_MESSAGES[problem.reason]), status=400)
    if not form.is_valid():
        return _render_form(request, organisation, form, status=400)
    meeting_id = form.cleaned_data.get("meeting")
    meeting = next((m for m in selectors.recent_meetings(organisation) if m.pk == meeting_id), None)
    try:
        services.submit_feedback(
            organisation, form.scores(), comment=form.cleaned_data["comment"], meeting=meeting
        )
    except services.FeedbackRefused:
        return render(request, "citizens/closed.html", {"organisation": organisation}, status=404)
    spam.count_response(address, organisation.pk)
    messages.success(request, _("Thank you. Your response is stored without anything that points to you."))
    return HttpResponseRedirect(reverse("citizens:results", kwargs={"org": organisation.slug}))


def results(request: HttpRequest, org: str) -> HttpResponse:
    """The public page: per quarter with enough responses, the figures and the council's reaction."""
    organisation = selectors.organisation_for_public(org)
    found = selectors.quarter_results(organisation)
    return render(
        request,
        "citizens/results.html",
        {
            "organisation": organisation,
            "results": [(result, result.chart()) for result in found],
            "form_open": selectors.form_is_open(organisation),
            "min_responses": MIN_RESPONSES,
        },
    )


@organisation_selectors.with_organisation
def manage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie opens or closes the form, reads the comments of quarters with enough responses and
    writes the council's reaction to them."""
    require(request.user, organisation, Capability.MANAGE_CITIZEN_FEEDBACK)
    setting = selectors.setting_of(organisation)
    switch = SwitchForm(initial={"is_open": bool(setting and setting.is_open)})
    reaction_form: ReactionForm | None = None
    if request.method == "POST" and request.POST.get("action") == "switch":
        switch = SwitchForm(request.POST)
        if switch.is_valid():
            services.set_form_open(request.user, organisation, switch.cleaned_data["is_open"])
            if switch.cleaned_data["is_open"]:
                messages.success(request, _("The feedback form is open to residents."))
            else:
                messages.info(request, _("The feedback form is closed."))
            return HttpResponseRedirect(request.path)
    elif request.method == "POST":
        reaction_form = ReactionForm(request.POST)
        quarter = Quarter.parse(str(request.POST.get("quarter", "")))
        if reaction_form.is_valid() and quarter is not None:
            try:
                services.write_reaction(
                    request.user, organisation, quarter, reaction_form.cleaned_data["text"]
                )
            except services.ReactionRefused:
                messages.error(
                    request,
                    _("A reaction can only be written for a quarter with at least %(count)s responses.")
                    % {"count": MIN_RESPONSES},
                )
            else:
                messages.success(request, _("The council's reaction is published on the public page."))
                return HttpResponseRedirect(request.path)
        elif quarter is None:
            reaction_form.add_error(None, _("The quarter of this reaction is not valid."))
    quarters = []
    results = selectors.quarter_results(organisation)
    comments = selectors.comments_for_griffie(organisation, [result.quarter for result in results])
    for result in results:
        posted = (
            reaction_form if reaction_form and request.POST.get("quarter") == result.quarter.key else None
        )
        quarters.append(
            {
                "result": result,
                "chart": result.chart(),
                "comments": comments.get(result.quarter, []),
                "form": posted
                or ReactionForm(initial={"quarter": result.quarter.key, "text": result.reaction}),
            }
        )
    return render(
        request,
        "citizens/manage.html",
        {
            "organisation": organisation,
            "setting": setting,
            "switch": switch,
            "quarters": quarters,
            "min_responses": MIN_RESPONSES,
        },
    )
