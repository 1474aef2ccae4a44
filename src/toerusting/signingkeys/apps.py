from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningKeysConfig(AppConfig):
    name = "toerusting.signingkeys"
    verbose_name = _("Signing keys")
