from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "toerusting.badges"
    label = "badges"
    verbose_name = _("Open badges")
    default_auto_field = "django.db.models.BigAutoField"
