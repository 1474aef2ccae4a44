"""The link check's memory: every external link of a published catalogue item with the outcome of its last
check, and the hosts that asked us to slow down (HTTP 429)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OK = "ok", _("works")
    BROKEN = "broken", _("broken")
    UNREACHABLE = "unreachable", _("unreachable")
    ROBOTS = "robots", _("blocked by robots.txt")
    NOT_CHECKED = "not_checked", _("not checked")


# The outcomes that count as a failure of the link (a streak of them makes it dead).
FAILING = (Status.BROKEN, Status.UNREACHABLE)


class Source(models.TextChoices):
    ITEM_URL = "item_url", _("web address of the item")
    BODY = "body", _("link in the text")
    SESSION = "session", _("web address of a session")


class Link(models.Model):
    """One external link of a catalogue item and what its last check found."""

    item = models.ForeignKey(
        "catalogue.LearningItem",
        on_delete=models.CASCADE,
        related_name="checked_links",
        verbose_name=_("item"),
    )
    url = models.CharField(_("web address"), max_length=2000)
    host = models.CharField(_("host"), max_length=255, blank=True)
    source = models.CharField(_("found in"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_CHECKED)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    first_failed_at = models.DateTimeField(_("failing since"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checked link")
        verbose_name_plural = _("checked links")
        ordering = ["item_id", "url"]
        constraints = [models.UniqueConstraint(fields=["item", "url"], name="linkcheck_link_unique_per_item")]
        indexes = [models.Index(fields=["status", "first_failed_at"])]

    def __str__(self) -> str:
        return self.url


class HostPause(models.Model):
    """A host that answered 429 (too many requests): not requested again before `until`."""

    host = models.CharField(max_length=255, unique=True)
    until = models.DateTimeField()

    def __str__(self) -> str:
        return self.host
