"""Writes of mentoring and train-de-trainer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.mentoring.models import (
    STEP_ORDER,
    MentoringWish,
    MentorMeeting,
    MentorPair,
    PairStatus,
    StepKind,
    TrackStep,
    TrainerTrack,
)

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation, Person
    from toerusting.organisations.selectors import AnyUser


class MentoringError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _user(actor: AnyUser | None) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def propose_pair(
    organisation: Organisation,
    mentor: Person,
    mentee: Person,
    actor: AnyUser | None,
    reasons: list[dict[str, str]] | None = None,
) -> MentorPair:
    """The griffie proposes a mentor to a new member; the new member accepts or declines."""
    if mentor.pk == mentee.pk:
        raise MentoringError(_("A mentor and a new member are two different people."), "mentor")
    try:
        with transaction.atomic():
            return MentorPair.objects.create(
                organisation=organisation,
                mentor=mentor,
                mentee=mentee,
                reasons=reasons or [],
                created_by=_user(actor),
            )
    except IntegrityError as exc:
        raise MentoringError(_("These two already form a pair."), "mentor") from exc


@transaction.atomic
def respond(pair: MentorPair, accept: bool, reason: str = "") -> MentorPair:
    """The new member accepts the proposed mentor, or declines (optionally with a reason)."""
    pair = MentorPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.PROPOSED:
        raise MentoringError(_("You have already answered this proposal."))
    pair.status = PairStatus.ACTIVE if accept else PairStatus.DECLINED
    pair.decline_reason = "" if accept else reason.strip()
    pair.answered_at = timezone.now()
    pair.save(update_fields=["status", "decline_reason", "answered_at"])
    return pair


@transaction.atomic
def end_pair(pair: MentorPair) -> MentorPair:
    pair = MentorPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status not in (PairStatus.PROPOSED, PairStatus.ACTIVE):
        raise MentoringError(_("This pair has already ended."))
    pair.status = PairStatus.ENDED
    pair.ended_at = timezone.now()
    pair.save(update_fields=["status", "ended_at"])
    return pair


def log_meeting(pair: MentorPair, actor: AnyUser | None, date: dt.date, note: str = "") -> MentorMeeting:
    """One of the pair writes down a meeting: a date and a short note only the two of them read."""
    if pair.status != PairStatus.ACTIVE:
        raise MentoringError(_("You can log meetings of an active pair."))
    if date > timezone.localdate() + dt.timedelta(days=1):
        raise MentoringError(_("Log a meeting once it has taken place."), "date")
    return MentorMeeting.objects.create(pair=pair, date=date, note=note.strip(), created_by=_user(actor))


def set_wish(organisation: Organisation, person: Person, other_fractie: bool) -> MentoringWish:
    wish, _created = MentoringWish.objects.update_or_create(
        organisation=organisation, person=person, defaults={"other_fractie": other_fractie}
    )
    return wish


@transaction.atomic
def start_track(
    organisation: Organisation,
    person: Person,
    kind: str,
    subject: str,
    planned: dict[str, dt.date | None] | None = None,
    item: LearningItem | None = None,
) -> TrainerTrack:
    """A train-de-trainer track with its four steps (learn, co-facilitate, facilitate, feedback)."""
    if not subject.strip():
        raise MentoringError(_("Name the method or module."), "subject")
    planned = planned or {}
    dates = [planned.get(str(kind_)) for kind_ in STEP_ORDER]
    known = [d for d in dates if d is not None]
    if known != sorted(known):
        raise MentoringError(_("The planned dates must follow the order of the steps."), "leren")
    track = TrainerTrack.objects.create(
        organisation=organisation, person=person, kind=kind, subject=subject.strip(), item=item
    )
    TrackStep.objects.bulk_create(
        TrackStep(track=track, kind=kind_, planned_date=date)
        for kind_, date in zip(STEP_ORDER, dates, strict=True)
    )
    return track


@transaction.atomic
def sign_off_step(track: TrainerTrack, actor: AnyUser, done_date: dt.date, note: str = "") -> TrackStep:
    """The griffie signs off the next step of a track (steps are done in their order)."""
    steps = {step.kind: step for step in TrackStep.objects.select_for_update().filter(track=track)}
    step = next((steps[k] for k in STEP_ORDER if k in steps and steps[k].signed_off_at is None), None)
    if step is None:
        raise MentoringError(_("All steps of this track are signed off."))
    previous = [steps[k] for k in STEP_ORDER[: STEP_ORDER.index(StepKind(step.kind))] if k in steps]
    if previous and previous[-1].done_date and done_date < previous[-1].done_date:
        raise MentoringError(_("This step cannot be done before the previous one."), "done_date")
    if done_date > timezone.localdate():
        raise MentoringError(_("Sign off a step once it is done."), "done_date")
    user = _user(actor)
    person = getattr(user, "person", None)
    step.done_date = done_date
    step.note = note.strip()[:300]
    step.signed_off_by = user
    step.signed_off_name = person.full_name if person is not None else getattr(user, "username", "")
    step.signed_off_at = timezone.now()
    step.save()
    return step
