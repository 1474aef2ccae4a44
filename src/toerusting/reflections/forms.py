"""Forms of the reflections app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting import agreement
from toerusting.forms import StyledForm
from toerusting.reflections import pulse
from toerusting.reflections.library import library
from toerusting.reflections.services import MAX_COMMENT_LENGTH, MAX_ENTRY_LENGTH


class QuestionForm(StyledForm):
    """A question from the library, or one in the griffie's own words (not both)."""

    library_key = forms.ChoiceField(label=_("A question from the library"), required=False)
    own_text = forms.CharField(
        label=_("Or write your own question"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave the library choice empty when you write your own question."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["library_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("(choose a question)")),
            *(
                (theme.name, [(q.key, q.text) for q in questions])
                for theme, questions in library().by_theme()
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key, own = data.get("library_key"), (data.get("own_text") or "").strip()
        if key and own:
            self.add_error("own_text", _("Choose a question from the library or write your own, not both."))
        elif not key and not own and not self.errors:
            self.add_error("library_key", _("Choose a question from the library or write your own."))
        return data


class PulseForm(StyledForm):
    """The pulse: a five-point scale per question, each optional, and an optional comment."""

    comment = forms.CharField(
        label=_("Anything you want to add?"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Do not write names. The griffie and the presidium read comments only when at least five "
            "members answered."
        ),
    )
    keep_in_journal = forms.BooleanField(
        label=_("Keep a copy of my comment in my private journal (Mijn reflecties)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {q.field: agreement.field(q.text) for q in pulse.QUESTIONS}
        self.fields = {**questions, **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(field) for field in pulse.FIELDS) and not (data.get("comment") or "").strip():
            raise forms.ValidationError(_("Answer at least one question, or write a comment."))
        return data

    def scores(self) -> dict[str, int | None]:
        return {field: self.cleaned_data.get(field) for field in pulse.FIELDS}


class EntryForm(StyledForm):
    """A journal entry; about a meeting, optionally one of its agenda items."""

    agenda_item = forms.TypedChoiceField(label=_("Agenda item"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(
        label=_("Your reflection"),
        max_length=MAX_ENTRY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Only you can read this. It is stored encrypted."),
    )

    def __init__(self, *args: Any, agenda_items: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agenda_items is None:
            del self.fields["agenda_item"]
        else:
            field = self.fields["agenda_item"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", _("the whole meeting")), *((str(pk), title) for pk, title in agenda_items)]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search in your reflections"), required=False, max_length=200)

    def query(self) -> str:
        return str(self.cleaned_data.get("q") or "") if self.is_valid() else ""


class DeleteAllForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("Yes, delete everything in my journal, module reflections included. This cannot be undone.")
    )
