"""Django admin for term plans, for platform operators; griffies use the planner pages."""

from __future__ import annotations

from django.contrib import admin

from toerusting.planner.models import (
    Activity,
    BlockedPeriod,
    Milestone,
    OnboardingStep,
    OnboardingTemplate,
    PlannedSession,
    TermPlan,
    TimingRule,
)


class ActivityInline(admin.TabularInline[Activity, TermPlan]):
    model = Activity
    extra = 0
    fields = ("title", "item", "audience", "sessions", "duration_minutes", "owner_kind", "owner_name")
    raw_id_fields = ("item",)


class BlockedPeriodInline(admin.TabularInline[BlockedPeriod, TermPlan]):
    model = BlockedPeriod
    extra = 0


class MilestoneInline(admin.TabularInline[Milestone, TermPlan]):
    model = Milestone
    extra = 0


@admin.register(TermPlan)
class TermPlanAdmin(admin.ModelAdmin[TermPlan]):
    list_display = ("organisation", "term")
    list_filter = ("organisation",)
    inlines = [ActivityInline, BlockedPeriodInline, MilestoneInline]


class TimingRuleInline(admin.TabularInline[TimingRule, Activity]):
    model = TimingRule
    extra = 0


class PlannedSessionInline(admin.TabularInline[PlannedSession, Activity]):
    model = PlannedSession
    extra = 0
    fields = ("number", "starts_at", "ends_at", "is_published")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ("title", "plan", "audience", "sessions", "owner_kind")
    list_filter = ("audience", "owner_kind")
    raw_id_fields = ("item", "owner_person")
    inlines = [TimingRuleInline, PlannedSessionInline]


class OnboardingStepInline(admin.TabularInline[OnboardingStep, OnboardingTemplate]):
    model = OnboardingStep
    extra = 0


@admin.register(OnboardingTemplate)
class OnboardingTemplateAdmin(admin.ModelAdmin[OnboardingTemplate]):
    list_display = ("title", "plan", "role")
    inlines = [OnboardingStepInline]
