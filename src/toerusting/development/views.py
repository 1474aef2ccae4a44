"""Pages of personal development under /o/<org>/ontwikkeling/. Plain forms, no JavaScript needed.

A member's scan, plan and 360° results are read only through the owner-scoped selectors (a 404 for anyone
else); the griffie's overview needs the VIEW_DEVELOPMENT_OVERVIEW capability and shows counts and
aggregates only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.development import selectors, services
from toerusting.development.content import scan_content
from toerusting.development.forms import (
    ActionEditForm,
    ActionForm,
    GoalForm,
    InviteForm,
    ReviewForm,
    ShareForm,
    StatementsForm,
)
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require

if TYPE_CHECKING:
    from toerusting.accounts.models import User
    from toerusting.organisations.models import Organisation


def _colleagues(request: HttpRequest, organisation: Organisation) -> list[tuple[int, str]]:
    return [
        (person.pk, person.full_name)
        for person in organisation_selectors.colleagues_for_user(request.user, organisation)
    ]


def _colleague_user(request: HttpRequest, organisation: Organisation, person_id: str) -> User:
    """The login of a colleague of the organisation (404 for a person of another organisation)."""
    person = organisation_selectors.get_person_for_user(request.user, organisation, int(person_id))
    if person.user is None:
        raise services.DevelopmentError(_("This person has no account."), "recipient")
    return person.user


@organisation_selectors.with_organisation
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    user = request.user
    open_scan = selectors.open_scan_for_user(user, organisation)
    scans = selectors.finished_scans_for_user(user, organisation)
    context = {
        "organisation": organisation,
        "open_scan": open_scan,
        "open_progress": selectors.progress_of(selectors.answers_of(open_scan)) if open_scan else [],
        "scans": scans,
        "invitations": selectors.invitations_for_user(user, organisation),
        "shared_with_me": selectors.shares_with_user(user, organisation),
        "next": selectors.next_in_plan(user, organisation),
        "shares": selectors.shares_of_owner(user, organisation),
        "share_form": ShareForm(people=_colleagues(request, organisation)),
        "content": scan_content(),
        "can_overview": can(user, organisation, Capability.VIEW_DEVELOPMENT_OVERVIEW),
    }
    return render(request, "development/home.html", context)


@require_POST
@organisation_selectors.with_organisation
def scan_start(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    scan = services.start_scan(request.user, organisation)  # type: ignore[arg-type]
    return redirect("development:scan_step", org=organisation.slug, scan_id=scan.pk, number=1)


@organisation_selectors.with_organisation
def scan_step(request: HttpRequest, organisation: Organisation, scan_id: int, number: int) -> HttpResponse:
    scan = selectors.get_scan_for_user(request.user, organisation, scan_id)
    if scan.is_finished:
        return redirect("development:profile", org=organisation.slug, scan_id=scan.pk)
    pages = scan_content().pages
    if not 1 <= number <= len(pages):
        return redirect("development:scan_step", org=organisation.slug, scan_id=scan.pk, number=1)
    competencies = pages[number - 1]
    statements = [s for c in competencies for s in c.statements]
    answers = selectors.answers_of(scan)
    status = 200
    if request.method == "POST":
        form = StatementsForm(request.POST, statements=statements)
        complete = form.is_valid()
        services.save_answers(scan, form.valid_answers())
        move = request.POST.get("move", "next")
        if move == "stop":
            messages.success(request, _("Your answers are saved. You can finish the scan later."))
            return redirect("development:home", org=organisation.slug)
        if move == "back" and number > 1:
            return redirect(
                "development:scan_step", org=organisation.slug, scan_id=scan.pk, number=number - 1
            )
        if complete and number < len(pages):
            return redirect(
                "development:scan_step", org=organisation.slug, scan_id=scan.pk, number=number + 1
            )
        if complete:
            try:
                services.finish_scan(scan)
            except services.DevelopmentError as exc:
                messages.error(request, str(exc))
                first_open = next(
                    p for p in selectors.progress_of(selectors.answers_of(scan)) if not p.complete
                )
                return redirect(
                    "development:scan_step", org=organisation.slug, scan_id=scan.pk, number=first_open.number
                )
            messages.success(request, _("The scan is finished. Here is your profile."))
            return redirect("development:profile", org=organisation.slug, scan_id=scan.pk)
        status = 400
    else:
        form = StatementsForm(
            initial={key: str(value) for key, value in answers.items()}, statements=statements
        )
    return render(
        request,
        "development/scan_step.html",
        {
            "organisation": organisation,
            "scan": scan,
            "form": form,
            "groups": [(c, [form[s.key] for s in c.statements]) for c in competencies],
            "number": number,
            "pages": selectors.progress_of(answers),
            "last": number == len(pages),
        },
        status=status,
    )


@organisation_selectors.with_organisation
def profile(request: HttpRequest, organisation: Organisation, scan_id: int) -> HttpResponse:
    scan = selectors.get_scan_for_user(request.user, organisation, scan_id)
    if not scan.is_finished:
        return redirect("development:scan_step", org=organisation.slug, scan_id=scan.pk, number=1)
    result = selectors.profile_of(scan)
    latest = selectors.latest_finished_scan(request.user, organisation)
    invited = selectors.invited_of(scan)
    invited_ids = {r.invitee_id for r in invited}
    people = organisation_selectors.colleagues_for_user(request.user, organisation)
    return render(
        request,
        "development/profile.html",
        {
            "organisation": organisation,
            "profile": result,
            "is_latest": latest is not None and latest.pk == scan.pk,
            "advice": selectors.advice_for(request.user, organisation, result),
            "invited": invited,
            "invite_form": InviteForm(
                colleagues=[(p.pk, p.full_name) for p in people if p.user_id not in invited_ids]
            ),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def feedback_invite(request: HttpRequest, organisation: Organisation, scan_id: int) -> HttpResponse:
    scan = selectors.get_scan_for_user(request.user, organisation, scan_id)
    form = InviteForm(request.POST, colleagues=_colleagues(request, organisation))
    back = redirect(
        reverse("development:profile", kwargs={"org": organisation.slug, "scan_id": scan.pk}) + "#feedback"
    )
    if not form.is_valid():
        messages.error(
            request,
            _("Colleagues to ask: %(error)s")
            % {"error": " ".join(str(e) for e in form.errors["colleagues"])},
        )
        return back
    try:
        users = [_colleague_user(request, organisation, pk) for pk in form.cleaned_data["colleagues"]]
        asked = services.invite_colleagues(scan, users)
    except services.DevelopmentError as exc:
        messages.error(request, _("Colleagues to ask: %(error)s") % {"error": exc})
        return back
    messages.success(
        request,
        _("%(count)s colleagues asked. They find your request on their page Personal development.")
        % {"count": len(asked)},
    )
    return back


@organisation_selectors.with_organisation
def feedback_answer(request: HttpRequest, organisation: Organisation, request_id: int) -> HttpResponse:
    feedback_request = selectors.get_request_for_invitee(request.user, organisation, request_id)
    statements = [s for c in scan_content().competencies for s in c.statements]
    form = StatementsForm(request.POST or None, statements=statements, allow_cannot_judge=True)
    status = 200
    if request.method == "POST" and not feedback_request.answered:
        if form.is_valid():
            answers = {
                key: (None if value == "0" else int(value)) for key, value in form.cleaned_data.items()
            }
            try:
                services.answer_feedback(feedback_request, answers)
            except services.DevelopmentError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Thank you. Your feedback is saved without your name."))
                return redirect("development:home", org=organisation.slug)
        status = 400
    return render(
        request,
        "development/feedback_answer.html",
        {
            "organisation": organisation,
            "feedback_request": feedback_request,
            "member": selectors.display_name(feedback_request.scan.user),
            "form": form,
            "groups": [(c, [form[s.key] for s in c.statements]) for c in scan_content().competencies],
        },
        status=status,
    )


@require_POST
@organisation_selectors.with_organisation
def share(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = ShareForm(request.POST, people=_colleagues(request, organisation))
    back = redirect("development:home", org=organisation.slug)
    if selectors.latest_finished_scan(request.user, organisation) is None:
        messages.error(request, _("Share the summary with: finish a scan first."))
        return back
    if not form.is_valid():
        messages.error(
            request,
            _("Share the summary with: %(error)s")
            % {"error": " ".join(str(e) for e in form.errors["recipient"])},
        )
        return back
    try:
        recipient = _colleague_user(request, organisation, form.cleaned_data["recipient"])
        services.share_summary(request.user, organisation, recipient)  # type: ignore[arg-type]
    except services.DevelopmentError as exc:
        messages.error(request, _("Share the summary with: %(error)s") % {"error": exc})
        return back
    messages.success(
        request,
        _("%(name)s can now see the summary of your latest scan (not your answers).")
        % {"name": selectors.display_name(recipient)},
    )
    return back


@require_POST
@organisation_selectors.with_organisation
def share_stop(request: HttpRequest, organisation: Organisation, share_id: int) -> HttpResponse:
    shared = selectors.get_share_for_user(request.user, organisation, share_id, owner_only=True)
    services.stop_sharing(shared)
    messages.success(
        request,
        _("%(name)s can no longer see your summary.") % {"name": selectors.display_name(shared.recipient)},
    )
    return redirect("development:home", org=organisation.slug)


@organisation_selectors.with_organisation
def shared(request: HttpRequest, organisation: Organisation, share_id: int) -> HttpResponse:
    shared_summary = selectors.get_share_for_user(request.user, organisation, share_id)
    return render(
        request,
        "development/shared.html",
        {
            "organisation": organisation,
            "share": shared_summary,
            "owner_name": selectors.display_name(shared_summary.owner),
            "recipient_name": selectors.display_name(shared_summary.recipient),
            "is_owner": shared_summary.owner_id == request.user.pk,
            "profile": selectors.shared_profile(shared_summary),
        },
    )


# --- The plan ------------------------------------------------------------------------------------------


def _plan_url(organisation: Organisation) -> str:
    return reverse("development:plan", kwargs={"org": organisation.slug})


@organisation_selectors.with_organisation
def plan(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    development_plan = selectors.get_plan_for_user(request.user, organisation)
    return render(
        request,
        "development/plan.html",
        {
            "organisation": organisation,
            "plan": development_plan,
            "latest_scan": selectors.latest_finished_scan(request.user, organisation),
            "goal_form": GoalForm(),
            "content": scan_content(),
        },
    )


@organisation_selectors.with_organisation
def plan_print(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "development/plan_print.html",
        {
            "organisation": organisation,
            "plan": selectors.get_plan_for_user(request.user, organisation),
            "name": selectors.display_name(request.user),
            "content": scan_content(),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def plan_draft(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    scan = selectors.latest_finished_scan(request.user, organisation)
    if scan is None:
        messages.error(request, _("Do the competency scan first; the plan is drafted from its advice."))
        return redirect("development:home", org=organisation.slug)
    advice = selectors.advice_for(request.user, organisation, selectors.profile_of(scan, with_feedback=False))
    _plan, added = services.draft_plan(request.user, organisation, advice)  # type: ignore[arg-type]
    if added:
        messages.success(
            request,
            _("%(count)s goals drafted from the advice. Change them as you like.") % {"count": added},
        )
    else:
        messages.info(request, _("Your plan already has a goal for each advised competency."))
    return redirect("development:plan", org=organisation.slug)


@organisation_selectors.with_organisation
def plan_edit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    development_plan = selectors.get_plan_for_user(request.user, organisation)
    form = ReviewForm(
        request.POST or None,
        initial={"review_date": development_plan.review_date if development_plan else None},
    )
    if request.method == "POST" and form.is_valid():
        development_plan = development_plan or services.plan_for(request.user, organisation)  # type: ignore[arg-type]
        services.set_review_date(development_plan, form.cleaned_data["review_date"])
        messages.success(request, _("Your changes are saved."))
        return redirect(_plan_url(organisation))
    return render(
        request,
        "development/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Review moment of your plan"),
            "back": _plan_url(organisation),
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def goal_add(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        development_plan = services.plan_for(request.user, organisation)  # type: ignore[arg-type]
        services.add_goal(development_plan, form.cleaned_data["competency"], form.cleaned_data["text"])
        messages.success(request, _("The goal is added."))
        return redirect(_plan_url(organisation))
    return render(
        request,
        "development/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Add a goal"),
            "back": _plan_url(organisation),
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def goal_edit(request: HttpRequest, organisation: Organisation, goal_id: int) -> HttpResponse:
    goal = selectors.get_goal_for_user(request.user, organisation, goal_id)
    form = GoalForm(request.POST or None, initial={"competency": goal.competency, "text": goal.text})
    if request.method == "POST" and form.is_valid():
        services.update_goal(goal, form.cleaned_data["competency"], form.cleaned_data["text"])
        messages.success(request, _("Your changes are saved."))
        return redirect(_plan_url(organisation))
    return render(
        request,
        "development/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Change the goal"),
            "back": _plan_url(organisation),
            "delete_url": reverse(
                "development:goal_delete", kwargs={"org": organisation.slug, "goal_id": goal.pk}
            ),
            "delete_label": _("Delete this goal and its actions"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@organisation_selectors.with_organisation
def goal_delete(request: HttpRequest, organisation: Organisation, goal_id: int) -> HttpResponse:
    services.delete_goal(selectors.get_goal_for_user(request.user, organisation, goal_id))
    messages.success(request, _("The goal is deleted."))
    return redirect(_plan_url(organisation))


@organisation_selectors.with_organisation
def action_add(request: HttpRequest, organisation: Organisation, goal_id: int) -> HttpResponse:
    goal = selectors.get_goal_for_user(request.user, organisation, goal_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_action(goal, kind=data["kind"], title=data["title"], due_date=data["due_date"])
        messages.success(request, _("The action is added."))
        return redirect(_plan_url(organisation))
    return render(
        request,
        "development/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Add an action to “%(goal)s”") % {"goal": goal.text},
            "back": _plan_url(organisation),
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def action_edit(request: HttpRequest, organisation: Organisation, action_id: int) -> HttpResponse:
    action = selectors.get_action_for_user(request.user, organisation, action_id)
    form = ActionEditForm(
        request.POST or None,
        initial={
            "kind": action.kind,
            "title": action.title,
            "due_date": action.due_date,
            "done": action.done,
            "evidence": action.evidence,
            "reflection": action.reflection,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_action(
            action,
            kind=data["kind"],
            title=data["title"],
            due_date=data["due_date"],
            done=data["done"],
            evidence=data["evidence"],
            reflection=data["reflection"],
        )
        messages.success(request, _("Your changes are saved."))
        return redirect(_plan_url(organisation))
    return render(
        request,
        "development/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Action: %(title)s") % {"title": action.title},
            "item": action.item,
            "back": _plan_url(organisation),
            "delete_url": reverse(
                "development:action_delete", kwargs={"org": organisation.slug, "action_id": action.pk}
            ),
            "delete_label": _("Delete this action"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@organisation_selectors.with_organisation
def action_delete(request: HttpRequest, organisation: Organisation, action_id: int) -> HttpResponse:
    services.delete_action(selectors.get_action_for_user(request.user, organisation, action_id))
    messages.success(request, _("The action is deleted."))
    return redirect(_plan_url(organisation))


# --- The griffie ---------------------------------------------------------------------------------------


@organisation_selectors.with_organisation
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.VIEW_DEVELOPMENT_OVERVIEW)
    return render(
        request,
        "development/overview.html",
        {"organisation": organisation, "participation": selectors.participation(request.user, organisation)},
    )
