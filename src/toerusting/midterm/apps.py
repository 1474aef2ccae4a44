from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MidtermConfig(AppConfig):
    name = "toerusting.midterm"
    verbose_name = _("Mid-term reflection")
    default_auto_field = "django.db.models.BigAutoField"
