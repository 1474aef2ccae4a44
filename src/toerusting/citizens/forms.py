"""Forms of the residents' feedback: the public form, the switch and the council's reaction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting import agreement
from toerusting.citizens.questions import FIELDS, MAX_COMMENT_LENGTH, QUESTIONS
from toerusting.forms import StyledForm

HONEYPOT = "website"


class FeedbackForm(StyledForm):
    """A few statements on a five-point scale, each optional, an optional meeting and an optional comment.
    No personal data is asked. `website` is the honeypot (people never see it); `token` carries the
    signed moment the form was shown."""

    meeting = forms.TypedChoiceField(
        label=_("About which meeting? (optional)"), required=False, coerce=int, empty_value=None
    )
    comment = forms.CharField(
        label=_("Anything you want to tell the council? (optional)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Do not write your name or other personal details. Only the griffie reads comments, and only "
            "when at least ten residents responded in the quarter."
        ),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, meetings: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {q.field: agreement.field(q.text) for q in QUESTIONS}
        self.fields = {**questions, **self.fields}
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.TypedChoiceField)
        meeting.choices = [
            ("", _("no particular meeting")),
            *((str(pk), name) for pk, name in meetings or []),
        ]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in FIELDS) and not (data.get("comment") or "").strip():
            self.add_error(FIELDS[0], _("Answer at least one statement, or write a comment."))
        return data

    def scores(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in FIELDS}

    def visible_fields(self) -> list[Any]:
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot_field(self) -> Any:
        return self[HONEYPOT]


class SwitchForm(StyledForm):
    is_open = forms.BooleanField(label=_("The feedback form is open to residents"), required=False)


class ReactionForm(StyledForm):
    quarter = forms.CharField(widget=forms.HiddenInput, max_length=7)
    text = forms.CharField(
        label=_("The council's reaction"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Shown on the public page next to the quarter's figures. Say what the council takes from them "
            "and what it will do."
        ),
    )
