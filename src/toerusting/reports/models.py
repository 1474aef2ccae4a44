"""The reports app reads other apps through their selectors; it owns one thing: whether an organisation
takes part in the national monitor, decided by its griffie (who and when are kept)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitorOptIn(models.Model):
    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    takes_part = models.BooleanField(_("takes part in the national monitor"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_name = models.CharField(_("changed by (name)"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("national monitor opt-in")
        verbose_name_plural = _("national monitor opt-ins")
        # Given by the operator in the admin to accounts of the national associations (VNG, NVvR, the
        # Vereniging van Griffiers, IPO, Unie van Waterschappen): they read the national monitor only.
        permissions = [("view_national_monitor", _("Can read the national monitor"))]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.takes_part}"
