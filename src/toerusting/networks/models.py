"""Learning networks (leernetwerken): groups of people from several organisations, with a coordinator,
their own events with sign-up, a shared list of catalogue items and a plain-text thread per event.

A network is not any one organisation's data: people see it through their own membership. Who is a member
is visible only to members; to others a network shows its name, its purpose and how to join. A member's
council is shown only when the member chose to show it, and a party never.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("anyone with an account can join")
    REQUEST = "aanvraag", _("the coordinator approves each request")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), help_text=_("What the network is for and for whom."))
    how_to_join = models.TextField(
        _("how to join"), help_text=_("Who can join and what the coordinator expects of members.")
    )
    join_policy = models.CharField(
        _("joining"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("coordinator")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    PENDING = "aangevraagd", _("asked to join")
    ACTIVE = "lid", _("member")


class Membership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The council the member chose to show to the other members; empty shows none.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    motivation = models.CharField(_("why you want to join"), max_length=500, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="network_member_once")]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.network_id}"


class Event(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=200, help_text=_("An address, or 'online'."))
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network event")
        verbose_name_plural = _("network events")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class EventSignup(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="network_event_signup_once")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.event_id}"


class Post(models.Model):
    """A plain-text message in an event's thread. Text is stored and shown as typed (escaped), never HTML."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.body[:40]}"


class PostReport(models.Model):
    """A member reports a message to the coordinator, with a reason."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="network_post_report_once")]

    def __str__(self) -> str:
        return f"{self.reason[:40]}"


class SharedItem(models.Model):
    """A catalogue item on the network's shared list."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shared_items")
    item = models.ForeignKey("catalogue.LearningItem", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("why it is useful"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "item"], name="network_item_once")]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.network_id}"
