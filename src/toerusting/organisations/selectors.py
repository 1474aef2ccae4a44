"""Reads of organisation data, always scoped to what the requesting user may see.

Every view, API endpoint and later app reads tenant data through a `get_<thing>_for_user` function here, so
that tenant isolation is decided in one place and tested once (tests/test_isolation.py).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from toerusting.organisations.models import (
    ELECTED_ROLES,
    REPRESENTATIVE_KINDS,
    ROLES_FOR_KIND,
    THEME_TOKEN_NAME,
    THEME_TOKEN_VALUE,
    Body,
    CouncilTerm,
    Fractie,
    Functie,
    Organisation,
    OrganisationKind,
    OrganisationLogo,
    Person,
)

AnyUser = AbstractBaseUser | AnonymousUser
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponse)


def user_id_of(user: AnyUser) -> int:
    """The id of a logged-in user; views that call this are behind login_required."""
    if not user.is_authenticated or user.pk is None:
        raise PermissionDenied
    return int(user.pk)


def roles_for_kind() -> dict[str, frozenset[str]]:
    """The roles that exist in each kind of organisation (gemeente, provincie, waterschap)."""
    return {str(kind): frozenset(roles) for kind, roles in ROLES_FOR_KIND.items()}


def kind_of(owned: Any) -> str:
    """The kind (gemeente, provincie, waterschap) of the organisation an object belongs to; no query when
    the organisation is already loaded on the object."""
    cached = owned._state.fields_cache.get("organisation")
    if cached is not None:
        return str(cached.kind)
    return str(Organisation.objects.values_list("kind", flat=True).get(pk=owned.organisation_id))


def organisations_for_user(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations the user belongs to: through a functie that has not ended. Operators see all."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        pk__in=Functie.objects.not_ended().filter(person__user_id=user.pk).values("organisation_id")
    )


def get_organisation_for_user(user: AnyUser, slug: str) -> Organisation:
    """The organisation with this key, if the user belongs to it; otherwise 404 (we do not say it exists)."""
    try:
        return organisations_for_user(user).get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def with_organisation(
    view: Callable[Concatenate[HttpRequest, Organisation, P], R],
) -> Callable[..., R]:
    """View decorator: resolve the `org` URL argument through get_organisation_for_user.

    Anonymous users are sent to the login page; logged-in users of other organisations get 404.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, org: str, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        organisation = get_organisation_for_user(request.user, org)
        request.organisation = organisation  # type: ignore[attr-defined]
        return view(request, organisation, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def current_term(organisation: Organisation, day: dt.date | None = None) -> CouncilTerm | None:
    """The term running on the given day, or else the most recent one that started."""
    day = day or dt.date.today()
    terms = organisation.terms.all()
    running = terms.filter(installation_date__lte=day, end_date__gt=day).first()
    return running or terms.filter(installation_date__lte=day).order_by("-installation_date").first()


@dataclass
class FractieSeats:
    fractie: Fractie
    members: list[Person] = field(default_factory=list)


@dataclass
class Composition:
    """Who sits where in an organisation today: for the overview page."""

    organisation: Organisation
    term: CouncilTerm | None
    representative: Body | None
    gremia: list[Body]
    fracties: list[FractieSeats]
    elected_count: int


def get_composition_for_user(user: AnyUser, organisation: Organisation) -> Composition:
    """The current composition of the organisation's bodies and fracties (user must belong to it)."""
    organisation = get_organisation_for_user(user, organisation.slug)
    term = current_term(organisation)
    today = dt.date.today()
    bodies = list(
        organisation.bodies.annotate(
            member_count=Count(
                "functies",
                filter=Q(functies__start_date__lte=today)
                & (Q(functies__end_date__isnull=True) | Q(functies__end_date__gt=today)),
                distinct=True,
            )
        ).order_by("kind", "name")
    )
    representative = next((b for b in bodies if b.kind in REPRESENTATIVE_KINDS), None)
    fracties: list[FractieSeats] = []
    elected_count = 0
    if term is not None:
        elected = (
            Functie.objects.current()
            .filter(organisation=organisation, role__in=ELECTED_ROLES, fractie__term=term)
            .select_related("person")
            .order_by("person__family_name", "person__given_name")
        )
        by_fractie: dict[int, list[Person]] = {}
        for functie in elected:
            assert functie.fractie_id is not None
            by_fractie.setdefault(functie.fractie_id, []).append(functie.person)
            elected_count += 1
        for fractie in term.fracties.all().order_by("-seats", "name"):
            fracties.append(FractieSeats(fractie, by_fractie.get(fractie.pk, [])))
    return Composition(
        organisation=organisation,
        term=term,
        representative=representative,
        gremia=[b for b in bodies if b is not representative],
        fracties=fracties,
        elected_count=elected_count,
    )


def get_fractie_for_user(user: AnyUser, organisation: Organisation, fractie_id: int) -> Fractie:
    organisation = get_organisation_for_user(user, organisation.slug)
    try:
        return Fractie.objects.select_related("term", "split_from").get(
            organisation=organisation, pk=fractie_id
        )
    except Fractie.DoesNotExist as exc:
        raise Http404 from exc


def get_body_for_user(user: AnyUser, organisation: Organisation, body_id: int) -> Body:
    organisation = get_organisation_for_user(user, organisation.slug)
    try:
        return Body.objects.get(organisation=organisation, pk=body_id)
    except Body.DoesNotExist as exc:
        raise Http404 from exc


def get_person_for_user(user: AnyUser, organisation: Organisation, person_id: int) -> Person:
    """A person with a functie in this organisation; their functies elsewhere are not shown through it."""
    organisation = get_organisation_for_user(user, organisation.slug)
    try:
        return Person.objects.filter(functies__organisation=organisation).distinct().get(pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def functies_in_organisation(person: Person, organisation: Organisation) -> QuerySet[Functie]:
    """All functies (past, current, future) of a person within one organisation, newest first."""
    return (
        person.functies.filter(organisation=organisation)
        .select_related("body", "fractie")
        .order_by("-start_date", "role")
    )


def current_members(body: Body, day: dt.date | None = None) -> QuerySet[Functie]:
    return (
        body.functies.current(day)
        .select_related("person", "fractie")
        .order_by("role", "person__family_name", "person__given_name")
    )


def fractie_members(fractie: Fractie) -> QuerySet[Functie]:
    """Everyone who held a functie for this fractie during its term, current first."""
    return fractie.functies.select_related("person", "body").order_by(
        "end_date", "role", "person__family_name"
    )


@dataclass
class Membership:
    """A user's place in one organisation: the roles they hold there now or soon."""

    organisation: Organisation
    functies: list[Functie]

    @property
    def roles(self) -> list[str]:
        seen: list[str] = []
        for functie in self.functies:
            if functie.role not in seen:
                seen.append(functie.role)
        return seen


def memberships_for_user(user: AnyUser) -> list[Membership]:
    """Per organisation, the user's own functies that have not ended (for the home page)."""
    if not user.is_authenticated:
        return []
    functies = (
        Functie.objects.not_ended()
        .filter(person__user_id=user.pk)
        .select_related("organisation", "body", "fractie")
        .order_by("organisation__name", "start_date")
    )
    grouped: dict[int, Membership] = {}
    for functie in functies:
        grouped.setdefault(functie.organisation_id, Membership(functie.organisation, [])).functies.append(
            functie
        )
    return list(grouped.values())


def person_for_user(user: AnyUser) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk).first()


def organisation_by_slug(slug: str) -> Organisation | None:
    """Unscoped lookup for content loaders and commands that run as the system, never for requests."""
    return Organisation.objects.filter(slug=slug).first()


def colleagues_for_user(user: AnyUser, organisation: Organisation) -> QuerySet[Person]:
    """People with a login and a functie that has not ended in the organisation, the user excluded."""
    organisation = get_organisation_for_user(user, organisation.slug)
    return (
        Person.objects.filter(
            user__isnull=False, functies__in=Functie.objects.not_ended().filter(organisation=organisation)
        )
        .exclude(user_id=user_id_of(user))
        .distinct()
        .order_by("family_name", "given_name")
    )


def council_user_ids(user: AnyUser) -> QuerySet[Person, Any]:
    """user_id values of everyone who shares an organisation with the user (for 'in your council' counts)."""
    organisations = organisations_for_user(user)
    return (
        Person.objects.filter(
            user__isnull=False,
            functies__in=Functie.objects.not_ended().filter(organisation__in=organisations),
        )
        .values("user_id")
        .distinct()
    )


def member_user_ids(organisation: Organisation) -> set[int]:
    """user_id of everyone with a login and a functie that has not ended: for system tasks (the weekly
    digest), never for requests."""
    return set(
        Person.objects.filter(
            user__isnull=False, functies__in=Functie.objects.not_ended().filter(organisation=organisation)
        ).values_list("user_id", flat=True)
    )


def all_organisations() -> QuerySet[Organisation]:
    """Every organisation, unscoped: for system tasks and loaders, never for requests."""
    return Organisation.objects.all()


def roles_for_user(user: AnyUser, organisation: Organisation) -> set[str]:
    """The roles the user holds now (or soon) in the organisation."""
    if not user.is_authenticated:
        return set()
    return set(
        Functie.objects.not_ended()
        .filter(person__user_id=user_id_of(user), organisation=organisation)
        .values_list("role", flat=True)
    )


def roles_by_organisation(user: AnyUser) -> dict[int, set[str]]:
    """In one query: the organisations the user belongs to (by functies that have not ended, as
    organisations_for_user) with the roles held in each (as roles_for_user). Operators get only their own
    functies here; callers that show everything to operators check is_superuser themselves."""
    if not user.is_authenticated:
        return {}
    held: dict[int, set[str]] = {}
    for organisation_id, role in (
        Functie.objects.not_ended()
        .filter(person__user_id=user_id_of(user))
        .values_list("organisation_id", "role")
    ):
        held.setdefault(organisation_id, set()).add(role)
    return held


def theme_tokens(organisation: Organisation) -> list[tuple[str, str]]:
    """The organisation's design tokens that pass the theme's validation (no <, >, {, }, ;, : or
    backslash in a value), sorted: safe to write into a <style> element."""
    theme = organisation.theme if isinstance(organisation.theme, dict) else {}
    return sorted(
        (name, value)
        for name, value in theme.items()
        if isinstance(name, str)
        and isinstance(value, str)
        and THEME_TOKEN_NAME.fullmatch(name)
        and THEME_TOKEN_VALUE.fullmatch(value)
    )


def logo_of(organisation_slug: str, version: int) -> OrganisationLogo:
    """The organisation's current logo at this version (404 for an old version or none): a logo is public,
    as the organisation's own symbol is, so it needs no membership."""
    logo = (
        OrganisationLogo.objects.filter(
            organisation__slug=organisation_slug,
            organisation__has_logo=True,
            organisation__logo_version=version,
        )
        .only("content_type", "data", "updated_at")
        .first()
    )
    if logo is None:
        raise Http404
    return logo


def functies_of_organisation(
    organisation: Organisation,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    roles: frozenset[str] | set[str] | None = None,
) -> QuerySet[Functie]:
    """Functies in an organisation that overlap the period [start, end) (all of them without a period),
    optionally only of some roles, with person, body and fractie: for ledgers and overviews that read the
    whole organisation in one query. Takes an organisation already obtained through a scoped selector."""
    functies = Functie.objects.filter(organisation=organisation)
    if end is not None:
        functies = functies.filter(start_date__lt=end)
    if start is not None:
        functies = functies.filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
    if roles is not None:
        functies = functies.filter(role__in=sorted(roles))
    return functies.select_related("person", "body", "fractie").order_by(
        "person__family_name", "person__given_name", "person_id", "start_date"
    )


def role_choices() -> list[tuple[str, str]]:
    """Every role with its label, for apps that show roles without importing the model."""
    from toerusting.organisations.models import Role

    return [(str(value), str(label)) for value, label in Role.choices]


def people_by_key(keys: set[str]) -> dict[str, Person]:
    """Persons by their key, unscoped: for content loaders and commands that run as the system."""
    return {person.key: person for person in Person.objects.filter(key__in=sorted(keys))}


def user_by_username(username: str) -> Any:
    """A user by username, unscoped: for demo loaders that act as a demo account (None if missing)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first()


def user_ids_with_roles(
    organisation: Organisation, roles: frozenset[str] | set[str]
) -> QuerySet[Functie, Any]:
    """user_id values of people with a login and a current functie of one of these roles in the
    organisation (for counts of members, never for showing who they are)."""
    return (
        Functie.objects.current()
        .filter(organisation=organisation, role__in=roles, person__user__isnull=False)
        .values("person__user_id")
        .distinct()
    )


def person_by_key(key: str) -> Person | None:
    """Unscoped lookup by the person's key, for demo loaders that run as the system, never for requests."""
    return Person.objects.filter(key=key).select_related("user").first()


def holds_current_role(user: AnyUser, roles: frozenset[str] | set[str]) -> bool:
    """Whether the user has a current functie of one of these roles in any organisation (for rules that
    follow a role wherever it is held, such as the required second login step of the griffie)."""
    if not user.is_authenticated:
        return False
    return Functie.objects.current().filter(person__user_id=user_id_of(user), role__in=sorted(roles)).exists()


def users_holding_role(user_ids: set[int], roles: frozenset[str] | set[str]) -> set[int]:
    """Which of these users have a current functie of one of these roles in any organisation, in one query
    (for lists that apply `holds_current_role` to many people)."""
    return set(
        Functie.objects.current()
        .filter(person__user_id__in=sorted(user_ids), role__in=sorted(roles))
        .values_list("person__user_id", flat=True)
    )


def former_member_user_ids(organisation: Organisation, ended_before: dt.date) -> list[int]:
    """Accounts of people whose every functie in the organisation ended before this day (and who hold no
    functie there now or later): the retention rule anonymises their learning data there."""
    day = dt.date.today()
    ended = Functie.objects.filter(organisation=organisation, person__user__isnull=False)
    still = ended.filter(Q(end_date__isnull=True) | Q(end_date__gte=ended_before) | Q(start_date__gt=day))
    return sorted(
        set(ended.exclude(person_id__in=still.values("person_id")).values_list("person__user_id", flat=True))
    )


def elected_roles() -> frozenset[str]:
    """The roles residents elect (raadslid, Statenlid, AB-lid): for "new or re-elected" in reports."""
    return frozenset(ELECTED_ROLES)


def current_functies_in(
    organisation_ids: list[int], day: dt.date | None = None
) -> list[tuple[int, str, int]]:
    """(person id, role, organisation id) of every functie held on the day in these organisations, in one
    query: for the national monitor, which counts and never names."""
    return list(
        Functie.objects.current(day)
        .filter(organisation_id__in=organisation_ids)
        .values_list("person_id", "role", "organisation_id")
    )


def organisation_kinds() -> list[tuple[str, str]]:
    """Every kind of organisation (gemeente, provincie, waterschap) with its label."""
    from toerusting.organisations.models import OrganisationKind

    return [(str(value), str(label)) for value, label in OrganisationKind.choices]


def kinds_of(organisation_ids: list[int]) -> list[tuple[int, str]]:
    """(id, kind) of these organisations, in one query."""
    return list(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "kind"))


def organisation_kind_choices() -> list[tuple[str, str]]:
    """The kinds of organisation (gemeente, provincie, waterschap) as form choices."""
    return [(str(value), str(label)) for value, label in OrganisationKind.choices]


def names_for_users(user_ids: set[int]) -> dict[int, str]:
    """The name of each user's person (an account without a person: its username), in one or two queries;
    for pages across organisations that show people by name only, never with a fractie."""
    if not user_ids:
        return {}
    names = {
        person.user_id: person.full_name
        for person in Person.objects.filter(user_id__in=user_ids).only(
            "user_id", "given_name", "tussenvoegsel", "family_name"
        )
        if person.user_id is not None
    }
    missing = user_ids - set(names)
    if missing:
        from django.contrib.auth import get_user_model

        for pk, username in get_user_model().objects.filter(pk__in=missing).values_list("pk", "username"):
            names[pk] = str(username)
    return names
