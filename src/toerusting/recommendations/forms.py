"""Forms of the griffie's curation: every POST is read through one of these, never by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class CurationForm(forms.Form):
    """Pin or hide a learning item for the meeting or one of its agenda items, or undo a curation."""

    action = forms.ChoiceField(choices=[("pin", "pin"), ("hide", "hide"), ("undo", "undo")])
    item = forms.SlugField(required=False, max_length=200)
    agenda_item = forms.IntegerField(required=False, min_value=1)
    curation = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == "undo" and not data.get("curation"):
            raise forms.ValidationError(_("Choose the change to undo."))
        if action in {"pin", "hide"} and not data.get("item"):
            raise forms.ValidationError(_("Choose a learning item."))
        return data
