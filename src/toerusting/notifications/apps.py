from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "toerusting.notifications"
    label = "notifications"
    verbose_name = _("E-mail notifications")
    default_auto_field = "django.db.models.BigAutoField"
