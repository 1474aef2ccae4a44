"""Forms of the candidates' track: the griffie's evening (new or changed), calling an evening off, and the
public sign-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.candidates.models import InfoEvening
from toerusting.candidates.services import EveningData
from toerusting.forms import StyledForm

HONEYPOT = "website"


class EveningForm(StyledForm):
    """A new evening, or a change of one (pre-filled with `initial_for`)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Information evening: what does a council member do?"),
    )
    # The formats an <input type="date|time"> takes, whatever the language of the page (a pre-filled value).
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    end = forms.TimeField(label=_("End time"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        help_text=_("The room and the address, for example: Raadzaal, Markt 1."),
    )
    capacity = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=1000)
    description = forms.CharField(
        label=_("What happens that evening (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end time is not after the start time."))
        if data.get("date") and data["date"] < timezone.localdate():
            self.add_error("date", _("The date has passed. Choose a date today or later."))
        return data

    @staticmethod
    def initial_for(evening: InfoEvening) -> dict[str, Any]:
        """The form's values for an existing evening, in the current time zone."""
        start = timezone.localtime(evening.starts_at)
        return {
            "title": evening.title,
            "date": start.date(),
            "start": start.time(),
            "end": timezone.localtime(evening.ends_at).time(),
            "place": evening.place,
            "capacity": evening.capacity,
            "description": evening.description,
        }

    def evening_data(self) -> EveningData:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return EveningData(
            title=data["title"],
            starts_at=dt.datetime.combine(data["date"], data["start"], tzinfo=zone),
            ends_at=dt.datetime.combine(data["date"], data["end"], tzinfo=zone),
            place=data["place"],
            capacity=data["capacity"],
            description=data["description"],
        )


class CancelEveningForm(StyledForm):
    """Calling an evening off: an optional message for the people who signed up."""

    message = forms.CharField(
        label=_("Message to the people who signed up"),
        required=False,
        max_length=1000,
        help_text=_(
            "For example why the evening does not take place, or when the next one is. It is in the e-mail."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FindOrganisationForm(StyledForm):
    organisatie = forms.CharField(
        label=_("Your municipality, province or water board"),
        min_length=2,
        max_length=100,
        help_text=_("Type (part of) the name, for example Utrecht."),
    )


class SignupForm(StyledForm):
    """The public sign-up: name, e-mail address, an optional question. `website` is the honeypot (people
    never see it)."""

    evening = forms.TypedChoiceField(label=_("Which evening?"), coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm your sign-up. Your place is reserved only after that."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    question = forms.CharField(
        label=_("A question for the griffie (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        evenings: list[tuple[int, str]] | None = None,
        closed: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`evenings` are the choices; `closed` says, per evening that cannot be chosen any more (called
        off), why, for a visitor who sends it anyway (a page opened before it was called off)."""
        super().__init__(*args, **kwargs)
        evening = self.fields["evening"]
        assert isinstance(evening, forms.TypedChoiceField)
        evening.choices = [(str(pk), label) for pk, label in evenings or []]
        evening.error_messages["invalid_choice"] = _(
            "This evening is no longer open for sign-up. Choose another evening."
        )
        chosen = str(self.data.get("evening", "")) if self.is_bound else ""
        for pk, reason in (closed or {}).items():
            if chosen == str(pk):
                evening.error_messages["invalid_choice"] = reason
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def visible_fields(self) -> list[Any]:
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot_field(self) -> Any:
        return self[HONEYPOT]
