from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "toerusting.practices"
    label = "practices"
    verbose_name = _("Good practices")
    default_auto_field = "django.db.models.BigAutoField"
