from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    name = "toerusting.gaps"
    verbose_name = _("Gaps in the offer")
