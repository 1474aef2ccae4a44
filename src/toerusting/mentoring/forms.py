"""Forms of mentoring and train-de-trainer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm
from toerusting.mentoring.models import STEP_ORDER, StepKind, TrackKind


class WishForm(StyledForm):
    other_fractie = forms.BooleanField(
        label=_("I would like a mentor of another fractie"),
        required=False,
        help_text=_("The griffie then suggests only mentors outside your own fractie."),
    )


class RespondForm(StyledForm):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Yes, I would like this mentor")), ("decline", _("No, thank you"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text=_("Only when you decline. The griffie reads it, the proposed mentor does not."),
    )


class MeetingForm(StyledForm):
    date = forms.DateField(label=_("Date of the meeting"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Short note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Only the two of you can read it. The griffie sees only how many meetings there were."),
    )


class PersonChoiceForm(StyledForm):
    def set_people(self, name: str, people: Iterable[tuple[int, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("choose")), *people]


class ProposeForm(PersonChoiceForm):
    mentee = forms.TypedChoiceField(label=_("New member"), coerce=int)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int)

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = list(people)
        self.set_people("mentee", people)
        self.set_people("mentor", people)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mentor") and data.get("mentor") == data.get("mentee"):
            self.add_error("mentor", _("A mentor and a new member are two different people."))
        return data


class TrackForm(PersonChoiceForm):
    person = forms.TypedChoiceField(label=_("Future facilitator"), coerce=int)
    kind = forms.ChoiceField(label=_("Facilitates"), choices=TrackKind.choices, widget=forms.RadioSelect)
    subject = forms.CharField(
        label=_("Method or module"),
        max_length=200,
        help_text=_('For example "incident method" or "Reading the budget".'),
    )

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_people("person", people)
        for kind in STEP_ORDER:
            self.fields[str(kind)] = forms.DateField(
                label=_("Planned: %(step)s") % {"step": StepKind(kind).label},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )


class SignOffForm(StyledForm):
    done_date = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
