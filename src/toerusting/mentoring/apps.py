from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "toerusting.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring and train-the-trainer")
    default_auto_field = "django.db.models.BigAutoField"
