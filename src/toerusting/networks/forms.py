"""Forms of learning networks. Messages are plain text: a textarea, stored and shown as typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm
from toerusting.networks.services import MAX_POST_LENGTH


class JoinForm(StyledForm):
    organisation = forms.ChoiceField(
        label=_("Show my council to the other members"),
        required=False,
        help_text=_("Members see your name and, if you choose one, your council. Never your party."),
    )
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the coordinator reads this."),
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Do not show a council")), *(organisations or [])]


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Admit")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )


class EventForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you will do and what to prepare."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=_("Location"), max_length=200, help_text=_("An address, or 'online'."))
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=1000, help_text=_("Sign-up closes when the event is full.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            zone = timezone.get_current_timezone()
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=zone)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The end time must be after the start time."))
            elif data["starts_at"] <= timezone.now():
                self.add_error("date", _("Choose a date and time in the future."))
        return data


class PostForm(StyledForm):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_POST_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; links and markup are shown as typed. Every member of the network reads it."),
    )


class ReportForm(StyledForm):
    reason = forms.CharField(
        label=_("Why do you report this message?"),
        max_length=500,
        help_text=_("Only the coordinator reads your report."),
    )


class ShareItemForm(StyledForm):
    item = forms.ChoiceField(label=_("Catalogue item"))
    note = forms.CharField(label=_("Why it is useful"), max_length=300, required=False)

    def __init__(self, *args: Any, items: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose an item")), *(items or [])]
