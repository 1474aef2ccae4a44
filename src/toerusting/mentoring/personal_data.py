"""Mentoring's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting.mentoring.models import MentoringWish, MentorMeeting, MentorPair, TrackStep, TrainerTrack
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """Mentor pairs with their meetings and notes, the wish for a mentor, and train-the-trainer tracks."""
    pairs = (
        MentorPair.objects.filter(Q(mentor__user_id=user.pk) | Q(mentee__user_id=user.pk))
        .select_related("organisation", "mentor", "mentee")
        .prefetch_related("meetings")
    )
    tracks = (
        TrainerTrack.objects.filter(person__user_id=user.pk)
        .select_related("organisation")
        .prefetch_related("steps")
    )
    return [
        section(
            "mentoring.mentorpair",
            _("Mentoring"),
            (
                {
                    _("Organisation"): pair.organisation.name,
                    _("Mentor"): pair.mentor.full_name,
                    _("New member"): pair.mentee.full_name,
                    _("Status"): pair.get_status_display(),
                    _("Meetings"): [
                        {_("Date"): meeting.date, _("Short note"): meeting.note}
                        for meeting in pair.meetings.all()
                    ],
                }
                for pair in pairs
            ),
        ),
        section(
            "mentoring.mentoringwish",
            _("Wish for a mentor"),
            (
                {
                    _("Organisation"): wish.organisation.name,
                    _("A mentor of another fractie"): wish.other_fractie,
                }
                for wish in MentoringWish.objects.filter(person__user_id=user.pk).select_related(
                    "organisation"
                )
            ),
        ),
        section(
            "mentoring.trainertrack",
            _("Train-the-trainer"),
            (
                {
                    _("Organisation"): track.organisation.name,
                    _("Facilitates"): track.get_kind_display(),
                    _("Steps"): [
                        {
                            _("Step"): step.get_kind_display(),
                            _("Date done"): step.done_date,
                            _("Note"): step.note,
                        }
                        for step in track.steps.all()
                    ],
                }
                for track in tracks
            ),
        ),
        section(
            "mentoring.mentormeeting",
            _("Mentoring meetings you wrote down"),
            ({_("Date"): meeting.date} for meeting in MentorMeeting.objects.filter(created_by_id=user.pk)),
        ),
        section(
            "mentoring.trackstep",
            _("Train-the-trainer steps you signed off"),
            ({_("Date"): step.signed_off_at} for step in TrackStep.objects.filter(signed_off_by_id=user.pk)),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The wish for a mentor goes; the notes of the member's mentoring meetings go (the dates stay, so the
    griffie's count of meetings stays true); pairs and tracks stay with the then nameless person; where the
    member wrote something down or signed a step off, that link and name go."""
    pairs = MentorPair.objects.filter(Q(mentor__user_id=user.pk) | Q(mentee__user_id=user.pk))
    wishes = MentoringWish.objects.filter(person__user_id=user.pk)
    pairs_made = MentorPair.objects.filter(created_by_id=user.pk)
    written = MentorMeeting.objects.filter(created_by_id=user.pk)
    signed = TrackStep.objects.filter(signed_off_by_id=user.pk)
    if organisation is not None:
        pairs = pairs.filter(organisation=organisation)
        wishes = wishes.filter(organisation=organisation)
        pairs_made = pairs_made.filter(organisation=organisation)
        written = written.filter(pair__organisation=organisation)
        signed = signed.filter(track__organisation=organisation)
    return {
        "mentoring.mentoringwish": wishes.delete()[0],
        "mentoring.mentormeeting": MentorMeeting.objects.filter(pair__in=pairs)
        .exclude(note="")
        .update(note="")
        + written.update(created_by=None),
        "mentoring.mentorpair": pairs_made.update(created_by=None),
        "mentoring.trackstep": signed.update(signed_off_by=None, signed_off_name=""),
    }
