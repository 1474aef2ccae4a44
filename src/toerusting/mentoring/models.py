"""Mentoring and train-de-trainer.

MentorPair: the griffie pairs an experienced member (mentor) with a new one (mentee); the mentee accepts or
declines. MentorMeeting: the pair's own log of meetings; its note is private to the two of them (the
griffie sees only how many meetings there were). MentoringWish: what a new member asks of a mentor
(for now: not of my own fractie). TrainerTrack and TrackStep: a member or griffie employee becomes a
facilitator of intervision or a module in four steps, each signed off by the griffie.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PairStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("proposed")
    ACTIVE = "actief", _("active")
    DECLINED = "afgewezen", _("declined")
    ENDED = "beeindigd", _("ended")


class MentorPair(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("new member")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    reasons = models.JSONField(_("why this pair"), default=list, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mentor pair")
        verbose_name_plural = _("mentor pairs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="pair_two_people"),
            models.UniqueConstraint(
                fields=["organisation", "mentor", "mentee"],
                condition=Q(status__in=["voorgesteld", "actief"]),
                name="pair_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} - {self.mentee}"

    @property
    def is_open(self) -> bool:
        return self.status in (PairStatus.PROPOSED, PairStatus.ACTIVE)


class MentorMeeting(models.Model):
    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    note = models.TextField(
        _("short note"), blank=True, help_text=_("Only the two of you can read it, not the griffie.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.pair}: {self.date}"


class MentoringWish(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    other_fractie = models.BooleanField(_("a mentor of another fractie"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="mentoring_wish_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.other_fractie}"


class TrackKind(models.TextChoices):
    INTERVISIE = "intervisie", _("intervision (intervisie)")
    MODULE = "module", _("a module or training")


class StepKind(models.TextChoices):
    LEARN = "leren", _("learn the method")
    CO_FACILITATE = "meebegeleiden", _("co-facilitate with an experienced facilitator")
    FACILITATE = "begeleiden", _("facilitate on your own")
    FEEDBACK = "feedback", _("feedback and reflection")


STEP_ORDER = [StepKind.LEARN, StepKind.CO_FACILITATE, StepKind.FACILITATE, StepKind.FEEDBACK]


class TrainerTrack(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("facilitator")
    )
    kind = models.CharField(_("facilitates"), max_length=20, choices=TrackKind.choices)
    subject = models.CharField(
        _("subject"), max_length=200, help_text=_('For example "incident method" or the title of the module.')
    )
    item = models.ForeignKey(
        "catalogue.LearningItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("train-the-trainer track")
        verbose_name_plural = _("train-the-trainer tracks")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.subject}"


class TrackStep(models.Model):
    track = models.ForeignKey(TrainerTrack, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    done_date = models.DateField(_("date done"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_name = models.CharField(max_length=200, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["track", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["track", "kind"], name="track_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.track}: {self.kind}"

    @property
    def is_done(self) -> bool:
        return self.signed_off_at is not None
