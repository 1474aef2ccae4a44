from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "toerusting.twofactor"
    verbose_name = _("Two-step login")
