"""Django admin for mentoring, for platform operators. Meeting notes are private to the pair and are not
shown here."""

from __future__ import annotations

from django.contrib import admin

from toerusting.mentoring.models import MentorPair, TrackStep, TrainerTrack


@admin.register(MentorPair)
class MentorPairAdmin(admin.ModelAdmin[MentorPair]):
    list_display = ("organisation", "mentor", "mentee", "status", "created_at")
    list_filter = ("organisation", "status")


class TrackStepInline(admin.TabularInline[TrackStep, TrainerTrack]):
    model = TrackStep
    extra = 0


@admin.register(TrainerTrack)
class TrainerTrackAdmin(admin.ModelAdmin[TrainerTrack]):
    list_display = ("organisation", "person", "kind", "subject")
    list_filter = ("organisation", "kind")
    inlines = [TrackStepInline]
