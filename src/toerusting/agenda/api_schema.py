"""The push API's request and response shapes, as pydantic models.

These classes are the single source of the API's validation and of its OpenAPI description
(`openapi.py` builds the document from them; docs/integration/openapi.json is the committed copy, checked
for drift). Pushed meetings become the same MeetingRecord as any other source's, with source "push".
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from toerusting.agenda.parsing import checked_moment
from toerusting.agenda.records import AgendaItemRecord, DocumentRecord, MeetingRecord

Text = Field(default="", max_length=20000)
# Required texts need a character that is not white space (values are stripped before they are checked) and
# not NUL (NUL characters are removed from every text: no database column can hold them).
NOT_BLANK = r"[^\s\x00]"
# No white space and no control character after the scheme. The controls are named as well as \s because a
# client validating the OpenAPI file uses ECMAScript's \s, which leaves out U+001C-U+001F and U+0085 that
# Python's \s (and the server) count as white space: so every URL valid by the file is valid here too.
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$"
YEAR_PATTERN = r"^(19|2[01])[0-9][0-9]-"  # the years 1900 to 2199 (parsing.MIN_YEAR, MAX_YEAR)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _without_nul(cls, value: object) -> object:
        """NUL characters carry no meaning in a title or an id, and PostgreSQL refuses them: removed."""
        return value.replace("\x00", "") if isinstance(value, str) else value


class DocumentIn(_Strict):
    """A document (informatieobject) attached to the meeting or to an agenda item."""

    id: str = Field(
        min_length=1, pattern=NOT_BLANK, max_length=300, description="The document's id in the RIS."
    )
    title: str = Field(min_length=1, pattern=NOT_BLANK, max_length=500)
    url: str = Field(
        default="", max_length=1000, pattern=rf"{URL_PATTERN}|^$", description="Public download link."
    )
    mime_type: str = Field(default="", max_length=100, examples=["application/pdf"])
    text: str = Field(default="", max_length=2_000_000, description="The document's text, when available.")


class AgendaItemIn(_Strict):
    """An agenda item (agendapunt); `items` are its sub-items, in order."""

    id: str = Field(
        min_length=1,
        pattern=NOT_BLANK,
        max_length=300,
        description="The item's id in the RIS, stable across pushes.",
    )
    title: str = Field(
        min_length=1, pattern=NOT_BLANK, max_length=2000, description="The title as published."
    )
    number: str = Field(default="", max_length=40, examples=["7.", "3a"])
    description: str = Field(default="", max_length=20000, description="Plain text or simple HTML.")
    is_heading: bool = Field(default=False, description="A section heading, not an item to discuss.")
    documents: list[DocumentIn] = Field(default_factory=list, max_length=500)
    items: list[AgendaItemIn] = Field(default_factory=list, max_length=500)


class GremiumIn(_Strict):
    """The gremium that meets: matched to the organisation's gremia by id mapping or by name."""

    id: str = Field(default="", max_length=100)
    name: str = Field(default="", max_length=200, examples=["Gemeenteraad", "Commissie Ruimte"])


class MeetingIn(_Strict):
    """A meeting (vergadering) with its whole agenda tree. Pushing it again replaces what was pushed."""

    id: str = Field(
        min_length=1, pattern=NOT_BLANK, max_length=300, description="The meeting's id in the RIS."
    )
    name: str = Field(min_length=1, pattern=NOT_BLANK, max_length=300, examples=["Gemeenteraad"])
    start: AwareDatetime = Field(
        description="ISO 8601 with offset, for example 2026-05-12T19:30:00+02:00; a year from 1900 to 2199.",
        json_schema_extra={"pattern": YEAR_PATTERN},
    )
    end: AwareDatetime | None = Field(
        default=None, description="As start.", json_schema_extra={"pattern": YEAR_PATTERN}
    )
    location: str = Field(default="", max_length=300)
    status: Literal["gepland", "gehouden", "geannuleerd"] = "gepland"
    meeting_type: (
        Literal[
            "raadsvergadering",
            "commissievergadering",
            "presidium",
            "statenvergadering",
            "algemene_bestuursvergadering",
            "informatiebijeenkomst",
            "overig",
        ]
        | None
    ) = Field(default=None, description="Only used when the gremium is not known here.")
    gremium: GremiumIn | None = None
    url: str = Field(
        default="",
        max_length=1000,
        pattern=rf"{URL_PATTERN}|^$",
        description="The meeting's page in the RIS.",
    )
    documents: list[DocumentIn] = Field(default_factory=list, max_length=500)
    items: list[AgendaItemIn] = Field(default_factory=list, max_length=1000)

    @field_validator("start", "end")
    @classmethod
    def _storable(cls, value: dt.datetime | None) -> dt.datetime | None:
        # Between the years 1900 and 2200, and convertible to UTC (a FieldError is a ValueError: a 400).
        return None if value is None else checked_moment(value, "date", value.isoformat())

    def to_record(self, where: str) -> MeetingRecord:
        def document(d: DocumentIn) -> DocumentRecord:
            return DocumentRecord(d.id, d.title, d.url, d.mime_type, d.text)

        def item(i: AgendaItemIn) -> AgendaItemRecord:
            return AgendaItemRecord(
                source_id=i.id,
                title=i.title,
                number=i.number,
                description=i.description,
                is_heading=i.is_heading,
                documents=[document(d) for d in i.documents],
                children=[item(c) for c in i.items],
            )

        return MeetingRecord(
            source="push",
            source_id=self.id,
            name=self.name,
            start=self.start,
            end=self.end,
            where=where,
            location=self.location,
            status=self.status,
            gremium_id=self.gremium.id if self.gremium else "",
            gremium_name=self.gremium.name if self.gremium else "",
            meeting_type=self.meeting_type or "",
            source_url=self.url,
            items=[item(i) for i in self.items],
            documents=[document(d) for d in self.documents],
        )


class MeetingRef(_Strict):
    """Which meeting to cancel or delete."""

    id: str = Field(
        min_length=1, pattern=NOT_BLANK, max_length=300, description="The meeting's id in the RIS."
    )


class MeetingResult(BaseModel):
    status: Literal["created", "updated", "unchanged"]
    id: str
    agenda_items: int = Field(description="Agenda items the meeting has now.")
    warnings: list[str] = Field(
        default_factory=list, description="For example an item id that appeared twice."
    )


class ChangeResult(BaseModel):
    status: Literal["cancelled", "deleted"]
    id: str


class FieldProblem(BaseModel):
    field: str = Field(examples=["items[2].title"], description="Path to the field in the request body.")
    message: str


class ErrorResult(BaseModel):
    error: Literal[
        "invalid",
        "not_json",
        "too_deep",
        "unauthorized",
        "not_found",
        "too_large",
        "unsupported_media_type",
        "method_not_allowed",
    ]
    message: str
    fields: list[FieldProblem] = Field(default_factory=list)
