"""The five-point agreement scale (helemaal oneens ... helemaal eens) and the statement it is asked about:
one definition for the pulse after a meeting, the mid-term reflection and the residents' feedback form."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

SCALE: tuple[tuple[int, StrOrPromise], ...] = (
    (1, _("strongly disagree")),
    (2, _("disagree")),
    (3, _("neutral")),
    (4, _("agree")),
    (5, _("strongly agree")),
)
# The same as form choices (a radio button's value is text).
CHOICES: tuple[tuple[str, StrOrPromise], ...] = tuple((str(value), label) for value, label in SCALE)


@dataclass(frozen=True)
class Statement:
    """A statement answered on the scale: the model field that keeps the answer, the statement, and its
    short name for a chart's axis and a table's column."""

    field: str
    text: StrOrPromise
    short: StrOrPromise


def field(text: StrOrPromise) -> forms.TypedChoiceField:
    """An optional answer on the scale, as radio buttons, cleaned to its number (or None)."""
    return forms.TypedChoiceField(
        label=text,
        choices=list(CHOICES),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
    )
