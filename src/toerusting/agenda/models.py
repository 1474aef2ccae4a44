"""Meetings and agenda items of an organisation, read from its RIS, open data or pushed by the RIS vendor.

Meeting (ODS: Vergadering) belongs to an organisation and usually to one of its gremia. AgendaItem
(Agendapunt) forms a tree under the meeting; `position` is the item's place in the whole tree read top to
bottom, so a meeting's agenda is read in one ordered query. Document (Informatieobject) hangs under the
meeting or under an item. Every row carries the id the source gave it: (organisation, source, source_id)
is unique for meetings and (meeting, source_id) for items, which is what makes a sync an idempotent upsert.
AgendaSource configures a live source per organisation and keeps its cursor; PushToken lets a RIS vendor
push meetings through the API.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    GEPLAND = "gepland", _("scheduled")
    GEHOUDEN = "gehouden", _("held")
    GEANNULEERD = "geannuleerd", _("cancelled")


class MeetingType(models.TextChoices):
    """Kinds of meetings; the first five are the VNG ODS vergaderingstypes."""

    RAADSVERGADERING = "raadsvergadering", _("council meeting")
    COMMISSIEVERGADERING = "commissievergadering", _("committee meeting")
    PRESIDIUM = "presidium", _("presidium")
    STATENVERGADERING = "statenvergadering", _("meeting of the Provincial Council")
    ALGEMENE_BESTUURSVERGADERING = "algemene_bestuursvergadering", _("general board meeting")
    INFORMATIEBIJEENKOMST = "informatiebijeenkomst", _("information meeting")
    OVERIG = "overig", _("other meeting")


class BobPhase(models.TextChoices):
    """The phase of the BOB meeting model (the same values as a commissie's phase in organisations)."""

    BEELDVORMEND = "beeldvormend", _("forming a picture (beeldvormend)")
    OORDEELSVORMEND = "oordeelsvormend", _("forming an opinion (oordeelsvormend)")
    BESLUITVORMEND = "besluitvormend", _("deciding (besluitvormend)")


class Source(models.TextChoices):
    OPENBESLUITVORMING = "openbesluitvorming", "OpenBesluitvorming"
    ORI = "ori", "Open Raadsinformatie"
    NOTUBIZ = "notubiz", "Notubiz"
    GO = "go", "GemeenteOplossingen"
    IBABS = "ibabs", "iBabs"
    PARLAEUS = "parlaeus", "Parlaeus"
    ICAL = "ical", "iCalendar"
    PUSH = "push", _("push API")


class SourceGremium(models.Model):
    """A gremium as a source knows it: often only an id. The griffie names it once; a sync never changes
    that name, only `name_at_source`. Meetings of a gremium that is not linked to one of the organisation's
    gremia show this name."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="source_gremia",
        verbose_name=_("organisation"),
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    source_id = models.CharField(_("id at the source"), max_length=300)
    name_at_source = models.CharField(_("name at the source"), max_length=300, blank=True)
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("The name the griffie gives it. A sync never changes it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("gremium at the source")
        verbose_name_plural = _("gremia at the source")
        ordering = ["organisation", "source", "source_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "source_id"], name="source_gremium_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The griffie's name, else the source's, else which gremium of which source it is."""
        return (
            self.name
            or self.name_at_source
            or gettext("Gremium %(id)s at %(source)s")
            % {"id": self.source_id, "source": self.get_source_display()}
        )


class Meeting(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("organisation"),
    )
    gremium = models.ForeignKey(
        "organisations.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("gremium"),
    )
    source_gremium = models.ForeignKey(
        SourceGremium,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("gremium at the source"),
    )
    name = models.CharField(_("name"), max_length=300)
    meeting_type = models.CharField(
        _("meeting type"), max_length=40, choices=MeetingType.choices, default=MeetingType.OVERIG
    )
    bob_phase = models.CharField(_("BOB phase"), max_length=20, choices=BobPhase.choices, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.GEPLAND
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    source_id = models.CharField(_("id at the source"), max_length=300)
    source_url = models.URLField(_("link at the source"), max_length=1000, blank=True)
    content_hash = models.CharField(
        _("content fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("Fingerprint of the meeting as last read; the same fingerprint means nothing changed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "source_id"], name="meeting_source_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="meeting_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "start"], name="meeting_org_start")]

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.GEANNULEERD

    @property
    def gremium_name(self) -> str:
        """The gremium to show: the organisation's gremium, else the gremium as the source knows it."""
        if self.gremium is not None:
            return self.gremium.name
        return self.source_gremium.display_name if self.source_gremium is not None else ""


class AgendaItem(models.Model):
    # No index of its own: the unique (meeting, source_id) and the (meeting, position) index lead with it,
    # and every index less is less to write for each of the sync's rows.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("meeting"),
        db_index=False,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    source_id = models.CharField(_("id at the source"), max_length=300)
    number = models.CharField(_("number"), max_length=40, blank=True)
    order = models.PositiveIntegerField(_("order among its siblings"), default=0)
    position = models.PositiveIntegerField(_("position in the agenda"), default=0)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    original_title = models.TextField(_("title as published"))
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    is_heading = models.BooleanField(_("heading"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "source_id"], name="agenda_item_source_id_unique"),
        ]
        indexes = [models.Index(fields=["meeting", "position"], name="agenda_item_meeting_position")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Document(models.Model):
    # No index of its own: the (meeting, source_id) index leads with it.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting"), db_index=False
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    source_id = models.CharField(_("id at the source"), max_length=300)
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    mime_type = models.CharField(_("MIME type"), max_length=100, blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "agenda_item", "order"]
        indexes = [models.Index(fields=["meeting", "source_id"], name="document_meeting_source")]

    def __str__(self) -> str:
        return self.title


class AgendaSource(models.Model):
    """A live source of meetings for one organisation, with the cursor to resume from."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="agenda_sources",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Source.choices)
    base_url = models.URLField(
        _("base URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "For example https://api.notubiz.nl, https://raad.example.nl/api, "
            "https://example.parlaeus.nl/receive/opendata or the iCal feed URL."
        ),
    )
    settings = models.JSONField(
        _("settings"),
        default=dict,
        blank=True,
        help_text=_(
            'Source-specific settings as JSON, for example {"organisation_id": 686} for Notubiz, '
            '{"source_key": "soest"} for OpenBesluitvorming, {"sitename": "Utrecht"} for iBabs, '
            '{"rid": "..."} for Parlaeus, and {"gremia": {"12": "raad"}} '
            "to map the source's committee ids to gremium keys."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    cursor = models.TextField(_("cursor"), blank=True, help_text=_("Where the next sync resumes."))
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    last_summary = models.CharField(_("last result"), max_length=500, blank=True)
    # Counters for monitoring (the Prometheus metrics read them): syncs run, and those that failed.
    sync_runs = models.PositiveIntegerField(_("syncs run"), default=0, editable=False)
    sync_failures = models.PositiveIntegerField(_("syncs failed"), default=0, editable=False)

    class Meta:
        verbose_name = _("agenda source")
        verbose_name_plural = _("agenda sources")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="agenda_source_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"


class PushToken(models.Model):
    """A bearer token with which a RIS vendor pushes one organisation's meetings. Only a hash is stored."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="push_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses it, for example Notubiz."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("push token")
        verbose_name_plural = _("push tokens")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
