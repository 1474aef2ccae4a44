"""Forms of the training budget. Amounts are read as text and parsed by services.parse_amount (Decimal,
comma or point), so that a Dutch amount such as 1.250,50 is understood and never becomes a float."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.budgets.services import BudgetError, parse_amount
from toerusting.forms import StyledForm


class AmountField(forms.CharField):
    """An amount in euros as Decimal (two decimals, positive)."""

    def __init__(self, *args: Any, allow_zero: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.allow_zero = allow_zero
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_amount(text, allow_zero=self.allow_zero)
        except BudgetError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ClaimForm(StyledForm):
    item = forms.ChoiceField(
        label=_("Course from the catalogue"),
        required=False,
        help_text=_("Choose it here, or leave this empty and describe the course below."),
    )
    course = forms.CharField(label=_("Course or training"), max_length=200, required=False)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("For example the NVvR, VNG Academie or a training agency."),
    )
    course_date = forms.DateField(
        label=_("Date of the course"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The budget of that year is used."),
    )
    amount = AmountField(label=_("Cost in euros"), help_text=_("Including VAT, for example 395,00."))
    explanation = forms.CharField(
        label=_("Why this helps you in your work"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, items: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("no catalogue item: I describe it myself")), *items]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("item"):
            if not (data.get("course") or "").strip():
                self.add_error("course", _("Name the course, or choose one from the catalogue."))
            if not (data.get("provider") or "").strip():
                self.add_error("provider", _("Name the provider, or choose a course from the catalogue."))
        return data


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("approve")), ("refuse", _("refuse")), ("pay", _("mark as paid"))],
        widget=forms.RadioSelect,
    )
    amount = AmountField(
        label=_("Approved amount in euros"),
        required=False,
        help_text=_("Empty: the requested amount."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_(
            "Needed when you refuse, and when you approve more than the remaining budget. The member sees it."
        ),
    )


class RuleForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    role = forms.ChoiceField(label=_("Role"))
    amount = AmountField(
        label=_("Amount per member per year in euros"),
        allow_zero=True,
        help_text=_("0 means no personal budget for this role."),
    )
    basis = forms.CharField(
        label=_("Basis"),
        max_length=200,
        required=False,
        help_text=_('Where the amount is set, for example "Verordening rechtspositie, art. 12".'),
    )

    def __init__(self, *args: Any, roles: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(roles)
