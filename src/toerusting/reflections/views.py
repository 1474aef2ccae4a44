"""Pages of the reflections app: the question of a meeting and its screen, the pulse and its results, and
"Mijn reflecties" (the private journal)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.agenda import selectors as agenda_selectors
from toerusting.audit import services as audit_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require
from toerusting.reflections import selectors, services
from toerusting.reflections.forms import DeleteAllForm, EntryForm, PulseForm, QuestionForm, SearchForm
from toerusting.reflections.library import library
from toerusting.spreadsheet import cell

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.organisations.models import Organisation


def _meeting_url(organisation: Organisation, meeting: Meeting) -> str:
    return reverse("recommendations:meeting", kwargs={"org": organisation.slug, "meeting_id": meeting.pk})


# --- The question of a meeting ----------------------------------------------------------------------------


@organisation_selectors.with_organisation
def question(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    """The griffie or the chair chooses the meeting's reflection question, or writes one."""
    require(request.user, organisation, Capability.SET_REFLECTION_QUESTION)
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    current = selectors.question_for_meeting(meeting)
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.clear_question(meeting)
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.REFLECTION_QUESTION,
            meeting.name,
            change="removed",
        )
        messages.info(request, _("The reflection question is removed."))
        return HttpResponseRedirect(_meeting_url(organisation, meeting))
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            services.set_question(
                request.user,
                meeting,
                library_key=form.cleaned_data["library_key"],
                own_text=form.cleaned_data["own_text"],
            )
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.REFLECTION_QUESTION,
                meeting.name,
                change="set",
            )
            messages.success(request, _("The reflection question is set for this meeting."))
            return HttpResponseRedirect(_meeting_url(organisation, meeting))
    else:
        initial = {}
        if current is not None:
            initial = {
                "library_key": current.library_key,
                "own_text": "" if current.library_key else current.text,
            }
        form = QuestionForm(initial=initial)
    return render(
        request,
        "reflections/question.html",
        {
            "organisation": organisation,
            "meeting": meeting,
            "form": form,
            "current": current,
            "library": library().by_theme(),
        },
    )


@organisation_selectors.with_organisation
def screen(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    """The question on the screen in the council chamber: one self-contained page (its style inline with
    the page's nonce, no images, fonts or scripts), so it stays on the screen when the network goes."""
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    return render(
        request,
        "reflections/screen.html",
        {
            "organisation": organisation,
            "meeting": meeting,
            "question": selectors.question_for_meeting(meeting),
        },
    )


# --- The pulse --------------------------------------------------------------------------------------------


def handle_pulse(request: HttpRequest, organisation: Organisation, meeting: Meeting) -> PulseForm | None:
    """Store a posted pulse answer; returns the form to show again when it was not valid, None when it was
    handled (stored or refused, with a message)."""
    form = PulseForm(request.POST)
    if not form.is_valid():
        return form
    try:
        services.answer_pulse(
            request.user,
            meeting,
            form.scores(),
            comment=form.cleaned_data["comment"],
            keep_in_journal=form.cleaned_data["keep_in_journal"],
        )
    except services.PulseRefused as refused:
        if refused.reason == "answered":
            messages.info(request, _("You have already answered this pulse. Thank you."))
        else:
            messages.error(request, _("The pulse of this meeting is closed."))
        return None
    messages.success(request, _("Thank you. Your answer is stored without your name."))
    return None


@organisation_selectors.with_organisation
def pulse(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    """A minute's look back on the meeting, anonymous."""
    require(request.user, organisation, Capability.ANSWER_PULSE)
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    form: PulseForm | None = None
    if request.method == "POST":
        form = handle_pulse(request, organisation, meeting)
        if form is None:
            return HttpResponseRedirect(_meeting_url(organisation, meeting))
    state = selectors.pulse_state(request.user, meeting)
    return render(
        request,
        "reflections/pulse.html",
        {
            "organisation": organisation,
            "meeting": meeting,
            "state": state,
            "form": form or PulseForm(),
            "min_responses": selectors.MIN_RESPONSES,
        },
    )


@organisation_selectors.with_organisation
def pulse_result(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.VIEW_PULSE_RESULTS)
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    return render(
        request,
        "reflections/pulse_result.html",
        {
            "organisation": organisation,
            "meeting": meeting,
            "result": selectors.pulse_result(meeting),
            "min_responses": selectors.MIN_RESPONSES,
        },
    )


@organisation_selectors.with_organisation
def trend(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The pulse over the term as a chart with its table, for the griffie and the presidium."""
    require(request.user, organisation, Capability.VIEW_PULSE_RESULTS)
    found = selectors.pulse_trend(organisation)
    return render(
        request,
        "reflections/trend.html",
        {
            "organisation": organisation,
            "trend": found,
            "chart": found.chart(),
            "questions": selectors.QUESTIONS,
            "min_responses": selectors.MIN_RESPONSES,
        },
    )


@organisation_selectors.with_organisation
def trend_csv(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.VIEW_PULSE_RESULTS)
    found = selectors.pulse_trend(organisation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="terugblik-{organisation.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("date"), _("meeting"), _("answers"), *(str(q.short) for q in selectors.QUESTIONS)])
    writer.writerows([cell(value) for value in row] for row in selectors.trend_csv_rows(found))
    return response


# --- Mijn reflecties --------------------------------------------------------------------------------------


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """The member's journal. A search is posted, so that its words never stand in an address (and so not
    in an access log or the browser's history)."""
    search = SearchForm(request.POST if request.method == "POST" else None)
    query = search.query() if request.method == "POST" else ""
    items = selectors.journal_for_user(request.user, query)
    response = render(
        request,
        "reflections/journal.html",
        {"items": items, "search": search, "query": query, "delete_all": DeleteAllForm()},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def write(request: HttpRequest) -> HttpResponse:
    """A free entry in the journal."""
    form = EntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.write_entry(request.user, form.cleaned_data["text"])
        messages.success(request, _("Your reflection is stored. Only you can read it."))
        return HttpResponseRedirect(reverse("reflections:journal"))
    return render(request, "reflections/write.html", {"form": form})


@organisation_selectors.with_organisation
def write_about_meeting(request: HttpRequest, organisation: Organisation, meeting_id: int) -> HttpResponse:
    """An entry about a meeting, or one of its agenda items."""
    meeting = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    items = {item.pk: item for item in agenda_selectors.items_of(meeting).filter(is_heading=False)}
    choices = [(pk, f"{item.number} {item.title}".strip()) for pk, item in items.items()]
    form = EntryForm(request.POST if request.method == "POST" else None, agenda_items=choices)
    if request.method == "POST" and form.is_valid():
        agenda_item = items.get(form.cleaned_data.get("agenda_item") or 0)
        services.write_entry(
            request.user, form.cleaned_data["text"], meeting=meeting, agenda_item=agenda_item
        )
        messages.success(request, _("Your reflection is stored. Only you can read it."))
        return HttpResponseRedirect(reverse("reflections:journal"))
    if request.method == "GET" and request.GET.get("agendapunt", "").isdigit():
        form = EntryForm(initial={"agenda_item": request.GET["agendapunt"]}, agenda_items=choices)
    return render(
        request, "reflections/write.html", {"form": form, "meeting": meeting, "organisation": organisation}
    )


def _download(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"mijn-reflecties-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_markdown(request: HttpRequest) -> HttpResponse:
    items = selectors.journal_for_user(request.user)
    return _download(
        selectors.journal_markdown(items, _("My reflections")), "text/markdown; charset=utf-8", "md"
    )


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    items = selectors.journal_for_user(request.user)
    return _download(selectors.journal_json(items), "application/json; charset=utf-8", "json")


@require_POST
@login_required
def delete_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_entry_for_user(request.user, entry_id)
    services.delete_entry(request.user, entry.pk)
    messages.info(request, _("The entry is deleted."))
    return HttpResponseRedirect(reverse("reflections:journal"))


@require_POST
@login_required
def delete_module_reflection(request: HttpRequest, reflection_id: int) -> HttpResponse:
    if not services.delete_module_reflection(request.user, reflection_id):
        from django.http import Http404

        raise Http404
    messages.info(request, _("The entry is deleted."))
    return HttpResponseRedirect(reverse("reflections:journal"))


@require_POST
@login_required
def delete_all(request: HttpRequest) -> HttpResponse:
    form = DeleteAllForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want to delete everything."))
        return HttpResponseRedirect(reverse("reflections:journal") + "#alles-verwijderen")
    count = services.delete_journal(request.user)
    messages.info(request, _("Your journal is empty: %(count)s entries deleted.") % {"count": count})
    return HttpResponseRedirect(reverse("reflections:journal"))


def can_view_results(request: HttpRequest, organisation: Organisation) -> bool:
    return can(request.user, organisation, Capability.VIEW_PULSE_RESULTS)
