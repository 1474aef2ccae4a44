"""Forms of the accounts app: the login limit reads the name it counts through a form as well; the member's
own account page changes the password and ends sessions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginAttemptForm(forms.Form):
    """Only the name of a login attempt, to check and count the login limit before the password is."""

    username = forms.CharField(max_length=150, required=False, strip=True)

    def attempted_name(self) -> str:
        return str(self.cleaned_data.get("username") or "") if self.is_valid() else ""


class ChangePasswordForm(PasswordChangeForm):
    """Django's password change (old password, new twice, the site's password rules), with the site's field
    classes and the browser's password-manager hints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        autocomplete = {"old_password": "current-password"}
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
            field.widget.attrs["autocomplete"] = autocomplete.get(name, "new-password")
            field.widget.attrs.pop("autofocus", None)


class EndSessionForm(forms.Form):
    """Which of the member's login sessions to end: one (by its id) or all others (`others`)."""

    session = forms.IntegerField(required=False, min_value=1)
    others = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("session") and not data.get("others"):
            raise forms.ValidationError(_("Choose a session to end."))
        return data
