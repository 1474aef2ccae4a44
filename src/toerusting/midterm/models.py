"""The council's mid-term reflection (halverwege-reflectie): a questionnaire for all members (and, if the
griffie chooses, the college and the griffie), answered anonymously, reported with k >= 5.

Anonymity is a property of the schema, as for the pulse (toerusting.reflections):
- `MidtermResponse` holds the scores of one respondent with only the reflection and the role group: no user,
  no time, a random UUID key, so neither an id sequence nor a creation time orders them;
- `MidtermMarker` records that somebody answered: an HMAC of member and reflection (one-way), a random key,
  and no column shared with the responses.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleGroup(models.TextChoices):
    RAAD = "raad", _("council members")
    COLLEGE = "college", _("college")
    GRIFFIE = "griffie", _("griffie")


class MidtermReflection(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    include_college = models.BooleanField(_("the college answers too"), default=False)
    include_griffie = models.BooleanField(_("the griffie answers too"), default=False)
    # The session of the term plan in which the council discusses the report.
    activity = models.ForeignKey(
        "planner.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mid-term reflection")
        verbose_name_plural = _("mid-term reflections")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="midterm_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MidtermResponse(models.Model):
    """One respondent's scores, without the respondent: {question key: 1-5}, unanswered questions left out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reflection = models.ForeignKey(MidtermReflection, on_delete=models.CASCADE, related_name="responses")
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    scores = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("mid-term answer")
        verbose_name_plural = _("mid-term answers")

    def __str__(self) -> str:
        return str(self.pk)


class MidtermMarker(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    marker = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return str(self.pk)
