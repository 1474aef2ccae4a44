"""Forms of a learning provider: an item of its offer (with its sessions) and its feed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.catalogue.forms import OwnItemForm
from toerusting.forms import StyledForm
from toerusting.providers.models import FeedFormat

SESSION_LINE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*\|\s*([^|]+?)\s*(?:\|\s*(\d+)\s*)?$"
)


class ProviderItemForm(OwnItemForm):
    """The griffie's own-item form plus the dates (with places) of the sessions."""

    sessions = forms.CharField(
        label=_("Dates (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One date per line: date, start and end time | location | number of places (optional). "
            "For example: 2027-03-10 19:30-21:30 | Zwolle, Stadhuis | 20"
        ),
    )
    GROUPS = (*OwnItemForm.GROUPS, (_("Dates and places"), ("sessions",)))

    def clean_sessions(self) -> list[dict[str, Any]]:
        sessions = []
        for number, line in enumerate(self.cleaned_data["sessions"].splitlines(), start=1):
            if not line.strip():
                continue
            match = SESSION_LINE.match(line.strip())
            if match is None:
                raise forms.ValidationError(
                    _("Line %(number)d is not in the form 2027-03-10 19:30-21:30 | location | places."),
                    params={"number": number},
                )
            date, start, end, location, places = match.groups()
            try:
                starts = timezone.make_aware(dt.datetime.fromisoformat(f"{date}T{start.zfill(5)}"))
                ends = timezone.make_aware(dt.datetime.fromisoformat(f"{date}T{end.zfill(5)}"))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Line %(number)d has a date or time that does not exist."), params={"number": number}
                ) from exc
            if ends <= starts:
                raise forms.ValidationError(
                    _("Line %(number)d ends before it starts."), params={"number": number}
                )
            sessions.append(
                {
                    "starts_at": starts.isoformat(),
                    "ends_at": ends.isoformat(),
                    "location": location[:200],
                    "places": int(places) if places and int(places) > 0 else None,
                }
            )
        return sorted(sessions, key=lambda s: (s["starts_at"], s["location"]))

    def to_dict(self) -> dict[str, Any]:
        """The item's data in the shape feeds are read into (toerusting.providers.feeds)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "kind": data["kind"],
            "description": data["description"],
            "topics": list(data["topics"]),
            "instruments": sorted(data["instruments"]),
            "competencies": sorted(data["competencies"]),
            "audience": sorted(data["audience"]),
            "rubric": data["rubric"],
            "level": data["level"],
            "duration_minutes": data["duration_minutes"],
            "format": data["format"],
            "non_partisan": data["non_partisan"],
            "cost_eur": str(data["cost_eur"].quantize(data["cost_eur"].__class__("0.01"))),
            "url": data["url"],
            "sessions": data["sessions"],
        }

    @classmethod
    def initial_from(cls, data: dict[str, Any]) -> dict[str, Any]:
        initial = {key: value for key, value in data.items() if key != "sessions"}
        lines = []
        for session in data.get("sessions", []):
            starts = timezone.localtime(dt.datetime.fromisoformat(session["starts_at"]))
            ends = timezone.localtime(dt.datetime.fromisoformat(session["ends_at"]))
            line = f"{starts:%Y-%m-%d %H:%M}-{ends:%H:%M} | {session['location']}"
            lines.append(f"{line} | {session['places']}" if session.get("places") else line)
        initial["sessions"] = "\n".join(lines)
        return initial


class FeedForm(StyledForm):
    feed_url = forms.URLField(
        label=_("Address of your feed"),
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=_("Leave empty to stop reading a feed. Items from the feed stay until you withdraw them."),
    )
    feed_format = forms.ChoiceField(label=_("Format"), choices=FeedFormat.choices, widget=forms.RadioSelect)

    def clean_feed_url(self) -> str:
        url: str = self.cleaned_data["feed_url"]
        if url and not url.startswith(("https://", "http://")):
            raise forms.ValidationError(_("Use an address that starts with https:// or http://."))
        return url


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the provider"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Say what has to change before the item can be published."),
    )
