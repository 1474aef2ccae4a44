"""The one permission funnel: what a user may do in an organisation, by capability.

Every view that needs more than membership calls `require(user, organisation, Capability.X)` (403 with a
Dutch message otherwise) or asks `can(...)` to decide what to show. Which roles give which capability is
written down here and nowhere else, so a role check is never written by hand in a view. Membership itself
(404 for other organisations) stays with `selectors.with_organisation` and the scoped selectors.

This module is part of the organisations app's public surface, next to services and selectors.
"""

from __future__ import annotations

import enum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from toerusting.organisations.models import Functie, Organisation
from toerusting.organisations.selectors import AnyUser

# The griffie: the council's clerk and the clerk's office.
GRIFFIE_ROLES = frozenset({"griffier", "griffiemedewerker"})
# Members of the representative body and its committees: the people the RIS tab is for, and the only
# roles a RIS may create an account for.
MEMBER_ROLES = frozenset({"raadslid", "statenlid", "ab_lid", "burgerlid", "fractievoorzitter"})
# The chair of the representative body: the burgemeester, the King's Commissioner or dijkgraaf (voorzitter).
CHAIR_ROLES = frozenset({"burgemeester", "voorzitter"})
# The presidium as far as roles tell: the chair and the group leaders.
PRESIDIUM_ROLES = CHAIR_ROLES | {"fractievoorzitter"}


class Capability(enum.StrEnum):
    MANAGE_PLAN = "manage_plan"
    REGISTER_ATTENDANCE = "register_attendance"
    MANAGE_OWN_OFFER = "manage_own_offer"
    CURATE_RECOMMENDATIONS = "curate_recommendations"
    MANAGE_TAB_SESSIONS = "manage_tab_sessions"
    MANAGE_HOUSE_STYLE = "manage_house_style"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    SET_REFLECTION_QUESTION = "set_reflection_question"
    ANSWER_PULSE = "answer_pulse"
    VIEW_PULSE_RESULTS = "view_pulse_results"
    MANAGE_SIGNUPS = "manage_signups"
    DECIDE_BUDGET = "decide_budget"
    MANAGE_MENTORING = "manage_mentoring"
    VIEW_DEVELOPMENT_OVERVIEW = "view_development_overview"
    RESET_SECOND_FACTOR = "reset_second_factor"
    SET_RETENTION = "set_retention"
    MANAGE_CITIZEN_FEEDBACK = "manage_citizen_feedback"
    VIEW_REPORTS = "view_reports"
    MANAGE_INTERVISION = "manage_intervision"
    JOIN_INTERVISION = "join_intervision"
    MANAGE_MIDTERM = "manage_midterm"
    SHARE_PRACTICES = "share_practices"
    MANAGE_LTI = "manage_lti"
    MANAGE_IDENTITY_PROVIDER = "manage_identity_provider"
    MANAGE_BADGES = "manage_badges"


ROLES_FOR: dict[Capability, frozenset[str]] = {
    Capability.MANAGE_PLAN: GRIFFIE_ROLES,
    Capability.REGISTER_ATTENDANCE: GRIFFIE_ROLES,
    Capability.MANAGE_OWN_OFFER: GRIFFIE_ROLES,
    Capability.CURATE_RECOMMENDATIONS: GRIFFIE_ROLES,
    Capability.MANAGE_TAB_SESSIONS: GRIFFIE_ROLES,
    Capability.MANAGE_LTI: GRIFFIE_ROLES,
    Capability.MANAGE_HOUSE_STYLE: GRIFFIE_ROLES,
    Capability.VIEW_AUDIT_TRAIL: GRIFFIE_ROLES,
    Capability.SET_REFLECTION_QUESTION: GRIFFIE_ROLES | CHAIR_ROLES,
    Capability.ANSWER_PULSE: MEMBER_ROLES,
    Capability.VIEW_PULSE_RESULTS: GRIFFIE_ROLES | PRESIDIUM_ROLES,
    Capability.MANAGE_SIGNUPS: GRIFFIE_ROLES,
    Capability.DECIDE_BUDGET: GRIFFIE_ROLES,
    Capability.MANAGE_MENTORING: GRIFFIE_ROLES,
    Capability.VIEW_DEVELOPMENT_OVERVIEW: GRIFFIE_ROLES,
    Capability.RESET_SECOND_FACTOR: GRIFFIE_ROLES,
    Capability.SET_RETENTION: GRIFFIE_ROLES,
    Capability.MANAGE_CITIZEN_FEEDBACK: GRIFFIE_ROLES,
    Capability.VIEW_REPORTS: GRIFFIE_ROLES,
    Capability.MANAGE_INTERVISION: GRIFFIE_ROLES,
    Capability.JOIN_INTERVISION: MEMBER_ROLES,
    Capability.MANAGE_MIDTERM: GRIFFIE_ROLES,
    Capability.SHARE_PRACTICES: GRIFFIE_ROLES,
    Capability.MANAGE_IDENTITY_PROVIDER: frozenset({"griffier"}),
    Capability.MANAGE_BADGES: GRIFFIE_ROLES,
}

DENIED: dict[Capability, Promise] = {
    Capability.MANAGE_PLAN: _("Only the griffie can manage the term plan."),
    Capability.REGISTER_ATTENDANCE: _("Only the griffie registers attendance."),
    Capability.MANAGE_OWN_OFFER: _("Only the griffie can manage the organisation's own offer."),
    Capability.CURATE_RECOMMENDATIONS: _("Only the griffie can change the recommendations."),
    Capability.MANAGE_TAB_SESSIONS: _("Only the griffie can end sessions of the RIS tab."),
    Capability.MANAGE_LTI: _("Only the griffie can register LTI platforms."),
    Capability.MANAGE_HOUSE_STYLE: _("Only the griffie can change the logo."),
    Capability.VIEW_AUDIT_TRAIL: _("Only the griffie can read the audit trail."),
    Capability.SET_REFLECTION_QUESTION: _("Only the griffie and the chair can set the reflection question."),
    Capability.ANSWER_PULSE: _("Only members of the council and its committees answer the pulse."),
    Capability.VIEW_PULSE_RESULTS: _("Only the griffie and the presidium see the results of the pulse."),
    Capability.MANAGE_SIGNUPS: _("Only the griffie can see and manage sign-up lists."),
    Capability.DECIDE_BUDGET: _("Only the griffie decides on training budget requests and budget rules."),
    Capability.MANAGE_MENTORING: _("Only the griffie pairs mentors and signs off train-the-trainer steps."),
    Capability.VIEW_DEVELOPMENT_OVERVIEW: _("Only the griffie sees the overview of the competency scans."),
    Capability.RESET_SECOND_FACTOR: _("Only the griffie resets the second login step of members."),
    Capability.SET_RETENTION: _("Only the griffie sets how long the data of former members is kept."),
    Capability.MANAGE_CITIZEN_FEEDBACK: _("Only the griffie manages the feedback form for residents."),
    Capability.VIEW_REPORTS: _("Only the griffie sees the reports and decides on the national monitor."),
    Capability.MANAGE_INTERVISION: _("Only the griffie opens intervision rounds and forms the groups."),
    Capability.JOIN_INTERVISION: _("Only members of the council and its committees sign up for intervision."),
    Capability.MANAGE_MIDTERM: _("Only the griffie opens a mid-term reflection."),
    Capability.SHARE_PRACTICES: _("Only the griffie publishes good practices on behalf of the council."),
    Capability.MANAGE_IDENTITY_PROVIDER: _("Only the griffier sets up the login through the organisation."),
    Capability.MANAGE_BADGES: _("Only the griffie manages the badges of the council."),
}


def role_gives(role: str, capability: Capability) -> bool:
    """Whether holding this role gives the capability (for pages that list what each role can do)."""
    return role in ROLES_FOR[capability]


def can(user: AnyUser, organisation: Organisation, capability: Capability) -> bool:
    """Whether the user may do this in the organisation today. Platform operators (superusers) may."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return (
        Functie.objects.current()
        .filter(person__user_id=user.pk, organisation=organisation, role__in=ROLES_FOR[capability])
        .exists()
    )


def capabilities(user: AnyUser, organisation: Organisation) -> frozenset[Capability]:
    """Every capability the user has in the organisation today, in one query (for pages that show
    several actions); the same answers as `can`."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return frozenset()
    if getattr(user, "is_superuser", False):
        return frozenset(Capability)
    roles = set(
        Functie.objects.current()
        .filter(person__user_id=user.pk, organisation=organisation)
        .values_list("role", flat=True)
    )
    return frozenset(capability for capability, given in ROLES_FOR.items() if roles & given)


def require(user: AnyUser, organisation: Organisation, capability: Capability) -> None:
    """403 with a plain Dutch reason unless the user may do this in the organisation."""
    if not can(user, organisation, capability):
        raise PermissionDenied(str(DENIED[capability]))


def is_operator(user: AnyUser) -> bool:
    """Whether the user is a platform operator: an active superuser, who works across organisations
    (moderation of good practices, the admin). Operators are not members of any organisation by right."""
    return bool(
        user.is_authenticated and getattr(user, "is_active", False) and getattr(user, "is_superuser", False)
    )


def require_operator(user: AnyUser) -> None:
    """403 with a plain Dutch reason unless the user is a platform operator."""
    if not is_operator(user):
        raise PermissionDenied(str(_("Only the operator of the platform can do this.")))


def may_use_ris_tab(user: AnyUser, organisation: Organisation) -> bool:
    """Whether a RIS may open the tab for this user: an active account of a person with a current functie
    in the organisation. Staff and superusers never: they would see every organisation through the tab."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return False
    return Functie.objects.current().filter(person__user_id=user.pk, organisation=organisation).exists()


def ris_tab_users(user_field: str, organisation_field: str) -> Q:
    """The condition of may_use_ris_tab as a filter on another model, for one-query lookups (the tab
    session): `user_field` and `organisation_field` name the user and the organisation on that model."""
    return Q(
        **{
            f"{user_field}__is_active": True,
            f"{user_field}__is_staff": False,
            f"{user_field}__is_superuser": False,
        }
    ) & Q(
        Exists(
            Functie.objects.current().filter(
                person__user_id=OuterRef(f"{user_field}_id"),
                organisation_id=OuterRef(f"{organisation_field}_id"),
            )
        )
    )
