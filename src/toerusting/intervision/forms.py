"""Forms of intervision."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm
from toerusting.intervision import slots
from toerusting.intervision.models import NoteKind


class RoundForm(StyledForm):
    title = forms.CharField(
        label=_("Title"), max_length=120, help_text=_("For example: Intervisie voorjaar 2027.")
    )
    councils = forms.TypedMultipleChoiceField(
        label=_("Other councils taking part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only councils where you are griffie too. Leave empty for a round of your own council."),
    )
    first_date = forms.DateField(
        label=_("First meetings from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Groups meet for the first time in the week from this date."),
    )
    meeting_count = forms.IntegerField(label=_("Meetings per group"), min_value=1, max_value=12, initial=5)
    weeks_between = forms.IntegerField(
        label=_("Weeks between meetings"), min_value=2, max_value=12, initial=5
    )
    min_size = forms.IntegerField(label=_("Smallest group"), min_value=3, max_value=12, initial=4)
    max_size = forms.IntegerField(label=_("Largest group"), min_value=3, max_value=12, initial=7)

    def __init__(self, *args: Any, councils: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["councils"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(councils)
        if not field.choices:
            del self.fields["councils"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("max_size", _("The largest group cannot be smaller than the smallest group."))
        return data


class SignupForm(StyledForm):
    available = forms.MultipleChoiceField(
        label=_("When can you?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose every part of the week you can usually keep free. "
            "More choices make forming groups easier."
        ),
    )
    wishes = forms.CharField(
        label=_("Wishes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a theme you want to talk about. The griffie reads this."),
    )
    not_with = forms.TypedMultipleChoiceField(
        label=_("Not in a group with"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the griffie of the round and the computer that forms the groups see this."),
    )

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        available = self.fields["available"]
        assert isinstance(available, forms.ChoiceField)
        available.choices = slots.choices()
        not_with = self.fields["not_with"]
        assert isinstance(not_with, forms.ChoiceField)
        not_with.choices = list(people)
        if not not_with.choices:
            del self.fields["not_with"]


class MoveForm(StyledForm):
    participation = forms.TypedChoiceField(label=_("Member"), coerce=int)
    group = forms.TypedChoiceField(label=_("To group"), coerce=int)

    def __init__(
        self,
        *args: Any,
        members: Iterable[tuple[int, str]] = (),
        groups: Iterable[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("participation", members), ("group", groups)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("choose")), *choices]


class NoteForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=NoteKind.choices, widget=forms.RadioSelect, initial=NoteKind.AGREEMENT
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only the members of your group read this. Write agreements and dates, not what someone shared."
        ),
    )
