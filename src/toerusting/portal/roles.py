"""What each role is about and what a person in that role can do here, for the home page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from toerusting.organisations import permissions
from toerusting.organisations.permissions import Capability
from toerusting.organisations.selectors import Membership

if TYPE_CHECKING:
    from toerusting.organisations.models import Functie, Person

SUMMARIES: dict[str, Promise] = {
    "raadslid": _(
        "As a council member you set the frameworks, check the college and speak for the residents. "
        "You decide in the council meeting and prepare in the committees."
    ),
    "burgerlid": _(
        "As a committee member you prepare council decisions for your fractie in the committee. "
        "You may speak there, but you do not vote in the council."
    ),
    "fractievoorzitter": _(
        "As group leader you lead your fractie and speak for it in the presidium, where agendas and "
        "working methods of the council are set."
    ),
    "wethouder": _(
        "As alderman you govern together with the mayor and the other aldermen. You account to the "
        "council and keep it informed."
    ),
    "burgemeester": _(
        "As mayor you chair the council and the college, and you are responsible for public order and "
        "safety. You do not vote in the council."
    ),
    "griffier": _(
        "As griffier you advise and support the council and its committees, and you organise how the "
        "council learns and develops during its term."
    ),
    "griffiemedewerker": _(
        "As a member of the griffie you support the council, its committees and its members in their "
        "daily work."
    ),
    "gemeentesecretaris": _(
        "As municipal secretary you lead the civil service and advise the college; with the mayor and the "
        "griffier you form the local triangle."
    ),
    "statenlid": _(
        "As a member of the Provincial Council you set the frameworks for the province and check the "
        "provincial executive."
    ),
    "gedeputeerde": _(
        "As a member of the provincial executive you govern the province and account to the "
        "Provincial Council."
    ),
    "commissaris_van_de_koning": _(
        "As King's Commissioner you chair the Provincial Council and the provincial executive."
    ),
    "ab_lid": _(
        "As a member of the general board you decide on the main lines of the water authority: dikes, water "
        "levels, water quality and the water boards' taxes."
    ),
    "db_lid": _(
        "As a member of the executive board you govern the water authority day to day and account to the "
        "general board."
    ),
    "dijkgraaf": _(
        "As dijkgraaf you chair the general board and the executive board of the water authority. You do "
        "not vote in the general board."
    ),
    "secretaris_directeur": _(
        "As secretary-director you lead the organisation of the water authority and advise its boards."
    ),
    "voorzitter": _("You chair this body: you lead its meetings and guard how it works."),
    "lid": _("You are a member of this body and take part in its meetings."),
}

# Roles that sit in the presidium or support it, and so get a link to it.
PRESIDIUM_ROLES = {
    "fractievoorzitter",
    "burgemeester",
    "griffier",
    "dijkgraaf",
    "commissaris_van_de_koning",
}


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Guide:
    role: str
    label: str
    places: list[str]
    summary: str
    links: list[Link] = field(default_factory=list)


# The griffie's (and others') pages that a role's capability opens, in the order the guide lists them.
CAPABILITY_LINKS: tuple[tuple[Capability, Promise, str], ...] = (
    (Capability.MANAGE_OWN_OFFER, _("Manage your council's own learning offer"), "catalogue:own"),
    (Capability.MANAGE_PLAN, _("Plan training days for the whole council term"), "planner:plan"),
    (Capability.DECIDE_BUDGET, _("Training budget: requests, ledgers and export"), "budgets:griffie"),
    (Capability.MANAGE_MENTORING, _("Mentoring pairs and train-the-trainer"), "mentoring:griffie"),
    (Capability.MANAGE_INTERVISION, _("Intervision rounds and groups"), "intervision:home"),
    (Capability.MANAGE_MIDTERM, _("The council's mid-term reflection"), "midterm:home"),
    (
        Capability.VIEW_DEVELOPMENT_OVERVIEW,
        _("How many members did the competency scan (counts only)"),
        "development:overview",
    ),
    (Capability.SHARE_PRACTICES, _("Share good practices with other councils"), "practices:own"),
    (
        Capability.VIEW_REPORTS,
        _("Reports on learning in the council, and the yearly report"),
        "reports:overview",
    ),
    (
        Capability.MANAGE_CITIZEN_FEEDBACK,
        _("Residents' feedback on the council, and the council's reaction"),
        "citizens:manage",
    ),
    (
        Capability.MANAGE_SIGNUPS,
        _("Information evenings for candidates, and who signed up"),
        "candidates:manage",
    ),
    (
        Capability.MANAGE_TAB_SESSIONS,
        _("Who has the RIS tab open, and ending those sessions"),
        "tabsessions:list",
    ),
    (Capability.RESET_SECOND_FACTOR, _("Reset a member's second login step"), "twofactor:people"),
    (Capability.MANAGE_LTI, _("Platforms that open Toerusting through LTI 1.3"), "ltiplatforms:list"),
)


def guides_for(membership: Membership, person: Person | None) -> list[Guide]:
    """One card per role the person holds in this organisation, each with links that are not repeated."""
    organisation = membership.organisation
    seen_urls: set[str] = set()
    guides: dict[str, Guide] = {}
    presidium = (
        organisation.bodies.filter(kind="presidium").first()
        if any(f.role in PRESIDIUM_ROLES for f in membership.functies)
        else None
    )

    def add(guide: Guide, label: str, url: str) -> None:
        if url not in seen_urls:
            seen_urls.add(url)
            guide.links.append(Link(label, url))

    for functie in membership.functies:
        guide = guides.get(functie.role)
        if guide is None:
            guide = Guide(
                role=functie.role,
                label=str(functie.get_role_display()),
                places=[],
                summary=str(SUMMARIES.get(functie.role, "")),
            )
            guides[functie.role] = guide
            add(
                guide,
                str(_("See who sits in the council and its committees")),
                reverse("organisations:overview", kwargs={"org": organisation.slug}),
            )
        guide.places.append(_place(functie))
        add(
            guide,
            str(_("%(body)s: who sits in it") % {"body": functie.body.name}),
            reverse("organisations:body", kwargs={"org": organisation.slug, "body_id": functie.body_id}),
        )
        if functie.fractie_id is not None:
            assert functie.fractie is not None
            add(
                guide,
                str(_("Your fractie: %(fractie)s") % {"fractie": functie.fractie.name}),
                reverse(
                    "organisations:fractie",
                    kwargs={"org": organisation.slug, "fractie_id": functie.fractie_id},
                ),
            )
        for capability, label, url_name in CAPABILITY_LINKS:
            if permissions.role_gives(functie.role, capability):
                add(guide, str(label), reverse(url_name, kwargs={"org": organisation.slug}))
        if functie.role in PRESIDIUM_ROLES and presidium is not None:
            add(
                guide,
                str(_("The presidium: who sets the agenda")),
                reverse(
                    "organisations:body",
                    kwargs={"org": organisation.slug, "body_id": presidium.pk},
                ),
            )
    if guides:
        # Links for every member, on the first card only.
        first = next(iter(guides.values()))
        for label, url in (
            (_("Prepare for your next meetings"), reverse("recommendations:prepare")),
            (_("The meeting calendar"), reverse("agenda:calendar", kwargs={"org": organisation.slug})),
            (
                _("Find something short to learn before your next meeting"),
                reverse("catalogue:list") + "?duur=10",
            ),
            (
                _("Your term plan, onboarding and calendar feed"),
                reverse("planner:mine", kwargs={"org": organisation.slug}),
            ),
        ):
            add(first, str(label), url)
        if any(f.role in permissions.MEMBER_ROLES for f in membership.functies):
            # Members of the council and its committees have a training budget and may have a mentor.
            add(
                first,
                str(_("Your training budget: request a course")),
                reverse("budgets:mine", kwargs={"org": organisation.slug}),
            )
            add(
                first,
                str(_("Mentoring: your mentor or mentee")),
                reverse("mentoring:mine", kwargs={"org": organisation.slug}),
            )
            add(
                first,
                str(_("Intervision: your group and its meetings")),
                reverse("intervision:home", kwargs={"org": organisation.slug}),
            )
            add(
                first,
                str(_("Mid-term reflection: look back on the term together")),
                reverse("midterm:home", kwargs={"org": organisation.slug}),
            )
        if person is not None:
            add(
                first,
                str(_("Your functies in %(organisation)s") % {"organisation": organisation.name}),
                reverse("organisations:person", kwargs={"org": organisation.slug, "person_id": person.pk}),
            )
    return list(guides.values())


def _place(functie: Functie) -> str:
    if functie.fractie is not None:
        return f"{functie.body.name} ({functie.fractie.name})"
    return functie.body.name
