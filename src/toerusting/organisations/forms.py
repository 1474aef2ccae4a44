"""Forms of the organisation pages: the griffie's logo for the page header."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from toerusting.forms import StyledForm
from toerusting.organisations.logos import LOGO_MAX_BYTES


class LogoForm(StyledForm):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=format_lazy(
            _(
                "PNG, JPEG, WebP or SVG, at most {max} kB. It is shown at 40 pixels high beside the name in "
                "the page header; a wide logo with a transparent background works best."
            ),
            max=LOGO_MAX_BYTES // 1000,
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/svg+xml"}),
    )
    remove = forms.BooleanField(
        label=_("Remove the logo and show the first letter of the name"), required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("logo") and not data.get("remove"):
            raise forms.ValidationError(_("Choose a file, or tick that the logo should be removed."))
        return data
