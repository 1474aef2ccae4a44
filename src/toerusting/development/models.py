"""A member's personal development: the competency scan (private), its 360° feedback, what the member
shares, and the personal development plan (persoonlijk ontwikkelplan).

Everything here belongs to one user in one organisation and is read only through the owner-scoped
selectors; the griffie sees counts and aggregates of at least five members, never a row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SCALE_MIN = 1
SCALE_MAX = 5


class Scan(models.Model):
    """One run of the competency scan by a member; open until finished, then fixed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("competency scan")
        verbose_name_plural = _("competency scans")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(finished_at__isnull=True),
                name="one_open_scan_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id} {self.started_at:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class ScanAnswer(models.Model):
    """The member's answer to one statement (its key in the content file) on the 5-point scale."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="answers")
    statement = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan", "statement"], name="one_answer_per_statement")]

    def __str__(self) -> str:
        return f"{self.scan_id}:{self.statement}={self.value}"


class CompetencyScore(models.Model):
    """The mean of a finished scan's answers for one competency, kept so overviews need no recomputing."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="scores")
    competency = models.CharField(max_length=40)
    score = models.DecimalField(max_digits=3, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scan", "competency"], name="one_score_per_competency")
        ]

    def __str__(self) -> str:
        return f"{self.scan_id}:{self.competency}={self.score}"


class FeedbackRequest(models.Model):
    """A colleague asked for 360° feedback on a finished scan. The answers are kept apart from it
    (FeedbackAnswer has no link to the request), so they cannot be traced to a colleague."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="feedback_requests")
    invitee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        constraints = [models.UniqueConstraint(fields=["scan", "invitee"], name="one_request_per_colleague")]

    def __str__(self) -> str:
        return f"{self.scan_id}→{self.invitee_id}"


class FeedbackAnswer(models.Model):
    """One colleague's answer to one statement about the member, without the colleague."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="feedback_answers")
    statement = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    def __str__(self) -> str:
        return f"{self.scan_id}:{self.statement}={self.value}"


class Share(models.Model):
    """The member shows the summary of their latest scan to one colleague, until they stop sharing."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shared summary")
        verbose_name_plural = _("shared summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "organisation", "recipient"],
                condition=Q(stopped_at__isnull=True),
                name="one_active_share_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}→{self.recipient_id}"


class DevelopmentPlan(models.Model):
    """The persoonlijk ontwikkelplan of one member in one organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    review_date = models.DateField(_("review moment"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal development plan")
        verbose_name_plural = _("personal development plans")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_plan_per_member")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}"


class Goal(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    competency = models.CharField(_("competency"), max_length=40)
    text = models.CharField(_("goal"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def competency_name(self) -> str:
        from toerusting.development.content import scan_content

        competency = scan_content().by_code.get(self.competency)
        return competency.name if competency else self.competency


class ActionKind(models.TextChoices):
    CATALOGUE = "catalogue", _("Learning item from the catalogue")
    TRAINING = "training", _("Training on a date")
    MENTORING = "mentoring", _("Mentoring or a talk with an experienced colleague")
    PRACTICE = "practice", _("Practising in a real meeting")
    FREE = "free", _("Something else")


class Action(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind of action"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(_("what you will do"), max_length=300)
    item = models.ForeignKey(
        "catalogue.LearningItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("when"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    reflection = models.TextField(_("reflection"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        # Open first; dated ones by date, undated after them (on SQLite and PostgreSQL alike).
        ordering = ["done", models.F("due_date").asc(nulls_last=True), "created_at", "pk"]

    def __str__(self) -> str:
        return self.title
