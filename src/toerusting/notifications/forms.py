"""The preference page's form: the language of e-mails and a choice per kind."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm
from toerusting.notifications.models import OPT_IN, Kind


class PreferencesForm(StyledForm):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def subscribed(self) -> dict[str, bool]:
        return {kind.value: bool(self.cleaned_data.get(kind.value)) for kind in Kind}


for _kind in Kind:
    PreferencesForm.base_fields[_kind.value] = forms.BooleanField(
        label=_kind.label,
        required=False,
        help_text=_("You receive these only when you tick this.") if _kind in OPT_IN else "",
    )
