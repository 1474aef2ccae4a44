"""Learning providers that maintain their own offer in the catalogue.

A Provider (an association, an academy, a trainer, a griffie that offers to others) has staff accounts
(ProviderStaff) and maintains items through a form or a feed (FeedFormat). Each item it offers is a
ProviderItem: the provider's key for it, the data last received and the data last approved. The catalogue
item (catalogue.LearningItem, by slug) is written only with approved data; a first publication and any
change of audience or price waits in a ModerationRequest for the operator.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeedFormat(models.TextChoices):
    JSONLD = "jsonld", _("schema.org Course in JSON-LD")
    EDUDEX = "edudex", _("EDU-DEX programme XML")


class Provider(models.Model):
    slug = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    feed_url = models.URLField(_("feed address"), max_length=500, blank=True)
    feed_format = models.CharField(
        _("feed format"), max_length=10, choices=FeedFormat.choices, default=FeedFormat.JSONLD
    )
    feed_read_at = models.DateTimeField(_("feed last read"), null=True, blank=True)
    feed_report = models.JSONField(_("report of the last reading"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning provider")
        verbose_name_plural = _("learning providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderStaff(models.Model):
    """An account that maintains the provider's offer."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        constraints = [models.UniqueConstraint(fields=["provider", "user"], name="provider_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.provider_id}"


class ProviderItem(models.Model):
    """One item of a provider's offer, by the provider's own key."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("key at the provider"), max_length=200)
    slug = models.SlugField(_("catalogue key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    data = models.JSONField(_("data last received"), default=dict)
    approved_data = models.JSONField(_("data last approved"), null=True, blank=True)
    source_url = models.CharField(_("source of the data"), max_length=500)
    received_at = models.DateTimeField(_("last received"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider's item")
        verbose_name_plural = _("providers' items")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["provider", "key"], name="provider_item_key_unique")]

    def __str__(self) -> str:
        return self.title


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the operator")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    SUPERSEDED = "superseded", _("replaced by a newer version")


class ModerationRequest(models.Model):
    """Data of a provider's item that waits for the operator: a first publication or a change of audience
    or price. One pending request per item at most: a newer version replaces the older one."""

    item = models.ForeignKey(ProviderItem, on_delete=models.CASCADE, related_name="moderation_requests")
    data = models.JSONField(_("proposed data"))
    reasons = models.JSONField(_("why it needs approval"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=ModerationStatus.choices, default=ModerationStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("moderation request")
        verbose_name_plural = _("moderation requests")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="pending"), name="one_pending_moderation_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.status}"
