"""The griffie's form for the organisation's identity provider; the client secret is never shown again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from toerusting.oidc.models import MatchOn, OidcProvider


class ProviderForm(forms.ModelForm[OidcProvider]):
    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=_("The provider's issuer URL, exactly as in its discovery document."),
    )
    new_client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the secret that is set."),
    )

    class Meta:
        model = OidcProvider
        fields = [
            "enabled",
            "issuer",
            "client_id",
            "scopes",
            "match_on",
            "identity_claim",
            "require_email_verified",
            "create_accounts",
            "role_claim",
            "provider_enforces_mfa",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secret_is_set = bool(self.instance.pk and self.instance.client_secret)

    def clean_scopes(self) -> str:
        scopes = self.cleaned_data["scopes"].split()
        if "openid" not in scopes:
            scopes.insert(0, "openid")
        return " ".join(dict.fromkeys(scopes))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("match_on") == MatchOn.CLAIM and not cleaned.get("identity_claim"):
            self.add_error("identity_claim", _("Name the claim that holds the employee number."))
        if cleaned.get("create_accounts") and not cleaned.get("role_claim"):
            self.add_error("role_claim", _("Name the claim that holds the role, or do not create accounts."))
        if cleaned.get("enabled") and not (cleaned.get("new_client_secret") or self.secret_is_set):
            self.add_error("new_client_secret", _("Enter the client secret before you switch the login on."))
        return cleaned

    def save(self, commit: bool = True) -> OidcProvider:
        provider: OidcProvider = super().save(commit=False)
        if self.cleaned_data.get("new_client_secret"):
            provider.client_secret = self.cleaned_data["new_client_secret"]
        if commit:
            provider.save()
        return provider

    def changed_fields(self) -> list[str]:
        changed = [
            name
            for name in self.changed_data
            # The scopes as entered may differ from the stored ones only by the "openid" added in clean.
            if name != "new_client_secret"
            and not (name == "scopes" and self.cleaned_data["scopes"] == self.initial.get("scopes"))
        ]
        if self.cleaned_data.get("new_client_secret"):
            changed.append("client_secret")
        return changed
