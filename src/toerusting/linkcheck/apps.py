from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkCheckConfig(AppConfig):
    name = "toerusting.linkcheck"
    verbose_name = _("Link check")
