"""Writes of the candidates' track: the griffie creates an information evening, changes it or calls it off;
a visitor signs up without an account, confirms through a signed link that expires (double opt-in) and can
cancel through another signed link; old sign-ups are deleted after the evening.

A change of the date, time or place, and the calling off, are e-mailed to everyone signed up (confirmed or
not yet), each in the language they signed up in; the mails are queued after the commit, one task per
sign-up (tasks.evening_notice_task), so a slow mail server never holds up the griffie's click.

A place is taken at confirmation, on the evening's locked row (select_for_update on PostgreSQL; SQLite's
BEGIN IMMEDIATE already serialises writers), so two visitors confirming the last place at once never both
get it."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toerusting.audit import services as audit_services
from toerusting.candidates.models import EveningSignup, InfoEvening, SignupStatus

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

logger = logging.getLogger(__name__)

_CONFIRM_SALT = "toerusting.candidates.confirm"
_CANCEL_SALT = "toerusting.candidates.cancel"


class EveningError(Exception):
    """An evening or sign-up cannot be stored; the message says why, in the reader's language. `field` names
    the form field the message belongs to, when it is about one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class EveningData:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    capacity: int
    description: str = ""


def _check(data: EveningData) -> None:
    if data.ends_at <= data.starts_at:
        raise EveningError(_("The evening must end after it starts."), field="end")
    if data.capacity < 1:
        raise EveningError(_("An evening needs at least one place."), field="capacity")


@transaction.atomic
def create_evening(user: AnyUser, organisation: Organisation, data: EveningData) -> InfoEvening:
    """A new information evening of the organisation; recorded in the audit trail."""
    _check(data)
    evening = InfoEvening.objects.create(
        organisation=organisation,
        title=data.title.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip(),
        capacity=data.capacity,
        description=data.description.strip(),
        created_by_id=user.pk,
    )
    audit_services.record(
        user,
        organisation,
        audit_services.Action.INFO_EVENING,
        target=evening.title,
        evening=evening.pk,
        capacity=data.capacity,
    )
    return evening


def describe_when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """The day and times of an evening in the active language, for example "dinsdag 12 mei 2026,
    19:30-21:30" with an en dash (the end's day too when it ends on another day)."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    day = formats.date_format(start, "l j F Y")
    if end.date() != start.date():
        return f"{day}, {start:%H:%M}\u2013{formats.date_format(end, 'l j F Y')}, {end:%H:%M}"
    return f"{day}, {start:%H:%M}\u2013{end:%H:%M}"


def change_refusal(evening: InfoEvening, now: dt.datetime | None = None) -> str:
    """Why the griffie can no longer change or call off the evening, or "" while it can."""
    if evening.cancelled_at is not None:
        return _("This evening is cancelled. It can no longer be changed.")
    if evening.ends_at <= (now or timezone.now()):
        return _("This evening has ended. It can no longer be changed or called off.")
    return ""


# The fields whose change is e-mailed to the people signed up (a new title, description or number of places
# is not).
NOTIFIED_FIELDS = ("starts_at", "ends_at", "place")


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class EveningChange:
    """What `update_evening` did: the fields that changed (old and new value), and how many sign-ups are
    e-mailed about it (none when only the title, description or places changed)."""

    evening: InfoEvening
    changed: dict[str, tuple[object, object]]
    mailed: int


def update_evening(
    user: AnyUser, evening: InfoEvening, data: EveningData, *, now: dt.datetime | None = None
) -> EveningChange:
    """Change an evening that has not ended and is not cancelled, on its locked row. The places may not drop
    below the confirmed sign-ups. A new date, time or place is e-mailed after the commit to every sign-up
    that is confirmed or not confirmed yet (the confirmation mail of the latter shows the old details).
    Recorded in the audit trail with the old and new values."""
    now = now or timezone.now()
    _check(data)
    new_values: dict[str, object] = {
        "title": data.title.strip(),
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "place": data.place.strip(),
        "capacity": data.capacity,
        "description": data.description.strip(),
    }
    with transaction.atomic():
        locked = InfoEvening.objects.select_for_update().select_related("organisation").get(pk=evening.pk)
        refusal = change_refusal(locked, now)
        if refusal:
            raise EveningError(refusal)
        confirmed = confirmed_count(locked)
        if data.capacity < confirmed:
            raise EveningError(
                ngettext(
                    "%(confirmed)d person has confirmed their sign-up, so the evening needs at least "
                    "%(confirmed)d place. You entered %(capacity)d.",
                    "%(confirmed)d people have confirmed their sign-up, so the evening needs at least "
                    "%(confirmed)d places. You entered %(capacity)d.",
                    confirmed,
                )
                % {"confirmed": confirmed, "capacity": data.capacity},
                field="capacity",
            )
        changed = {
            name: (getattr(locked, name), value)
            for name, value in new_values.items()
            if getattr(locked, name) != value
        }
        if not changed:
            return EveningChange(locked, {}, 0)
        for name, (_old, value) in changed.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(changed))
        recipients: list[str] = []
        if changed.keys() & set(NOTIFIED_FIELDS):
            recipients = _recipients(locked)
            # Both sides of the change go with each mail, so that it says exactly what this change did even
            # when the griffie changes the evening again before the queue sends it.
            details: dict[str, str] = {}
            for name in NOTIFIED_FIELDS:
                old, new = changed.get(name, (getattr(locked, name), getattr(locked, name)))
                details[f"old_{name}"] = str(_plain(old))
                details[f"new_{name}"] = str(_plain(new))
            transaction.on_commit(lambda: _queue_notices(recipients, "changed", details))
        audit_services.record(
            user,
            locked.organisation,
            audit_services.Action.INFO_EVENING_CHANGED,
            target=locked.title,
            evening=locked.pk,
            changed={name: [_plain(old), _plain(new)] for name, (old, new) in changed.items()},
            mailed=len(recipients),
        )
    return EveningChange(locked, changed, len(recipients))


def cancel_evening(
    user: AnyUser, evening: InfoEvening, message: str = "", *, now: dt.datetime | None = None
) -> int | None:
    """Call the evening off, on its locked row: it stays (marked cancelled, with its sign-ups until the
    retention job deletes them), no one can sign up or confirm any more, and every confirmed and pending
    sign-up is e-mailed after the commit, with the griffie's message. Recorded in the audit trail. Returns
    how many sign-ups are e-mailed, or None when the evening was already cancelled (then nothing happens:
    no second mail, no second record). Refused once the evening has ended."""
    now = now or timezone.now()
    message = message.strip()
    with transaction.atomic():
        locked = InfoEvening.objects.select_for_update().select_related("organisation").get(pk=evening.pk)
        if locked.cancelled_at is not None:
            return None
        if locked.ends_at <= now:
            raise EveningError(_("This evening has ended. It can no longer be changed or called off."))
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        recipients = _recipients(locked)
        transaction.on_commit(lambda: _queue_notices(recipients, "cancelled", {"message": message}))
        audit_services.record(
            user,
            locked.organisation,
            audit_services.Action.INFO_EVENING_CANCELLED,
            target=locked.title,
            evening=locked.pk,
            mailed=len(recipients),
            message=message or None,
        )
    return len(recipients)


def _recipients(evening: InfoEvening) -> list[str]:
    """The sign-ups to tell about the evening: confirmed and not confirmed yet (not the cancelled ones)."""
    return [
        str(pk)
        for pk in evening.signups.exclude(status=SignupStatus.CANCELLED)
        .order_by("created_at")
        .values_list("pk", flat=True)
    ]


def _queue_notices(signup_ids: list[str], kind: str, details: dict[str, str]) -> None:
    from toerusting.candidates.tasks import evening_notice_task

    for signup_id in signup_ids:
        evening_notice_task.enqueue(signup_id, kind, details)


def confirmed_count(evening: InfoEvening) -> int:
    return evening.signups.filter(status=SignupStatus.CONFIRMED).count()


def confirm_token(signup: EveningSignup) -> str:
    return signing.dumps(str(signup.pk), salt=_CONFIRM_SALT)


def cancel_token(signup: EveningSignup) -> str:
    return signing.dumps(str(signup.pk), salt=_CANCEL_SALT)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(signup: EveningSignup, template: str, context: dict[str, object]) -> None:
    """One e-mail to the sign-up's address, as text and HTML, rendered in the active language from
    candidates/email/<template>{_subject.txt,.txt,.html}."""
    context = {
        "signup": signup,
        "evening": signup.evening,
        "organisation": signup.evening.organisation,
        "cancel_url": _absolute(reverse("candidates:cancel", kwargs={"token": cancel_token(signup)})),
        "site_url": settings.SITE_URL.rstrip("/"),
        **context,
    }
    subject = " ".join(render_to_string(f"candidates/email/{template}_subject.txt", context).split())
    text = render_to_string(f"candidates/email/{template}.txt", context)
    html = render_to_string(f"candidates/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [signup.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _send_confirmation(signup_id: str, language: str) -> None:
    signup = EveningSignup.objects.select_related("evening__organisation").filter(pk=signup_id).first()
    if signup is None:
        return
    with translation.override(language):
        _send(
            signup,
            "confirm",
            {
                "confirm_url": _absolute(
                    reverse("candidates:confirm", kwargs={"token": confirm_token(signup)})
                ),
                "hours": settings.CANDIDATES_CONFIRM_MAX_AGE_SECONDS // 3600,
            },
        )
    logger.info("candidates: sent a confirmation link for evening %s", signup.evening_id)


def send_evening_notice(signup_id: str, kind: str, details: dict[str, str]) -> bool:
    """The e-mail to one sign-up that its evening changed ("changed": the old and new date, time and place
    in `details`) or is called off ("cancelled": the griffie's message in `details`), in the language the
    visitor signed up in (Dutch when that is not known). Nothing is sent to a sign-up that is gone or was
    cancelled meanwhile, nor about a change of an evening that was called off meanwhile (its cancellation
    mail says enough). Whether a mail was sent."""
    signup = EveningSignup.objects.select_related("evening__organisation").filter(pk=signup_id).first()
    if signup is None or signup.status == SignupStatus.CANCELLED:
        return False
    evening = signup.evening
    if kind == "changed" and evening.cancelled_at is not None:
        return False
    language = signup.language or settings.LANGUAGE_CODE
    page = _absolute(reverse("candidates:organisation", kwargs={"org": evening.organisation.slug}))
    with translation.override(language):
        if kind == "changed":
            old_when = describe_when(
                dt.datetime.fromisoformat(details["old_starts_at"]),
                dt.datetime.fromisoformat(details["old_ends_at"]),
            )
            new_when = describe_when(
                dt.datetime.fromisoformat(details["new_starts_at"]),
                dt.datetime.fromisoformat(details["new_ends_at"]),
            )
            context: dict[str, object] = {
                "old_when": old_when,
                "new_when": new_when,
                "when_changed": old_when != new_when,
                "old_place": details["old_place"],
                "new_place": details["new_place"],
                "place_changed": details["old_place"] != details["new_place"],
                "confirmed": signup.status == SignupStatus.CONFIRMED,
                "confirm_url": _absolute(
                    reverse("candidates:confirm", kwargs={"token": confirm_token(signup)})
                ),
            }
            _send(signup, "changed", context)
        elif kind == "cancelled":
            _send(
                signup,
                "cancelled",
                {
                    "when": describe_when(evening.starts_at, evening.ends_at),
                    "message": details.get("message", ""),
                    "page_url": page,
                    "days": settings.CANDIDATES_SIGNUP_RETENTION_DAYS,
                },
            )
        else:
            raise ValueError(f"unknown notice {kind!r}")
    logger.info("candidates: sent the notice %r for evening %s", kind, evening.pk)
    return True


def request_signup(
    evening: InfoEvening,
    *,
    name: str,
    email: str,
    question: str = "",
    now: dt.datetime | None = None,
    send: bool = True,
) -> EveningSignup:
    """Store the visitor's sign-up as not confirmed yet and send the confirmation link after the commit.
    Signing up again with the same address sends the link again; it updates the name and question only
    of a sign-up that is not confirmed (a confirmed one is never changed by this public form). Refused
    once the evening has started, is called off or is full. `send` is false only for the demo, whose addresses
    are invented."""
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        locked = InfoEvening.objects.select_for_update().get(pk=evening.pk)
        if locked.cancelled_at is not None:
            raise EveningError(_("This evening is cancelled. You can no longer sign up for it."))
        if locked.starts_at <= now:
            raise EveningError(_("This evening has started; signing up is closed."))
        signup = EveningSignup.objects.filter(evening=locked, email=email).first()
        taking_a_place = signup is None or signup.status != SignupStatus.CONFIRMED
        if taking_a_place and confirmed_count(locked) >= locked.capacity:
            raise EveningError(_("This evening is full. Choose another evening or ask the griffie."))
        language = translation.get_language() or settings.LANGUAGE_CODE
        if signup is None:
            signup = EveningSignup.objects.create(
                evening=locked, name=name.strip(), email=email, question=question.strip(), language=language
            )
        elif signup.status != SignupStatus.CONFIRMED:
            # Not confirmed (yet, or any more): the new details wait for the new link like the first ones,
            # and the link's day starts again.
            signup.name = name.strip()
            signup.question = question.strip()
            signup.language = language
            signup.status = SignupStatus.PENDING
            signup.confirmed_at = None
            signup.save(update_fields=["name", "question", "language", "status", "confirmed_at"])
            EveningSignup.objects.filter(pk=signup.pk).update(created_at=now)
        # A confirmed sign-up is never changed by a form anyone can post with its address: the mail goes to
        # the address again (its cancel link), nothing else happens.
        signup_id = str(signup.pk)
        if send:
            transaction.on_commit(lambda: _send_confirmation(signup_id, language))
    return signup


def _signup_from(token: str, salt: str, max_age: int | None) -> EveningSignup | None:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return EveningSignup.objects.select_related("evening__organisation").filter(pk=str(value)).first()


def signup_for_confirmation(token: str) -> EveningSignup | None:
    """The sign-up of a confirmation link, or None when the link is forged, expired or its sign-up is gone."""
    return _signup_from(token, _CONFIRM_SALT, settings.CANDIDATES_CONFIRM_MAX_AGE_SECONDS)


def signup_for_cancellation(token: str) -> EveningSignup | None:
    """The sign-up of a cancel link (valid as long as the sign-up exists), or None."""
    return _signup_from(token, _CANCEL_SALT, None)


def confirm(signup: EveningSignup, *, now: dt.datetime | None = None) -> EveningSignup:
    """Take a place for the sign-up, on the evening's locked row: refused when the evening is called off,
    full or has started, or the sign-up was cancelled. Confirming twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        evening = InfoEvening.objects.select_for_update().get(pk=signup.evening_id)
        current = EveningSignup.objects.get(pk=signup.pk)
        if current.status == SignupStatus.CONFIRMED:
            return current
        if evening.cancelled_at is not None:
            raise EveningError(_("This evening is cancelled. It does not take place."))
        if current.status == SignupStatus.CANCELLED:
            raise EveningError(_("This sign-up was cancelled. Sign up again on the page of the evening."))
        if evening.starts_at <= now:
            raise EveningError(_("This evening has started; signing up is closed."))
        if confirmed_count(evening) >= evening.capacity:
            raise EveningError(
                _("Sorry: the last place was taken before you confirmed. This evening is full.")
            )
        current.status = SignupStatus.CONFIRMED
        current.confirmed_at = now
        current.save(update_fields=["status", "confirmed_at"])
        return current


def cancel(signup: EveningSignup) -> EveningSignup:
    """Cancel the sign-up: its place is free again."""
    with transaction.atomic():
        InfoEvening.objects.select_for_update().get(pk=signup.evening_id)
        current = EveningSignup.objects.get(pk=signup.pk)
        current.status = SignupStatus.CANCELLED
        current.confirmed_at = None
        current.save(update_fields=["status", "confirmed_at"])
        return current


def record_export(user: AnyUser, evening: InfoEvening, rows: int) -> None:
    audit_services.record(
        user,
        evening.organisation,
        audit_services.Action.EXPORT,
        target=f"sign-ups {evening.title} (CSV)",
        evening=evening.pk,
        rows=rows,
    )


def delete_old_signups(now: dt.datetime | None = None) -> int:
    """Delete the sign-ups of evenings that ended CANDIDATES_SIGNUP_RETENTION_DAYS ago, and sign-ups that
    were never confirmed within a day after their link expired; how many were deleted."""
    now = now or timezone.now()
    ended = now - dt.timedelta(days=settings.CANDIDATES_SIGNUP_RETENTION_DAYS)
    unconfirmed = (
        now - dt.timedelta(seconds=settings.CANDIDATES_CONFIRM_MAX_AGE_SECONDS) - dt.timedelta(days=1)
    )
    old = EveningSignup.objects.filter(evening__ends_at__lt=ended).delete()[0]
    stale = EveningSignup.objects.filter(status=SignupStatus.PENDING, created_at__lt=unconfirmed).delete()[0]
    return old + stale
