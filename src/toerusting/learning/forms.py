from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm


class AnswerForm(StyledForm):
    option: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Your answer"),
        # A choice that is not one of this question's answers (a changed or stale form) asks the same.
        error_messages={"required": _("Choose an answer."), "invalid_choice": _("Choose an answer.")},
    )

    def __init__(self, *args: Any, question: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["option"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = question.options.all()
        field.label = question.prompt
        field.label_from_instance = lambda obj: str(obj.text)  # type: ignore[method-assign]


class ReflectionForm(StyledForm):
    text = forms.CharField(
        label=_("Your reflection (only you can read it)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )


class MarkDoneForm(forms.Form):
    """Mark an item as done, or (with `undo`) no longer done."""

    undo = forms.BooleanField(required=False)
