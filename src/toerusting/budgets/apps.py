from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "toerusting.budgets"
    label = "budgets"
    verbose_name = _("Training budget")
    default_auto_field = "django.db.models.BigAutoField"
