"""Forms of the LTI tool: what a platform posts, the deep-linking picker, and the griffie's registration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from toerusting.embed.services import check_frame_origins
from toerusting.forms import StyledForm
from toerusting.lti.models import MemberRoleDefault, PlatformRegistration


class LaunchForm(forms.Form):
    id_token = forms.CharField(required=False, max_length=20000)
    state = forms.CharField(required=False, max_length=200)

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["id_token"].strip(), self.cleaned_data["state"].strip()


class DeepLinkForm(StyledForm):
    """Which meeting or agenda item the platform should link to."""

    content = forms.MultipleChoiceField(
        label=_("Link to"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose a meeting or an agenda item.")},
    )

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["content"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(choice.value, choice.title) for choice in choices]
        self.offered = choices

    def chosen(self) -> list[str]:
        return list(self.cleaned_data["content"])


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class RegistrationForm(StyledForm):
    """The griffie's form for a platform; deployment ids and frame origins one per line."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example the name of the RIS."))
    issuer = forms.URLField(
        assume_scheme="https", label=_("Issuer"), max_length=300, help_text=_("The platform's iss claim.")
    )
    client_id = forms.CharField(
        label=_("Client id"), max_length=200, help_text=_("The id the platform gave Toerusting (aud claim).")
    )
    deployment_lines = forms.CharField(
        label=_("Deployment ids"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as the platform shows them."),
    )
    auth_login_url = forms.URLField(
        assume_scheme="https",
        label=_("Authorisation URL"),
        max_length=500,
        help_text=_("The platform's OIDC authorisation endpoint."),
    )
    token_url = forms.URLField(
        assume_scheme="https",
        label=_("Token URL"),
        max_length=500,
        required=False,
        help_text=_("The platform's OAuth 2 token endpoint (for services; not needed for launches)."),
    )
    jwks_url = forms.URLField(
        assume_scheme="https",
        label=_("Key set URL"),
        max_length=500,
        help_text=_("Where the platform publishes its public keys (JWKS)."),
    )
    frame_origin_lines = forms.CharField(
        label=_("Origins that may frame Toerusting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, for example https://ris.example.nl (scheme, host and port only)."),
    )
    agenda_source = forms.CharField(
        label=_("Agenda source"),
        required=False,
        max_length=30,
        help_text=_("Which agenda source holds the platform's meeting ids (for example notubiz or push)."),
    )
    member_role = forms.ChoiceField(
        label=_("Role for new accounts"),
        required=False,
        choices=MemberRoleDefault.choices,
        help_text=_(
            "When set, a learner the platform names who has no account yet gets a member account with "
            "this role (unless the launch names another member role)."
        ),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def initial_for(
        cls, registration: PlatformRegistration, frame_origins: list[str], source: str
    ) -> dict[str, Any]:
        return {
            "name": registration.name,
            "issuer": registration.issuer,
            "client_id": registration.client_id,
            "deployment_lines": "\n".join(registration.deployment_ids),
            "auth_login_url": registration.auth_login_url,
            "token_url": registration.token_url,
            "jwks_url": registration.jwks_url,
            "frame_origin_lines": "\n".join(frame_origins),
            "agenda_source": source,
            "member_role": registration.member_role,
            "is_active": registration.is_active,
        }

    def clean_deployment_lines(self) -> list[str]:
        lines = _lines(self.cleaned_data["deployment_lines"])
        if not lines:
            raise ValidationError(_("Give at least one deployment id."))
        if any(len(line) > 255 for line in lines):
            raise ValidationError(_("A deployment id has at most 255 characters."))
        return lines

    def clean_frame_origin_lines(self) -> list[str]:
        origins = _lines(self.cleaned_data["frame_origin_lines"])
        check_frame_origins(origins)
        return origins

    def apply_to(self, registration: PlatformRegistration) -> None:
        """Copy the registration's own fields onto it (the connection's fields go to the service)."""
        data = self.cleaned_data
        for field in (
            "name",
            "issuer",
            "client_id",
            "auth_login_url",
            "token_url",
            "jwks_url",
            "member_role",
        ):
            setattr(registration, field, data[field])
        registration.deployment_ids = data["deployment_lines"]
        registration.is_active = data["is_active"]
