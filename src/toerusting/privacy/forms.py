"""Forms of Mijn gegevens: the confirmation of a deletion request, and the griffie's retention period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.accounts import services as account_services
from toerusting.forms import StyledForm


class DeletionForm(StyledForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To be sure it is you who asks."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account and my data are deleted and cannot be brought back."),
        error_messages={"required": _("Tick the box to confirm that you understand this.")},
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not account_services.check_password(self.user, password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


class RetentionForm(StyledForm):
    months = forms.IntegerField(
        label=_("Months"),
        min_value=1,
        max_value=120,
        help_text=_(
            "How many months after a member's last functie here ends their learning data here is anonymised."
        ),
    )
