"""Forms of the accounts app: the login limit reads the name it counts through a form as well."""

from __future__ import annotations

from django import forms


class LoginAttemptForm(forms.Form):
    """Only the name of a login attempt, to check and count the login limit before the password is."""

    username = forms.CharField(max_length=150, required=False, strip=True)

    def attempted_name(self) -> str:
        return str(self.cleaned_data.get("username") or "") if self.is_valid() else ""
