"""The term plan: activities with owners and timing rules, blocked periods, P&C dates, planned sessions,
feeds, attendance, evaluations, and the onboarding programme with its checklist."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toerusting.planner.rules import (
    NEWCOMER_WEEKS,
    MilestoneKind,
    RuleKind,
    RuleSpec,
    rule_sentence,
    with_newcomer_rule,
)
from toerusting.planner.timeframes import DAYPARTS, REGIONS

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", _("draft")
    GEPUBLICEERD = "gepubliceerd", _("published")


class Region(models.TextChoices):
    NOORD = REGIONS[0], _("north (noord)")
    MIDDEN = REGIONS[1], _("middle (midden)")
    ZUID = REGIONS[2], _("south (zuid)")


class TermPlan(models.Model):
    """The development plan of one organisation for one council term."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    term = models.ForeignKey(
        "organisations.CouncilTerm",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("council term"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    school_region = models.CharField(
        _("school holiday region"), max_length=10, choices=Region.choices, blank=True, default=Region.MIDDEN
    )
    max_sessions_per_month = models.PositiveSmallIntegerField(
        _("at most this many sessions per month"), default=3, validators=[MinValueValidator(1)]
    )
    usual_location = models.CharField(
        _("usual place of sessions"),
        max_length=200,
        blank=True,
        help_text=_("Used in the calendar for activities without a place of their own."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("last scheduled"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("term plan")
        verbose_name_plural = _("term plans")
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="one_plan_per_term")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.term_id}"


class BlockedPeriod(models.Model):
    """A period without sessions: a recess, a holiday week, a busy time the griffie knows of."""

    plan = models.ForeignKey(TermPlan, on_delete=models.CASCADE, related_name="blocked_periods")
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")), name="blocked_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """A date of the planning and control cycle: kadernota, jaarstukken, begrotingsraad."""

    plan = models.ForeignKey(TermPlan, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("P&C date")
        verbose_name_plural = _("P&C dates")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "date"], name="milestone_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"


class Audience(models.TextChoices):
    RAAD = "raad", _("the whole council")
    NIEUWE_LEDEN = "nieuwe_leden", _("new members")
    FRACTIEVOORZITTERS = "fractievoorzitters", _("group leaders (fractievoorzitters)")
    BURGERLEDEN = "burgerleden", _("committee members (burgerleden)")
    COLLEGE = "college", _("the college (mayor and aldermen)")
    LOKALE_DRIEHOEK = "lokale_driehoek", _("the local triangle (mayor, griffier, secretary)")


class OwnerKind(models.TextChoices):
    GRIFFIER = "griffier", _("the griffier")
    BURGEMEESTER = "burgemeester", _("the mayor")
    FRACTIEVOORZITTER = "fractievoorzitter", _("a group leader")
    LID = "lid", _("a named member")
    EXTERN = "extern", _("an external provider")


DAYPART_CHOICES = [(d.code, d.label) for d in DAYPARTS]
WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
]


class Activity(models.Model):
    """One planned activity: a catalogue item, for an audience, in a number of sessions, with an owner."""

    plan = models.ForeignKey(TermPlan, on_delete=models.CASCADE, related_name="activities")
    item = models.ForeignKey(
        "catalogue.LearningItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("catalogue item")
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("for whom"), max_length=30, choices=Audience.choices, default=Audience.RAAD)
    sessions = models.PositiveSmallIntegerField(
        _("number of sessions"), default=1, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration of a session in minutes"), validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    owner_kind = models.CharField(_("responsible"), max_length=20, choices=OwnerKind.choices)
    owner_person = models.ForeignKey(
        "organisations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    owner_name = models.CharField(_("provider"), max_length=200, blank=True)
    preferred_weekday = models.PositiveSmallIntegerField(
        _("preferred weekday"), choices=WEEKDAY_CHOICES, null=True, blank=True
    )
    preferred_daypart = models.CharField(
        _("preferred daypart"), max_length=10, choices=DAYPART_CHOICES, blank=True
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Where the activity came from when it was adopted from elsewhere (a good practice of another council):
    # a page on this site and its title, so the plan links back to it.
    origin_path = models.CharField(_("adopted from (address)"), max_length=300, blank=True)
    origin_title = models.CharField(_("adopted from"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def newcomer_weeks(self) -> int | None:
        """The weeks of the rule the scheduler adds for new members (rules.with_newcomer_rule), if it does."""
        own = [RuleSpec(str(r.pk), r.kind, r.number) for r in self.rules.all()]
        applied = with_newcomer_rule(own, for_new_members=self.audience == Audience.NIEUWE_LEDEN, ident="")
        return NEWCOMER_WEEKS if len(applied) > len(own) else None


class TimingRule(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=40, choices=RuleKind.choices)
    number = models.PositiveSmallIntegerField(_("number of weeks or months"), null=True, blank=True)

    class Meta:
        verbose_name = _("timing rule")
        verbose_name_plural = _("timing rules")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.number or ''}".strip()

    @property
    def sentence(self) -> str:
        """The rule in words, its number filled in ("within 10 weeks after the installation")."""
        return rule_sentence(self.kind, self.number)


class PlannedSession(models.Model):
    """One session of an activity on a date. The UID stays when it moves, so calendars update it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="planned_sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    daypart = models.CharField(max_length=10, choices=DAYPART_CHOICES)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planned session")
        verbose_name_plural = _("planned sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="one_session_per_number"),
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="session_order"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}#{self.number}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a calendar subscription address: one per organisation feed and per member feed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    personal = models.BooleanField(default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.user_id}"


class Attendance(models.Model):
    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.person_id}"


class Evaluation(models.Model):
    """A participant's one-minute evaluation; shown to others only as an aggregate of at least 5."""

    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="evaluations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    remark = models.CharField(_("one line"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_evaluation_per_user")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.score}"


class ProgrammeFor(models.TextChoices):
    """Who in a role gets an onboarding programme: people new in the role this term, people who held the
    role in an earlier term (re-elected or re-appointed), or everyone in the role."""

    NEW = "nieuw", _("new in this role")
    RETURNING = "terugkerend", _("held this role before")
    EVERYONE = "iedereen", _("everyone in this role")


class OnboardingTemplate(models.Model):
    """The onboarding programme for one role in an organisation's term plan: for newcomers, for returning
    members, or for everyone in the role."""

    plan = models.ForeignKey(TermPlan, on_delete=models.CASCADE, related_name="onboarding")
    role = models.CharField(_("role"), max_length=30)
    programme_for = models.CharField(
        _("for whom"), max_length=20, choices=ProgrammeFor.choices, default=ProgrammeFor.NEW
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("onboarding programme")
        verbose_name_plural = _("onboarding programmes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "role", "programme_for"], name="one_programme_per_role")
        ]

    def __str__(self) -> str:
        return self.title


class StepTheme(models.TextChoices):
    KENNISMAKING = "kennismaking", _("getting to know each other")
    ROL = "rol_van_de_raad", _("the role of the council")
    PC = "pc", _("planning and control at a glance")
    INTEGRITEIT = "integriteit", _("integrity and outside interests")
    INSTRUMENTEN = "instrumenten", _("the council's instruments")
    WERKBEZOEKEN = "werkbezoeken", _("working visits")


class OnboardingStep(models.Model):
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    theme = models.CharField(_("theme"), max_length=30, choices=StepTheme.choices)
    title = models.CharField(_("title"), max_length=200)
    due_weeks = models.PositiveSmallIntegerField(_("due weeks after installation"))
    item = models.ForeignKey(
        "catalogue.LearningItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding steps")
        ordering = ["due_weeks", "order"]

    def __str__(self) -> str:
        return self.title


class StepCompletion(models.Model):
    step = models.ForeignKey(OnboardingStep, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="one_completion_per_step")]

    def __str__(self) -> str:
        return f"{self.step_id}:{self.user_id}"


class SignupList(models.Model):
    """The sign-up list of one dated session: a planned session of the term plan, or a session of the
    griffie's own offer (catalogue.Session). It lives in the planner because the planner sits above the
    catalogue: it may point at both, the catalogue at neither (docs/planner.md)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    planned_session = models.OneToOneField(
        PlannedSession, on_delete=models.CASCADE, null=True, blank=True, related_name="signup_list"
    )
    offer_session = models.OneToOneField(
        "catalogue.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    minimum = models.PositiveSmallIntegerField(
        _("minimum number of participants"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # The iCal UID of an offer session's invitation; a planned session's invitation uses the session's UID.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("sign-up list")
        verbose_name_plural = _("sign-up lists")
        constraints = [
            models.CheckConstraint(
                condition=(Q(planned_session__isnull=False) & Q(offer_session__isnull=True))
                | (Q(planned_session__isnull=True) & Q(offer_session__isnull=False)),
                name="signup_list_has_one_session",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(minimum__lte=models.F("capacity")),
                name="signup_minimum_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.planned_session_id or self.offer_session_id}"

    # The session's facts, the same for both kinds (load with selectors.signup_lists()).
    @property
    def title(self) -> str:
        if self.planned_session is not None:
            activity = self.planned_session.activity
            if activity.sessions > 1:
                return f"{activity.title} ({self.planned_session.number}/{activity.sessions})"
            return activity.title
        assert self.offer_session is not None
        return self.offer_session.item.title

    @property
    def starts_at(self) -> dt.datetime:
        session = self.planned_session or self.offer_session
        assert session is not None
        return session.starts_at

    @property
    def ends_at(self) -> dt.datetime:
        session = self.planned_session or self.offer_session
        assert session is not None
        return session.ends_at

    @property
    def location(self) -> str:
        if self.planned_session is not None:
            activity = self.planned_session.activity
            return activity.location or activity.plan.usual_location
        assert self.offer_session is not None
        return self.offer_session.location

    @property
    def item(self) -> LearningItem:
        if self.planned_session is not None:
            return self.planned_session.activity.item
        assert self.offer_session is not None
        return self.offer_session.item


class SignupStatus(models.TextChoices):
    SIGNED_UP = "ingeschreven", _("signed up")
    WAITING = "wachtlijst", _("on the waiting list")
    SIGNED_OFF = "afgemeld", _("signed off")


class Signup(models.Model):
    """One member on a sign-up list. The waiting list is served first come, first served (`requested_at`)."""

    signup_list = models.ForeignKey(SignupList, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=SignupStatus.choices)
    requested_at = models.DateTimeField(_("signed up at"))
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    # SEQUENCE of the member's invitation: it goes up with every change sent (confirmation, cancellation).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["signup_list", "user"], name="one_signup_per_member")]

    def __str__(self) -> str:
        return f"{self.signup_list_id}:{self.user_id}:{self.status}"
