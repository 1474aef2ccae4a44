"""Forms of the second login step: a code, switching it off (password and code), and the griffie's reset."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm


class CodeForm(StyledForm):
    """The six digits of the authenticator app (spaces allowed, as apps show them)."""

    code = forms.CharField(
        label=_("Code from your app"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class LoginCodeForm(StyledForm):
    """The second step of a login: a code of the app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "The six digits your authenticator app shows now. No phone at hand? Type one of your recovery "
            "codes (such as abcde-fghjk); each works once."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


class DisableForm(StyledForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from your app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password") or "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class ResetForm(StyledForm):
    """The griffie (or the operator) resets a person's second step after checking who is asking."""

    identity_checked = forms.BooleanField(
        label=_("I checked that it is really this person who asks (in person, or by calling a known number)"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("For the audit trail: for example “new phone, asked in person at the griffie”."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PasskeyAddForm(StyledForm):
    """A name for the new passkey; the page's script adds the browser's answer (`credential`)."""

    name = forms.CharField(
        label=_("Name of the passkey"),
        max_length=60,
        help_text=_("So that you recognise it later, for example “laptop” or “blue security key”."),
    )
    credential = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)


class PasskeyLoginForm(forms.Form):
    """The browser's answer with a passkey, added by the page's script."""

    credential = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)


class PasswordCheckForm(StyledForm):
    """The user's password, asked again before a passkey is removed."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password") or "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
