"""Good practices (goede voorbeelden): what a council did, shared by its griffie with other councils.

A practice is written by the griffie of the organisation that did it, moderated by the platform operator
before it is public, and can be adopted by other griffies into their term plan. Drafts, submitted and
refused practices are seen only by the authoring griffie and the operator.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A council with at least this many published practices is an ambassadeursraad.
AMBASSADOR_THRESHOLD = 3


class Status(models.TextChoices):
    DRAFT = "concept", _("draft")
    SUBMITTED = "ingediend", _("waiting for moderation")
    PUBLISHED = "gepubliceerd", _("published")
    REFUSED = "afgewezen", _("refused")


class Practice(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    what = models.TextField(_("what did the council do"))
    why = models.TextField(_("why"))
    how = models.TextField(_("how"))
    cost = models.DecimalField(
        _("cost in euros"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    results = models.TextField(_("what it brought"))
    contact_email = models.EmailField(_("contact address"))
    items = models.ManyToManyField(
        "catalogue.LearningItem", related_name="+", blank=True, verbose_name=_("catalogue items")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-updated_at", "pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED


class PracticeTopic(models.Model):
    """A topic of the practice: a topic code of the catalogue's taxonomy."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="topics")
    code = models.CharField(_("topic"), max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "code"], name="practice_topic_once")]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.code


class Adoption(models.Model):
    """Another organisation adopted the practice: it became an activity in that organisation's term plan."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    activity_id = models.PositiveBigIntegerField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(fields=["practice", "organisation"], name="practice_adopted_once")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} by {self.organisation_id}"


class PeerContact(models.Model):
    """The address where griffies of other councils reach an ambassadeursraad (a role address)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("address for peers"))
    note = models.CharField(_("what peers can ask"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact for peers")
        verbose_name_plural = _("contacts for peers")

    def __str__(self) -> str:
        return self.email
