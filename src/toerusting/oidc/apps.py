from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OidcConfig(AppConfig):
    name = "toerusting.oidc"
    verbose_name = _("Login through the organisation")
