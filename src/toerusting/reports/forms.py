"""Forms of the reports app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm


class OptInForm(StyledForm):
    takes_part = forms.BooleanField(
        label=_("Our organisation takes part in the national monitor"),
        required=False,
        help_text=_(
            "The operator of Toerusting then counts our figures in national totals: never per person and "
            "never per organisation, and only in groups of at least ten."
        ),
    )
