"""The planner's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.planner import services
from toerusting.planner.models import Evaluation, FeedToken, Signup, SignupStatus, StepCompletion


def _signups(user: Any) -> Any:
    return Signup.objects.filter(user_id=user.pk).select_related(
        "signup_list__organisation",
        "signup_list__planned_session__activity__plan",
        "signup_list__offer_session__item",
    )


def export(user: Any) -> list[Section]:
    """Sign-ups, evaluations of sessions, onboarding steps done, and calendar links."""
    return [
        section(
            "planner.signup",
            _("Sign-ups"),
            (
                {
                    _("Session"): signup.signup_list.title,
                    _("Start"): signup.signup_list.starts_at,
                    _("Status"): signup.get_status_display(),
                    _("Signed up at"): signup.requested_at,
                }
                for signup in _signups(user)
            ),
        ),
        section(
            "planner.evaluation",
            _("Evaluations of sessions"),
            (
                {
                    _("Session"): evaluation.session.activity.title,
                    _("Score"): evaluation.score,
                    _("One line"): evaluation.remark,
                    _("Date"): evaluation.created_at,
                }
                for evaluation in Evaluation.objects.filter(user_id=user.pk).select_related(
                    "session__activity"
                )
            ),
        ),
        section(
            "planner.stepcompletion",
            _("Onboarding steps done"),
            (
                {_("Step"): completion.step.title, _("Done on"): completion.completed_at}
                for completion in StepCompletion.objects.filter(user_id=user.pk).select_related("step")
            ),
        ),
        section(
            "planner.feedtoken",
            _("Calendar links"),
            (
                {
                    _("Organisation"): token.organisation.name,
                    _("Made"): token.created_at,
                    _("Revoked"): token.revoked_at,
                }
                for token in FeedToken.objects.filter(user_id=user.pk).select_related("organisation")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """A place in a session still to come is given up (the first on the waiting list moves up); past
    sign-ups, evaluation scores (without the line of text) and onboarding steps done stay for the counts,
    moved to an anonymous account. Calendar links go."""
    now = timezone.now()
    signups = list(_signups(user).exclude(status=SignupStatus.SIGNED_OFF))
    if organisation is not None:
        signups = [s for s in signups if s.signup_list.organisation_id == organisation.pk]
    given_up = 0
    for signup in signups:
        if signup.signup_list.starts_at > now:
            services.sign_off(signup.signup_list, user.pk)
            given_up += 1
    kept = Signup.objects.filter(user_id=user.pk)
    evaluations = Evaluation.objects.filter(user_id=user.pk)
    completions = StepCompletion.objects.filter(user_id=user.pk)
    tokens = FeedToken.objects.filter(user_id=user.pk)
    if organisation is not None:
        kept = kept.filter(signup_list__organisation=organisation)
        evaluations = evaluations.filter(session__activity__plan__organisation=organisation)
        completions = completions.filter(step__template__plan__organisation=organisation)
        tokens = tokens.filter(organisation=organisation)
    counts = {"planner.feedtoken": tokens.delete()[0]}
    if anonymous is not None:
        counts["planner.signup"] = given_up + kept.update(user=anonymous)
        counts["planner.evaluation"] = evaluations.update(user=anonymous, remark="")
        counts["planner.stepcompletion"] = completions.update(user=anonymous)
    else:
        counts["planner.signup"] = kept.delete()[0]
        counts["planner.evaluation"] = evaluations.delete()[0]
        counts["planner.stepcompletion"] = completions.delete()[0]
    return counts
