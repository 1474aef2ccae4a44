"""Forms of the mid-term reflection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.agreement import CHOICES
from toerusting.forms import StyledForm
from toerusting.midterm.questions import Question

SCALE = CHOICES


class ReflectionForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("For example: Halverwege 2028."))
    opens_on = forms.DateField(label=_("Open from"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Open until"), widget=forms.DateInput(attrs={"type": "date"}))
    include_college = forms.BooleanField(label=_("The college answers too"), required=False)
    include_griffie = forms.BooleanField(label=_("The griffie answers too"), required=False)
    activity = forms.TypedChoiceField(
        label=_("Discussed in"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The activity of the term plan in which the council discusses the report."),
    )

    def __init__(self, *args: Any, activities: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("not linked yet")), *activities]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return data


class StatementsForm(StyledForm):
    """One optional choice on the scale per question."""

    def __init__(self, *args: Any, questions: Iterable[Question] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text, choices=SCALE, widget=forms.RadioSelect, required=False
            )

    def scores(self) -> dict[str, int | None]:
        return {key: int(value) if value else None for key, value in self.cleaned_data.items()}
