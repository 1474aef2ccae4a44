"""Intervision between peers: a round opened by a griffie (for its own council, or regional for several),
the members who sign up with their availability, the groups formed by the solver (solver.py) and each
group's schedule and confidential space.

Confidentiality is a property of the reads: a group's meetings and notes are read only through
`selectors.get_group_for_member`, which admits the group's own members and nobody else (not the griffie,
not a superuser). `GroupNote` holds only what members write themselves and is never registered in the admin;
nothing of what is said in a session is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open for sign-up")
    FORMED = "formed", _("groups proposed")
    FROZEN = "frozen", _("groups fixed")


class Round(models.Model):
    """A round of intervision: owned by one organisation's griffie, open to the members of `councils`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organiser")
    )
    councils = models.ManyToManyField(
        "organisations.Organisation", related_name="+", verbose_name=_("councils taking part")
    )
    title = models.CharField(_("title"), max_length=120)
    min_size = models.PositiveSmallIntegerField(
        _("smallest group"), default=4, validators=[MinValueValidator(3), MaxValueValidator(12)]
    )
    max_size = models.PositiveSmallIntegerField(
        _("largest group"), default=7, validators=[MinValueValidator(3), MaxValueValidator(12)]
    )
    meeting_count = models.PositiveSmallIntegerField(
        _("meetings per group"), default=5, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    first_date = models.DateField(_("first meetings from"))
    weeks_between = models.PositiveSmallIntegerField(
        _("weeks between meetings"), default=5, validators=[MinValueValidator(2), MaxValueValidator(12)]
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intervision round")
        verbose_name_plural = _("intervision rounds")
        ordering = ["-first_date", "-pk"]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """A member's sign-up for a round: when they can, what they hope for, and whom they would rather not
    meet in their group (read only by the griffie of the round and the solver)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    slots = models.JSONField(_("available"), default=list)
    wishes = models.TextField(_("wishes"), max_length=1000, blank=True)
    not_with = models.ManyToManyField("organisations.Person", blank=True, related_name="+")
    group = models.ForeignKey(
        "Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="intervision_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id}"


class Group(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField()
    slot = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("intervision group")
        verbose_name_plural = _("intervision groups")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="intervision_group_number")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.number}"


class Method(models.TextChoices):
    INCIDENT = "incident", _("incident method")
    RODDEL = "roddel", _("gossip method")
    BALINT = "balint", _("Balint method")
    CASUS = "casus", _("case method")


class GroupMeeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=Method.choices)
    case_item = models.CharField(max_length=200, blank=True)  # slug of a catalogue item for the case method

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="intervision_meeting_number")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.number}"


class NoteKind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement")
    DATE = "date", _("date or place")


class GroupNote(models.Model):
    """What the group's members write down themselves: agreements (confidentiality, attendance) and dates
    or places. Read only by the group's members."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.AGREEMENT)
    text = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.pk}"
