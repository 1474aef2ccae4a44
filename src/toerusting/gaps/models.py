"""The gaps overview's own data: catalogue searches that found nothing.

A row holds the normalised query, the last day it was asked and a digest of who asked it: a keyed hash
(HMAC with the server secret) of the query together with the asker's organisation (members) or client
address (visitors without an organisation). The digest differs per query, so rows of one asker cannot be
tied together, and it names no user or organisation; it only lets the overview count distinct askers (the
k-anonymity rule in gaps.selectors). Rows are deleted GAPS_SEARCH_RETENTION_DAYS after the last asking."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmptySearch(models.Model):
    query = models.CharField(_("search words"), max_length=100)
    asked_on = models.DateField(_("last asked on"))
    asker = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [models.UniqueConstraint(fields=["query", "asker"], name="empty_search_once_per_asker")]
        indexes = [models.Index(fields=["asked_on"], name="empty_search_asked_on")]
        # The gaps overview: the operator (staff) and accounts the operator gives this permission, such as
        # the staff of providers.
        permissions = [("view_gaps", _("Can view the overview of gaps in the offer"))]

    def __str__(self) -> str:
        return self.query
