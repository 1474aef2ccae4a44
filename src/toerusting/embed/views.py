"""The tab pages that live in an iframe inside a RIS.

Authentication: the tab session key, from the `s` parameter of the tab's own links (or of a form), or else
from the partitioned cookie. The key in the URL keeps the tab working when third-party cookies are blocked;
forms carry it in the body, which also protects them against cross-site requests (no cookie-only POSTs).
Framing: every tab response allows exactly the RIS origins configured for the organisation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from toerusting import csp, hooks, versions
from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.catalogue import services as catalogue_services
from toerusting.catalogue.forms import EndorseForm
from toerusting.embed.forms import LaunchForm, TabKeyForm, TabPostForm
from toerusting.embed.models import RisConnection, TabSession
from toerusting.embed.services import (
    COOKIE,
    LaunchRefused,
    find_session,
    launch,
    set_tab_cookie,
    tab_url,
)
from toerusting.learning import selectors as learning_selectors
from toerusting.learning import services as learning_services
from toerusting.learning.forms import AnswerForm, MarkDoneForm
from toerusting.organisations.permissions import Capability, require
from toerusting.recommendations import selectors as recommendation_selectors
from toerusting.reflections import selectors as reflection_selectors
from toerusting.reflections import services as reflection_services


def frame_policy(response: HttpResponse, connection: RisConnection | None) -> HttpResponse:
    """Allow framing by the connection's RIS origins only; without a connection, by nobody. The rest of
    the Content-Security-Policy is the site's (toerusting.csp)."""
    return csp.allow_framing(response, connection.frame_origins if connection is not None else ())


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))


def _session_from(request: HttpRequest) -> TabSession | None:
    key = TabKeyForm(request.POST if request.method == "POST" else request.GET).key()
    if not key and request.method != "POST":
        key = request.COOKIES.get(COOKIE) or ""
    return find_session(key or "", user_agent=_user_agent(request))


def tab_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the tab session; the organisation in the URL must be the session's."""

    @functools.wraps(view)
    @csrf_exempt
    def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
        session = _session_from(request)
        if session is None:
            response = render(
                request, "embed/refused.html", {"message": LaunchRefused("expired").message}, status=403
            )
            return frame_policy(response, None)
        if session.connection.organisation.slug != org:
            raise Http404
        request.user = session.user
        request.organisation = session.connection.organisation  # type: ignore[attr-defined]
        request.tab_session = session  # type: ignore[attr-defined]
        response = view(request, session, *args, **kwargs)
        return frame_policy(response, session.connection)

    return wrapper


@csrf_exempt
@require_http_methods(["GET", "POST"])
def launch_view(request: HttpRequest) -> HttpResponse:
    """Entry point for the RIS: /embed/launch/?token=<JWT> (GET in an iframe src, or a POSTed form)."""
    token = LaunchForm(request.POST if request.method == "POST" else request.GET).value()
    try:
        accepted = launch(token.strip(), user_agent=_user_agent(request))
    except LaunchRefused as refused:
        response = render(
            request, "embed/refused.html", {"message": refused.message, "reason": refused.reason}, status=403
        )
        return frame_policy(response, None)
    session = accepted.session
    # Opening Toerusting from the RIS is logging in too: a pending deletion of the account is cancelled.
    hooks.run("user_logged_in", session.user, None)
    organisation = session.connection.organisation
    source = session.connection.agenda_source
    target = tab_url("embed:upcoming", session, org=organisation.slug)
    if accepted.claims.get("agenda_item"):
        agenda_item = agenda_selectors.agenda_item_by_source(
            organisation, source, str(accepted.claims["agenda_item"])
        )
        if agenda_item is not None:
            target = tab_url("embed:agenda_item", session, org=organisation.slug, item_id=agenda_item.pk)
    elif accepted.claims.get("meeting"):
        meeting = agenda_selectors.meeting_by_source(organisation, source, str(accepted.claims["meeting"]))
        if meeting is not None:
            target = tab_url("embed:meeting", session, org=organisation.slug, meeting_id=meeting.pk)
    response = HttpResponseRedirect(target)
    set_tab_cookie(response, session)
    return frame_policy(response, session.connection)


@tab_view
def upcoming(request: HttpRequest, session: TabSession) -> HttpResponse:
    organisation = session.connection.organisation
    meetings = list(agenda_selectors.upcoming_meetings_for_user(request.user, organisation))
    return render(
        request,
        "embed/upcoming.html",
        {"session": session, "organisation": organisation, "meetings": meetings},
    )


# The rendered tab of a meeting is cached per member and language until the meeting's recommendations or
# curation change, or the member's progress changes (toerusting.versions). The session key in its links is
# a placeholder, filled in per request, so one cached page serves every session of the member.
KEY_PLACEHOLDER = "__tab_session_key__"
NONCE_PLACEHOLDER = "__csp_nonce__"


@tab_view
def meeting(request: HttpRequest, session: TabSession, meeting_id: int) -> HttpResponse:
    """The meeting's agenda with recommendations. A cached page was rendered for this member, this
    organisation and this meeting after the scoped lookup below, so a hit needs no further query."""
    organisation = session.connection.organisation
    meeting_version, user_version = versions.current(("meeting", meeting_id), ("user", session.user_id))
    scope = f"{get_language()}:{organisation.pk}:{meeting_id}:{session.user_id}"
    key = f"tab:{scope}:{meeting_version}:{user_version}"
    seconds = settings.EMBED_TAB_CACHE_SECONDS
    html = cache.get(key) if seconds else None
    if html is None:
        # The tab session was found with the member's current functie in this organisation checked.
        found = agenda_selectors.get_meeting_of_member_organisation(organisation, meeting_id)
        tab = recommendation_selectors.preparation_for_meeting(request.user, found)
        link_items(tab, organisation.slug, request.path, KEY_PLACEHOLDER)
        placeholder = TabSession(key=KEY_PLACEHOLDER, user=session.user, connection=session.connection)
        nonce = csp.nonce_of(request)
        request.csp_nonce = NONCE_PLACEHOLDER  # type: ignore[attr-defined]
        try:
            html = render_to_string(
                "embed/meeting.html",
                {
                    "session": placeholder,
                    "organisation": organisation,
                    "tab": tab,
                    "reflection": reflection_selectors.meeting_reflection(
                        request.user, organisation, found, actions=False, version=meeting_version
                    ),
                    "max_minutes": recommendation_selectors.PREPARATION_MAX_MINUTES,
                },
                request=request,
            )
        finally:
            request.csp_nonce = nonce  # type: ignore[attr-defined]
        if seconds:
            cache.set(key, html, seconds)
    return HttpResponse(
        html.replace(KEY_PLACEHOLDER, session.key).replace(NONCE_PLACEHOLDER, csp.nonce_of(request))
    )


@tab_view
def pulse(request: HttpRequest, session: TabSession, meeting_id: int) -> HttpResponse:
    """The anonymous pulse inside the tab: the same questions and the same rules as on the site."""
    organisation = session.connection.organisation
    found = agenda_selectors.get_meeting_for_user(request.user, organisation, meeting_id)
    require(request.user, organisation, Capability.ANSWER_PULSE)
    form = reflection_selectors.pulse_form(request.POST if request.method == "POST" else None)
    outcome = ""
    if request.method == "POST" and form.is_valid():
        try:
            reflection_services.answer_pulse(
                request.user,
                found,
                form.scores(),
                comment=form.cleaned_data["comment"],
                keep_in_journal=form.cleaned_data["keep_in_journal"],
            )
            outcome = "stored"
        except reflection_services.PulseRefused as refused:
            outcome = refused.reason
    return render(
        request,
        "embed/pulse.html",
        {
            "session": session,
            "organisation": organisation,
            "meeting": found,
            "form": form,
            "outcome": outcome,
            "state": reflection_selectors.pulse_state(request.user, found),
            "min_responses": reflection_selectors.MIN_RESPONSES,
        },
    )


def link_items(tab: recommendation_selectors.MeetingPreparation, org: str, back: str, key: str) -> None:
    """The tab's URL builder: each shown item opens inline in the tab (with the session key and the way
    back), made without a URL reversal per item (a page has up to ~90)."""
    slug_marker = "__item_slug__"
    pattern = reverse("embed:learning_item", kwargs={"org": org, "slug": slug_marker})
    query = f"?s={key}&terug={quote(back, safe='/')}"  # as the template's |urlencode
    for row in tab.rows:
        for shown in row.shown:
            shown.link = pattern.replace(slug_marker, shown.item.slug) + query


@tab_view
def agenda_item(request: HttpRequest, session: TabSession, item_id: int) -> HttpResponse:
    organisation = session.connection.organisation
    found = agenda_selectors.get_agenda_item_for_user(request.user, organisation, item_id)
    tab = recommendation_selectors.preparation_for_meeting(request.user, found.meeting, only_item=found)
    link_items(tab, organisation.slug, request.path, session.key)
    return render(
        request,
        "embed/meeting.html",
        {
            "session": session,
            "organisation": organisation,
            "tab": tab,
            "single_item": found,
            "max_minutes": recommendation_selectors.PREPARATION_MAX_MINUTES,
        },
    )


def _answer_form(question: Any, data: Any = None) -> AnswerForm:
    """The site's answer form for one question, prefixed so that all questions fit on one tab page."""
    return AnswerForm(data, question=question, prefix=f"vraag{question.pk}")


@tab_view
def learning_item(request: HttpRequest, session: TabSession, slug: str) -> HttpResponse:
    """An item opened inline in the tab: read it, do the module, mark it done or useful, with the site's
    own forms and services (the tab adds only the session key and the way back)."""
    item = catalogue_selectors.get_item_for_user(request.user, slug)
    post = TabPostForm(request.POST) if request.method == "POST" else None
    sent = post.cleaned_data if post is not None and post.is_valid() else {}
    back = request.GET.get("terug") or sent.get("terug") or ""
    context: dict[str, Any] = {
        "session": session,
        "organisation": session.connection.organisation,
        "item": item,
        "back": back if back.startswith("/embed/") else "",
    }
    module = catalogue_selectors.get_module_for_user(request.user, slug) if item.is_micro_module else None
    questions = list(module.questions.all()) if module is not None else []
    answer_forms = {question.pk: _answer_form(question) for question in questions}
    status = 200
    if post is not None:
        saved, anchor = False, sent.get("anker") or ""
        action = sent.get("action")
        if action == "answer":
            question = next((q for q in questions if q.pk == sent.get("question")), None)
            if question is not None:
                form = _answer_form(question, request.POST)
                if form.is_valid():
                    learning_services.answer(request.user, form.cleaned_data["option"])
                    # Back at the feedback on this answer, so that it is in view (not the top of the page).
                    saved, anchor = True, f"uitleg-{question.pk}"
                else:
                    answer_forms[question.pk] = context["invalid_form"] = form
        elif action == "complete":
            done = MarkDoneForm(request.POST)
            if done.is_valid():
                if done.cleaned_data["undo"]:
                    learning_services.reopen(request.user, item)
                else:
                    learning_services.complete(request.user, item)
                saved = True
        elif action == "useful":
            endorse = EndorseForm(request.POST)
            if endorse.is_valid():
                catalogue_services.endorse(
                    request.user,
                    item,
                    note=endorse.cleaned_data["note"],
                    show_name=endorse.cleaned_data["show_name"],
                )
                saved = True
        if saved:
            url = tab_url(
                "embed:learning_item", session, org=session.connection.organisation.slug, slug=item.slug
            )
            if context["back"]:
                url += "&" + urlencode({"terug": context["back"]})
            return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))
        # Nothing was saved: the page again, with the answer's error at its question, or (for a form that
        # did not come from this page) a message above it.
        status = 400
        context["not_saved"] = "invalid_form" not in context
    if module is not None:
        context["module"] = module
        score = learning_selectors.score_for_user(request.user, module)
        answers = {r.question.pk: r.answer for r in score.results if r.answer is not None}
        context["questions"] = [(q, answer_forms[q.pk], answers.get(q.pk)) for q in questions]
        context["score"] = score
    context["progress"] = learning_selectors.progress_for_user(request.user, item)
    context["useful"] = catalogue_selectors.word_of_mouth_for_user(request.user, item).mine is not None
    return render(request, "embed/item.html", context, status=status)
