"""Forms of the griffie's curation: every POST is read through one of these, never by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Where a curation form returns to: the meeting page (the main path, at the agenda item's anchor), or the
# separate page with all choices of the meeting.
RETURN_TO_MEETING = "vergadering"


class CurationForm(forms.Form):
    """Pin or hide a learning item for the meeting or one of its agenda items, or undo a curation."""

    action = forms.ChoiceField(choices=[("pin", "pin"), ("hide", "hide"), ("undo", "undo")])
    item = forms.SlugField(required=False, max_length=200)
    agenda_item = forms.IntegerField(required=False, min_value=1)
    curation = forms.IntegerField(required=False, min_value=1)
    terug = forms.ChoiceField(required=False, choices=[("", ""), (RETURN_TO_MEETING, RETURN_TO_MEETING)])
    # The element of the meeting page to return to: an element id, nothing else.
    anker = forms.RegexField(regex=r"^[A-Za-z][A-Za-z0-9_-]{0,80}$", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == "undo" and not data.get("curation"):
            raise forms.ValidationError(_("Choose the change to undo."))
        if action in {"pin", "hide"} and not data.get("item"):
            raise forms.ValidationError(_("Choose a learning item."))
        return data

    def return_anchor(self) -> str:
        """The anchor to return to, also when the rest of the form is wrong (if the anchor itself is fine)."""
        value = self.data.get("anker", "")
        field = self.fields["anker"]
        try:
            return str(field.clean(value) or "")
        except forms.ValidationError:
            return ""

    def returns_to_meeting(self) -> bool:
        return self.data.get("terug") == RETURN_TO_MEETING
