"""Forms of personal development: the scan's pages, 360° feedback, sharing and the plan."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.development.content import Statement, scan_content
from toerusting.development.models import ActionKind
from toerusting.forms import StyledForm

SCALE = [
    ("1", _("1 · (almost) never")),
    ("2", _("2 · sometimes")),
    ("3", _("3 · regularly")),
    ("4", _("4 · often")),
    ("5", _("5 · (almost) always")),
]
CANNOT_JUDGE = "0"


class StatementsForm(StyledForm):
    """One 5-point question per statement: the statement is the question, its example the help text.
    A field's name is the statement's key."""

    def __init__(
        self,
        *args: Any,
        statements: Sequence[Statement] = (),
        allow_cannot_judge: bool = False,
        **kwargs: Any,
    ) -> None:
        choices = [*SCALE, (CANNOT_JUDGE, _("I cannot judge this"))] if allow_cannot_judge else SCALE
        super().__init__(*args, **kwargs)
        for statement in statements:
            self.fields[statement.key] = forms.ChoiceField(
                label=statement.text,
                help_text=_("For example: %(example)s") % {"example": statement.example},
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how often this is true.")},
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "utrecht-radio-button utrecht-radio-button--html-input")

    def valid_answers(self) -> dict[str, int]:
        """The answers that are valid, also when others are missing (saved before the errors are shown)."""
        data = getattr(self, "cleaned_data", {})
        return {key: int(value) for key, value in data.items() if value and value != CANNOT_JUDGE}


class InviteForm(StyledForm):
    colleagues = forms.MultipleChoiceField(
        label=_("Colleagues to ask"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to 6 colleagues of your council. They answer anonymously."),
    )

    def __init__(self, *args: Any, colleagues: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["colleagues"]).choices = [
            (str(pk), name) for pk, name in colleagues
        ]


class ShareForm(StyledForm):
    recipient = forms.ChoiceField(
        label=_("Share the summary with"),
        help_text=_(
            "For example your griffier, your mentor or your group leader. You can stop sharing at any time."
        ),
    )

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["recipient"]).choices = [
            ("", _("Choose a person")),
            *((str(pk), name) for pk, name in people),
        ]


class ReviewForm(StyledForm):
    review_date = forms.DateField(
        label=_("Review moment"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day you look back at your plan, for example with your griffier or mentor."),
    )


def _competency_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in scan_content().competencies]


class GoalForm(StyledForm):
    competency = forms.ChoiceField(label=_("Competency"))
    text = forms.CharField(
        label=_("Your goal"),
        max_length=300,
        help_text=_("What you want to be able to do, in your own words."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["competency"]).choices = [
            ("", _("Choose a competency")),
            *_competency_choices(),
        ]


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of action"), choices=ActionKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("What you will do"), max_length=300)
    due_date = forms.DateField(
        label=_("When"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ActionEditForm(ActionForm):
    done = forms.BooleanField(label=_("Done"), required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows that you did it: a certificate, a motion you wrote, a meeting you chaired."),
    )
    reflection = forms.CharField(
        label=_("Reflection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well, what you would do differently, what you learned. Only you see this."),
    )
