from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "toerusting.planner"
    label = "planner"
    verbose_name = _("Term plan")
    default_auto_field = "django.db.models.BigAutoField"
