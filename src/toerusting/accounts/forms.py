"""Forms of the accounts app: the login limit reads the name it counts through a form as well; the member's
own account page changes the password and ends sessions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from toerusting.accounts import services
from toerusting.forms import StyledForm


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


class ForgotPasswordForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address your account has. If it is known, we send a link to set a new password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's new-password form (twice, the site's password rules) with the site's field classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
            field.widget.attrs["autocomplete"] = "new-password"
            field.widget.attrs.pop("autofocus", None)


class ChangeEmailForm(StyledForm):
    """A new address, confirmed with the current password; the address changes only once the link in the
    mail to the new address is followed."""

    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address. Your address changes when you open that link."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if email.casefold() == (self.user.email or "").casefold():
            raise forms.ValidationError(_("This is already your e-mail address."))
        if services.email_in_use(email):
            raise forms.ValidationError(_("Another account uses this address. Choose another address."))
        return email

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not services.check_password(self.user, password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
