"""Sending e-mail, the one way every app does it: `send(kind, user_id, template=..., context=...)`.

The message is rendered in the member's language (Dutch unless English is chosen), as HTML and as plain
text, with a one-click unsubscribe for its kind (a signed link in the footer and the List-Unsubscribe and
List-Unsubscribe-Post headers of RFC 8058). Nothing is sent when the member switched the kind off, or, for
an opt-in kind, never switched it on. A `key` makes a message idempotent: one delivery per member, kind
and key (the week of a digest), also when two workers try at the same moment.

Templates: `<template>_subject.txt`, `<template>.txt` and `<template>.html`, usually extending
`notifications/email/base.txt` and `base.html`, which add the footer with the unsubscribe link.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from toerusting.notifications.models import OPT_IN, Delivery, Preference, Subscription
from toerusting.notifications.models import Kind as Kind  # callers name the kind: services.Kind.SIGNUP

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "toerusting.notifications.unsubscribe"


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message. An iCalendar file carries its METHOD (REQUEST or CANCEL)."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"
    calendar_method: str = ""


def absolute_url(path: str) -> str:
    """An address on this site for use outside a request (e-mails, background tasks)."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{user_id}.{kind}")


def read_unsubscribe_token(token: str) -> tuple[int, Kind] | None:
    """The member and kind of a valid token; None for a forged or garbled one."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        user_id, kind = value.split(".", 1)
        return int(user_id), Kind(kind)
    except (signing.BadSignature, ValueError):
        return None


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute_url(
        reverse("notifications:unsubscribe", kwargs={"unsubscribe_token": unsubscribe_token(user_id, kind)})
    )


def chosen_language(user_id: int) -> str | None:
    """The language the member chose (or used when first signing up), None when never set."""
    return Preference.objects.filter(user_id=user_id).values_list("language", flat=True).first()


def language_of(user_id: int) -> str:
    preference = Preference.objects.filter(user_id=user_id).first()
    return preference.language if preference is not None else settings.LANGUAGE_CODE


def subscriptions_of(user_id: int) -> dict[Kind, bool]:
    """Every kind with whether the member receives it (their choice, else the kind's default)."""
    chosen = dict(Subscription.objects.filter(user_id=user_id).values_list("kind", "subscribed"))
    return {kind: chosen.get(kind.value, kind not in OPT_IN) for kind in Kind}


def is_subscribed(user_id: int, kind: str) -> bool:
    return subscriptions_of(user_id)[Kind(kind)]


def subscribed_user_ids(kind: str, user_ids: Iterable[int]) -> set[int]:
    """Of these members, those who receive `kind`: one query, for periodic sends to many members."""
    ids = set(user_ids)
    chosen = dict(
        Subscription.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "subscribed")
    )
    default = Kind(kind) not in OPT_IN
    return {user_id for user_id in ids if chosen.get(user_id, default)}


@transaction.atomic
def set_preferences(user_id: int, *, language: str, subscribed: Mapping[str, bool]) -> None:
    """Save the member's language and the choice for every kind given."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {language!r}")
    Preference.objects.update_or_create(user_id=user_id, defaults={"language": language})
    for kind, value in subscribed.items():
        Subscription.objects.update_or_create(
            user_id=user_id, kind=Kind(kind), defaults={"subscribed": value}
        )


def ensure_language(user_id: int, language: str) -> None:
    """Remember the language a member uses the site in, unless they chose one for e-mails already."""
    if language in {code for code, _name in settings.LANGUAGES}:
        Preference.objects.get_or_create(user_id=user_id, defaults={"language": language})


def unsubscribe(user_id: int, kind: str) -> None:
    Subscription.objects.update_or_create(user_id=user_id, kind=Kind(kind), defaults={"subscribed": False})


def send(
    kind: str,
    user_id: int,
    *,
    template: str,
    context: Mapping[str, Any] | None = None,
    key: str = "",
    attachments: Iterable[Attachment] = (),
) -> bool:
    """Send one message of `kind` to the member; whether it was sent.

    Not sent: a member without an address or inactive, a kind the member does not receive, or a `key` that
    was sent before. The delivery is recorded in the same transaction as the send, so a failing mail server
    leaves nothing recorded and the next attempt sends it.
    """
    kind = Kind(kind)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not is_subscribed(user_id, kind):
        return False
    if key and Delivery.objects.filter(user_id=user_id, kind=kind, key=key).exists():
        return False
    unsubscribe_link = unsubscribe_url(user_id, kind)
    with translation.override(language_of(user_id)):
        full_context = {
            **(context or {}),
            "user": user,
            "site_url": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe_link,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "kind_label": kind.label,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        text = render_to_string(f"{template}.txt", full_context)
        html = render_to_string(f"{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        if attachment.calendar_method:
            part = MIMEText(attachment.content.decode(), "calendar", "utf-8")
            part.set_param("method", attachment.calendar_method)
            part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
            message.attach(part)
        else:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    try:
        with transaction.atomic():
            Delivery.objects.create(user_id=user_id, kind=kind, key=key, subject=subject[:300])
            message.send()
    except IntegrityError:
        return False  # another worker sent this key at the same moment
    logger.info("notifications: sent %s to user %s", kind.value, user_id, extra={"kind": kind.value})
    return True


def send_account_notice(user_id: int, *, template: str, context: Mapping[str, Any] | None = None) -> bool:
    """A notice about the security of the member's own account (their second login step was reset): sent
    whatever e-mail choices they made, since it is no newsletter but a warning they must be able to act
    on, in their language, without an unsubscribe link. Whether it was sent (not without an address)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    with translation.override(language_of(user_id)):
        full_context = {**(context or {}), "user": user, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        text = render_to_string(f"{template}.txt", full_context)
        html = render_to_string(f"{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], headers={"Auto-Submitted": "auto-generated"}
    )
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("notifications: sent an account notice to user %s", user_id, extra={"kind": "account"})
    return True


def delete_old_deliveries(before: Any) -> int:
    """Forget sent messages older than `before` (data minimisation; the retention job calls this)."""
    return Delivery.objects.filter(sent_at__lt=before).delete()[0]


def send_review_reminder(user_id: int, *, goal: str, review_on: Any, url: str, key: str) -> bool:
    """Remind a member of a review moment of their development plan (called by the plan's owner app).
    `key` names the review moment, so that a reminder goes out once; `url` is the plan's full address."""
    return send(
        Kind.REVIEW,
        user_id,
        template="notifications/email/review_reminder",
        context={"goal": goal, "review_on": review_on, "url": url},
        key=key,
    )
