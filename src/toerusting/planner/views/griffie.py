"""Griffie pages of the term planner: the plan, its activities and rules, scheduling, publishing, the
timeline and the per-member overview. Each checks the MANAGE_PLAN capability (403 otherwise). Every action
is a plain form post, so all of it works without JavaScript."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.audit import services as audit_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.mentoring import selectors as mentoring_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.planner import selectors, services
from toerusting.planner.forms import (
    ActivityForm,
    MilestoneForm,
    PeriodForm,
    PlanSettingsForm,
    RuleForm,
)

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


def _no_plan(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    messages.info(request, _("Make the term plan first."))
    return redirect("planner:plan", org=organisation.slug)


def _back(organisation: Organisation) -> HttpResponse:
    return redirect("planner:plan", org=organisation.slug)


@organisation_selectors.with_organisation
def plan_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    status = 200
    if plan is None:
        term = organisation_selectors.current_term(organisation)
        if request.method == "POST" and term is not None:
            try:
                services.create_plan(organisation, term)
                audit_services.record(
                    request.user,
                    organisation,
                    audit_services.Action.PLAN_CHANGED,
                    "term plan",
                    change="created",
                )
            except services.PlanError as exc:
                messages.error(request, str(exc))
                status = 400
            else:
                messages.success(request, _("The plan is made, with the usual recesses and P&C dates."))
                return _back(organisation)
        return render(
            request, "planner/start.html", {"organisation": organisation, "term": term}, status=status
        )
    settings_form = PlanSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "school_region": plan.school_region,
            "max_sessions_per_month": plan.max_sessions_per_month,
            "usual_location": plan.usual_location,
        },
    )
    if request.method == "POST":
        if settings_form.is_valid():
            services.update_settings(
                plan,
                school_region=settings_form.cleaned_data["school_region"],
                max_sessions_per_month=settings_form.cleaned_data["max_sessions_per_month"],
                usual_location=settings_form.cleaned_data["usual_location"],
            )
            audit_services.record(
                request.user, organisation, audit_services.Action.PLAN_CHANGED, "term plan", change="settings"
            )
            messages.success(request, _("Your changes are saved."))
            return _back(organisation)
        status = 400
    activities = plan.activities.select_related("item", "owner_person").prefetch_related(
        "rules", "planned_sessions"
    )
    return render(
        request,
        "planner/plan.html",
        {
            "organisation": organisation,
            "plan": plan,
            "activities": activities,
            "settings_form": settings_form,
            "periods": plan.blocked_periods.all(),
            "milestones": plan.milestones.all(),
            "period_form": PeriodForm(),
            "milestone_form": MilestoneForm(),
            "trainer_tracks": mentoring_selectors.tracks_for_organisation(organisation),
        },
        status=status,
    )


def _activity_form(
    request: HttpRequest, organisation: Organisation, initial: dict[str, Any] | None = None
) -> ActivityForm:
    items = [(i.slug, i.title) for i in catalogue_selectors.visible_items(request.user).order_by("title")]
    people = [
        (p.pk, p.full_name) for p in organisation_selectors.colleagues_for_user(request.user, organisation)
    ]
    return ActivityForm(
        request.POST if request.method == "POST" else None, items=items, people=people, initial=initial
    )


def _activity_fields(
    request: HttpRequest, organisation: Organisation, data: dict[str, Any]
) -> dict[str, Any]:
    """The activity's fields from a valid ActivityForm, owner resolved within the organisation."""
    owner = None
    if data["owner_person"]:
        owner = organisation_selectors.get_person_for_user(
            request.user, organisation, int(data["owner_person"])
        )
    return {
        "audience": data["audience"],
        "sessions": data["sessions"],
        "duration_minutes": data["duration_minutes"],
        "owner_kind": data["owner_kind"],
        "owner_person": owner,
        "owner_name": data["owner_name"],
        "preferred_weekday": data["preferred_weekday"],
        "preferred_daypart": data["preferred_daypart"],
        "location": data["location"],
    }


@organisation_selectors.with_organisation
def activity_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    form = _activity_form(request, organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = catalogue_selectors.get_item_for_user(request.user, data["item"])
        activity = services.add_activity(
            plan, item, title=data["title"] or item.title, **_activity_fields(request, organisation, data)
        )
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.PLAN_CHANGED,
            activity.title,
            change="activity added",
        )
        messages.success(request, _("The activity is added. Add timing rules if it needs them."))
        return redirect("planner:activity", org=organisation.slug, activity_id=activity.pk)
    return render(
        request,
        "planner/activity_form.html",
        {"organisation": organisation, "plan": plan, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def activity_edit(request: HttpRequest, organisation: Organisation, activity_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    activity = selectors.get_activity_for_user(request.user, organisation, activity_id)
    initial = {
        "item": activity.item.slug,
        "title": activity.title,
        "audience": activity.audience,
        "sessions": activity.sessions,
        "duration_minutes": activity.duration_minutes,
        "owner_kind": activity.owner_kind,
        "owner_person": activity.owner_person_id or "",
        "owner_name": activity.owner_name,
        "preferred_weekday": activity.preferred_weekday,
        "preferred_daypart": activity.preferred_daypart,
        "location": activity.location,
    }
    form = _activity_form(request, organisation, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = catalogue_selectors.get_item_for_user(request.user, data["item"])
        services.update_activity(
            activity, item, title=data["title"] or item.title, **_activity_fields(request, organisation, data)
        )
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.PLAN_CHANGED,
            data["title"] or item.title,
            change="activity changed",
        )
        messages.success(request, _("The activity is changed. Schedule the plan again to move its sessions."))
        return redirect("planner:activity", org=organisation.slug, activity_id=activity.pk)
    return render(
        request,
        "planner/activity_form.html",
        {"organisation": organisation, "plan": activity.plan, "form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def activity_page(request: HttpRequest, organisation: Organisation, activity_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    activity = selectors.get_activity_for_user(request.user, organisation, activity_id)
    form = RuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_rule(activity, form.cleaned_data["kind"], form.cleaned_data["number"])
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.PLAN_CHANGED,
            activity.title,
            change="timing rule added",
        )
        messages.success(request, _("The rule is added."))
        return redirect("planner:activity", org=organisation.slug, activity_id=activity.pk)
    return render(
        request,
        "planner/activity.html",
        {"organisation": organisation, "activity": activity, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@organisation_selectors.with_organisation
def activity_delete(request: HttpRequest, organisation: Organisation, activity_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    services.delete_activity(selectors.get_activity_for_user(request.user, organisation, activity_id))
    audit_services.record(
        request.user,
        organisation,
        audit_services.Action.PLAN_CHANGED,
        "activity",
        change="activity deleted",
        activity=activity_id,
    )
    messages.info(request, _("The activity is removed."))
    return _back(organisation)


@require_POST
@organisation_selectors.with_organisation
def rule_delete(request: HttpRequest, organisation: Organisation, rule_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    rule = selectors.get_rule_for_user(request.user, organisation, rule_id)
    activity_id = rule.activity_id
    services.delete_rule(rule)
    audit_services.record(
        request.user,
        organisation,
        audit_services.Action.PLAN_CHANGED,
        "timing rule",
        change="timing rule deleted",
        rule=rule_id,
    )
    messages.info(request, _("The rule is removed."))
    return redirect("planner:activity", org=organisation.slug, activity_id=activity_id)


@require_POST
@organisation_selectors.with_organisation
def period_add(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    form = PeriodForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.add_blocked_period(plan, data["name"], data["start_date"], data["end_date"])
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.PLAN_CHANGED,
            data["name"],
            change="recess added",
        )
        messages.success(request, _("The period is blocked."))
    else:
        messages.error(request, _("The period is not added: fill in a name, a first and a last day."))
    return _back(organisation)


@require_POST
@organisation_selectors.with_organisation
def period_delete(request: HttpRequest, organisation: Organisation, period_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    period = selectors.get_period_for_user(request.user, organisation, period_id)
    services.delete_blocked_period(period)
    audit_services.record(
        request.user, organisation, audit_services.Action.PLAN_CHANGED, period.name, change="recess deleted"
    )
    messages.info(request, _("“%(name)s” is no longer blocked.") % {"name": period.name})
    return _back(organisation)


@require_POST
@organisation_selectors.with_organisation
def milestone_add(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.add_milestone(plan, form.cleaned_data["kind"], form.cleaned_data["date"])
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.PLAN_CHANGED,
            str(form.cleaned_data["date"]),
            change="P&C date added",
        )
        messages.success(request, _("The P&C date is added."))
    else:
        messages.error(request, _("The P&C date is not added: choose a moment and a date."))
    return _back(organisation)


@require_POST
@organisation_selectors.with_organisation
def milestone_delete(request: HttpRequest, organisation: Organisation, milestone_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    services.delete_milestone(selectors.get_milestone_for_user(request.user, organisation, milestone_id))
    audit_services.record(
        request.user,
        organisation,
        audit_services.Action.PLAN_CHANGED,
        "P&C date",
        change="P&C date deleted",
        milestone=milestone_id,
    )
    messages.info(request, _("The P&C date is removed."))
    return _back(organisation)


@require_POST
@organisation_selectors.with_organisation
def schedule(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    outcome = services.schedule_plan(plan)
    if outcome.ok:
        audit_services.record(
            request.user, organisation, audit_services.Action.PLAN_CHANGED, "term plan", change="scheduled"
        )
    if outcome.ok:
        if outcome.moves:
            messages.success(
                request,
                _("The plan is scheduled without conflicts; %(moves)d published sessions had to move.")
                % {"moves": outcome.moves},
            )
        else:
            messages.success(request, _("The plan is scheduled without conflicts."))
        if outcome.quick:
            messages.info(
                request,
                _(
                    "The planner had little time, so this is a quick plan: every rule is met, but the spread "
                    "over the months and your preferred days may be better. Schedule again to improve it."
                ),
            )
        return redirect("planner:timeline", org=organisation.slug)
    return render(
        request,
        "planner/clash.html",
        {"organisation": organisation, "plan": plan, "outcome": outcome},
        status=400,
    )


@require_POST
@organisation_selectors.with_organisation
def publish(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    try:
        count = services.publish_plan(plan)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        audit_services.record(
            request.user, organisation, audit_services.Action.PLAN_PUBLISHED, "term plan", new_sessions=count
        )
        messages.success(request, _("The plan is published (%(count)d new sessions).") % {"count": count})
    return redirect("planner:timeline", org=organisation.slug)


@organisation_selectors.with_organisation
def timeline(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    template = "planner/print.html" if request.GET.get("afdruk") else "planner/timeline.html"
    activities = plan.activities.select_related("item", "owner_person")
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "plan": plan,
            "months": selectors.timeline(plan),
            "activities": activities,
        },
    )


@organisation_selectors.with_organisation
def members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    return render(
        request,
        "planner/members.html",
        {"organisation": organisation, "plan": plan, "rows": selectors.member_overview(plan, request.user)},
    )


@organisation_selectors.with_organisation
def member(request: HttpRequest, organisation: Organisation, person_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    person = organisation_selectors.get_person_for_user(request.user, organisation, person_id)
    plan = selectors.get_plan_for_user(request.user, organisation)
    if plan is None:
        return _no_plan(request, organisation)
    upcoming, past = selectors.split_by_now(selectors.sessions_for_person(plan, person, published_only=False))
    return render(
        request,
        "planner/member.html",
        {
            "organisation": organisation,
            "plan": plan,
            "person": person,
            "upcoming": upcoming,
            "past": past,
            "checklists": selectors.checklists_for(plan, person, person.user_id),
        },
    )
