"""The audit trail: who did what, when, for every privileged action. Append-only: a row is never changed, and
deleted only by the retention service once it is older than AUDIT_RETENTION_DAYS."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from toerusting.appendonly import AppendOnly, AppendOnlyModel

__all__ = ["Action", "AppendOnly", "AuditEvent"]


class Action(models.TextChoices):
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed login")
    PASSWORD_CHANGED = "password_changed", _("changed their password")
    SESSIONS_ENDED = "sessions_ended", _("ended login sessions")
    CURATION = "curation", _("changed the recommendations")
    PLAN_CHANGED = "plan_changed", _("changed the term plan")
    PLAN_PUBLISHED = "plan_published", _("published the term plan")
    ATTENDANCE = "attendance", _("registered attendance")
    OWN_OFFER = "own_offer", _("changed the own offer")
    TAB_SESSIONS_ENDED = "tab_sessions_ended", _("ended RIS tab sessions")
    LOGO = "logo", _("changed the logo")
    BUDGET = "budget", _("decided on the training budget")
    MENTORING = "mentoring", _("changed mentoring")
    REFLECTION_QUESTION = "reflection_question", _("set the reflection question")
    EXPORT = "export", _("exported data")
    SIGNUP_FOR_MEMBER = "signup_for_member", _("signed a member up or off")
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("set up the second login step")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("switched off the second login step")
    TWO_FACTOR_FAILED = "two_factor_failed", _("gave a wrong code in the second login step")
    RECOVERY_CODE_USED = "recovery_code_used", _("logged in with a recovery code")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("made new recovery codes")
    TWO_FACTOR_RESET = "two_factor_reset", _("reset someone's second login step")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("asked for a password-reset link")
    PASSWORD_RESET = "password_reset", _("set a new password through the reset link")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("asked to change their e-mail address")
    EMAIL_CHANGED = "email_changed", _("confirmed a new e-mail address")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("downloaded their personal data")
    DELETION_REQUESTED = "deletion_requested", _("asked to delete their account")
    DELETION_CANCELLED = "deletion_cancelled", _("cancelled the deletion of their account")
    DELETION_EXECUTED = "deletion_executed", _("account and personal data deleted")
    RETENTION_SET = "retention_set", _("set the retention period")
    RETENTION_RUN = "retention_run", _("anonymised the data of former members")
    INTERVISION = "intervision", _("changed intervision groups")
    MIDTERM = "midterm", _("opened a mid-term reflection")
    PRACTICE = "practice", _("changed a good practice")
    INFO_EVENING = "info_evening", _("created an information evening")
    KEY_CREATED = "key_created", _("made a signing key")
    KEY_ROTATED = "key_rotated", _("rotated a signing key")
    PASSKEY_ADDED = "passkey_added", _("added a passkey")
    PASSKEY_REMOVED = "passkey_removed", _("removed a passkey")
    PASSKEY_USED = "passkey_used", _("logged in with a passkey")
    PASSKEY_FAILED = "passkey_failed", _("failed to log in with a passkey")
    PASSKEY_CLONE_WARNING = "passkey_clone_warning", _("a passkey's use counter went back (possible copy)")
    RIS_KEY_CHANGED = "ris_key_changed", _("changed the key of a RIS connection")
    LTI_REGISTRATION = "lti_registration", _("registered or changed an LTI platform")
    LTI_LAUNCH = "lti_launch", _("opened Toerusting from an LTI platform")
    LTI_LAUNCH_FAILED = "lti_launch_failed", _("refused launch from an LTI platform")
    LTI_DEEP_LINK = "lti_deep_link", _("placed a link in an LTI platform")
    OIDC_LOGIN = "oidc_login", _("logged in through the organisation's identity provider")
    OIDC_LOGIN_FAILED = "oidc_login_failed", _("failed login through the organisation's identity provider")
    OIDC_CONFIG_CHANGED = (
        "oidc_config_changed",
        _("changed the login through the organisation's identity provider"),
    )
    PROVIDER_OFFER = "provider_offer", _("changed a learning provider's offer")
    MODERATION = "moderation", _("decided on a learning provider's item")
    BADGE = "badge", _("changed an open badge")
    INFO_EVENING_CHANGED = "info_evening_changed", _("changed an information evening")
    INFO_EVENING_CANCELLED = "info_evening_cancelled", _("called off an information evening")


class AuditEvent(AppendOnlyModel):
    """One privileged action. The actor's name is kept as text too, so the trail stays readable when an
    account is deleted or anonymised; `organisation` is empty for events that belong to no organisation
    (a failed login for an unknown name), which only the operator sees."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by (name)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    target = models.CharField(_("on"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target}"
