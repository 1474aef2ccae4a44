"""Writes on organisation data. Views, commands and later the API call these, never the ORM directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from toerusting.accounts import services as account_services
from toerusting.organisations.demo import DemoData, OrganisationRecord
from toerusting.organisations.logos import logo_problem
from toerusting.organisations.models import (
    Body,
    CouncilTerm,
    Fractie,
    Functie,
    Organisation,
    OrganisationLogo,
    Person,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass
class LoadSummary:
    organisations: int = 0
    people: int = 0
    functies_created: int = 0
    functies_removed: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, description)


def link_user(person: Person, user: AbstractBaseUser | None) -> Person:
    """Link a login to a person (or unlink with None); a user has at most one person."""
    if user is not None:
        Person.objects.filter(user_id=user.pk).exclude(pk=person.pk).update(user=None)
    person.user_id = user.pk if user is not None else None
    person.save(update_fields=["user"])
    return person


@transaction.atomic
def load_demo_data(data: DemoData) -> LoadSummary:
    """Write checked demo records; running it again gives the same state (upsert by key)."""
    summary = LoadSummary()
    people: dict[str, Person] = {}
    for record in data.people:
        person, _ = Person.objects.update_or_create(
            key=record.key,
            defaults={
                "given_name": record.given_name,
                "initials": record.initials,
                "tussenvoegsel": record.tussenvoegsel,
                "family_name": record.family_name,
            },
        )
        people[record.key] = person
    summary.people = len(people)
    for organisation_record in data.organisations:
        _load_organisation(organisation_record, people, summary)
        summary.organisations += 1
    for account in data.accounts:
        user = account_services.upsert_user(
            username=account.username,
            password=data.password,
            email=account.email,
            is_superuser=account.superuser,
        )
        if account.person:
            link_user(people[account.person], user)
        summary.accounts.append((account.username, account.description))
    return summary


def _load_organisation(record: OrganisationRecord, people: dict[str, Person], summary: LoadSummary) -> None:
    organisation, _ = Organisation.objects.update_or_create(
        slug=record.slug,
        defaults={
            "name": record.name,
            "kind": record.kind,
            "cbs_code": record.cbs_code,
            "tooi_code": record.tooi_code,
            "inhabitants": record.inhabitants,
            "description": record.description,
            "theme": record.theme,
        },
    )
    _full_clean(organisation, record)
    if (
        record.logo is not None
        and not OrganisationLogo.objects.filter(organisation=organisation, data=record.logo).exists()
    ):
        set_logo(organisation, record.logo)
    bodies: dict[str, Body] = {}
    for body_record in record.bodies:
        body, _ = Body.objects.update_or_create(
            organisation=organisation,
            key=body_record.key,
            defaults={
                "kind": body_record.kind,
                "name": body_record.name,
                "bob_phase": body_record.bob_phase,
                "seats": body_record.seats,
                "description": body_record.description,
            },
        )
        bodies[body.key] = body
    terms: dict[str, CouncilTerm] = {}
    for term_record in record.terms:
        term, _ = CouncilTerm.objects.update_or_create(
            organisation=organisation,
            key=term_record.key,
            defaults={
                "election_date": term_record.election_date,
                "installation_date": term_record.installation_date,
                "end_date": term_record.end_date,
            },
        )
        terms[term.key] = term
    fracties: dict[str, Fractie] = {}
    for fractie_record in record.fracties:
        fractie, _ = Fractie.objects.update_or_create(
            organisation=organisation,
            term=terms[fractie_record.term],
            key=fractie_record.key,
            defaults={
                "name": fractie_record.name,
                "short_name": fractie_record.short_name,
                "party_kind": fractie_record.party_kind,
                "seats": fractie_record.seats,
                "split_date": fractie_record.split_date,
            },
        )
        fracties[fractie.key] = fractie
    for fractie_record in record.fracties:
        split_from = fracties[fractie_record.split_from] if fractie_record.split_from else None
        fractie = fracties[fractie_record.key]
        if fractie.split_from_id != (split_from.pk if split_from else None):
            fractie.split_from = split_from
            fractie.save(update_fields=["split_from"])

    wanted: set[tuple[int, int, str, int | None, str]] = set()
    existing = {
        (f.person_id, f.body_id, f.role, f.fractie_id, f.start_date.isoformat()): f
        for f in Functie.objects.filter(organisation=organisation)
    }
    for functie_record in record.functies:
        fractie_obj = fracties[functie_record.fractie] if functie_record.fractie else None
        identity = (
            people[functie_record.person].pk,
            bodies[functie_record.body].pk,
            functie_record.role,
            fractie_obj.pk if fractie_obj else None,
            functie_record.start_date.isoformat(),
        )
        wanted.add(identity)
        functie = existing.get(identity)
        if functie is None:
            functie = Functie(
                person=people[functie_record.person],
                organisation=organisation,
                body=bodies[functie_record.body],
                role=functie_record.role,
                fractie=fractie_obj,
                start_date=functie_record.start_date,
                end_date=functie_record.end_date,
            )
            functie.full_clean()
            functie.save()
            summary.functies_created += 1
        elif functie.end_date != functie_record.end_date:
            functie.end_date = functie_record.end_date
            functie.save(update_fields=["end_date"])
    # Functies of this organisation that the files no longer list are removed: the files are the truth.
    stale = [f.pk for identity, f in existing.items() if identity not in wanted]
    if stale:
        summary.functies_removed += Functie.objects.filter(pk__in=stale).delete()[0]


def _full_clean(organisation: Organisation, record: OrganisationRecord) -> None:
    try:
        organisation.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(f"{record.path}: organisation: {exc}") from exc


def create_member(
    organisation: Organisation, *, name: str, email: str, role: str, fractie_name: str = ""
) -> AbstractBaseUser | None:
    """Create a login, a person and a functie starting today, for a member another system vouches for.

    Returns None when the role does not exist in this kind of organisation, when a role held for a
    fractie names no fractie of the current term, or when an account with the e-mail address exists
    (linking an existing account is the griffie's decision, never another system's).
    """
    from django.utils.text import slugify

    from toerusting.organisations.models import (
        EXECUTIVE_KINDS,
        FRACTIE_ROLES,
        REPRESENTATIVE_KINDS,
        ROLES_FOR_KIND,
        OrganisationKind,
    )
    from toerusting.organisations.selectors import current_term

    if role not in ROLES_FOR_KIND[OrganisationKind(organisation.kind)] or role in {"voorzitter", "lid"}:
        return None
    if account_services.email_in_use(email):
        return None
    fractie = None
    if role in FRACTIE_ROLES or fractie_name:
        term = current_term(organisation)
        fractie = (
            Fractie.objects.filter(
                organisation=organisation, term=term, name__iexact=fractie_name.strip()
            ).first()
            if term is not None and fractie_name.strip()
            else None
        )
        if role in FRACTIE_ROLES and fractie is None:
            return None
    if role in {
        "wethouder",
        "gedeputeerde",
        "db_lid",
        "dijkgraaf",
        "gemeentesecretaris",
        "secretaris_directeur",
    }:
        body = organisation.bodies.filter(kind__in=EXECUTIVE_KINDS).first()
    elif role == "burgerlid":
        body = organisation.bodies.filter(kind="commissie").order_by("bob_phase", "name").first()
    else:
        body = organisation.bodies.filter(kind__in=REPRESENTATIVE_KINDS).first()
    if body is None:
        return None
    parts = name.split()
    given_name, family_name = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else (name or "Lid", "")
    user = account_services.create_user_without_password(username_hint=email or slugify(name), email=email)
    base_key = slugify(f"{organisation.slug}-{name}")[:60] or organisation.slug
    key, counter = base_key, 2
    while Person.objects.filter(key=key).exists():
        key, counter = f"{base_key}-{counter}", counter + 1
    person = Person.objects.create(key=key, given_name=given_name, family_name=family_name or given_name)
    link_user(person, user)
    functie = Functie(
        person=person,
        organisation=organisation,
        body=body,
        role=role,
        fractie=fractie,
        start_date=dt.date.today(),
    )
    functie.full_clean()
    functie.save()
    return user


@transaction.atomic
def set_logo(organisation: Organisation, data: bytes) -> OrganisationLogo:
    """Set (or replace) the organisation's logo. ValidationError on the field `logo` when the file is not a
    small, self-contained image; nothing is changed then."""
    content_type, problem = logo_problem(data)
    if problem:
        raise ValidationError({"logo": problem})
    logo, _created = OrganisationLogo.objects.update_or_create(
        organisation=organisation, defaults={"content_type": content_type, "data": data}
    )
    Organisation.objects.filter(pk=organisation.pk).update(has_logo=True, logo_version=F("logo_version") + 1)
    organisation.refresh_from_db(fields=["has_logo", "logo_version"])
    return logo


@transaction.atomic
def remove_logo(organisation: Organisation) -> None:
    """Back to the letter mark in the header."""
    OrganisationLogo.objects.filter(organisation=organisation).delete()
    Organisation.objects.filter(pk=organisation.pk).update(has_logo=False)
    organisation.refresh_from_db(fields=["has_logo"])


def lock_person(person: Person) -> None:
    """Inside a caller's transaction: lock the person's row until it ends (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite writes one at a time anyway), so that actions on one member's account, such as
    budget requests and approvals, happen one after the other."""
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))


# --- Accounts another system vouches for (the RIS launch, an organisation's own identity provider) ----------


class ExternalAccountRefused(Exception):
    """Another system named someone this organisation may not let in; `reason` is one of: account_disabled,
    not_allowed (staff or an operator), not_member (no current functie here), email_taken (the address
    belongs to someone who is not a member here), role_not_allowed (a new account for a role other than a
    member's)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def check_external_user(organisation: Organisation, user: AbstractBaseUser) -> None:
    """The one rule for a user another system logs in: an active account of a person with a current functie
    in this organisation; never staff or operators (they would see every organisation). Raises
    ExternalAccountRefused."""
    from toerusting.organisations import permissions

    if not getattr(user, "is_active", False):
        raise ExternalAccountRefused("account_disabled", str(user.pk))
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        raise ExternalAccountRefused("not_allowed", str(user.pk))
    if not permissions.may_use_ris_tab(user, organisation):
        raise ExternalAccountRefused("not_member", str(user.pk))


def external_user(
    organisation: Organisation,
    *,
    email: str,
    create_accounts: bool,
    role: str = "",
    name: str = "",
    fractie_name: str = "",
) -> AbstractBaseUser | None:
    """The account another system means when it vouches for this e-mail address: a member of this
    organisation with that address, else (when the organisation allows it) a new account for a member
    role only; None when there is neither. Raises ExternalAccountRefused for anyone else: an operator's
    address is never linked, and another organisation's member is neither linked nor given a second
    account. The caller has verified the address; a name is never used to find someone."""
    from toerusting.organisations import permissions

    email = email.strip()
    user: AbstractBaseUser | None = account_services.find_user_by_email(email) if email else None
    if user is not None:
        if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
            raise ExternalAccountRefused("not_allowed", str(user.pk))
        if not permissions.may_use_ris_tab(user, organisation):
            raise ExternalAccountRefused("email_taken", email)
        return user
    if not create_accounts:
        return None
    if role not in permissions.MEMBER_ROLES:
        raise ExternalAccountRefused("role_not_allowed", role)
    if email and account_services.email_in_use(email):
        raise ExternalAccountRefused("email_taken", email)
    return create_member(organisation, name=name, email=email, role=role, fractie_name=fractie_name)
