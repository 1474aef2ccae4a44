"""Reading the demo organisations from content/demo/*.yaml into plain records.

Everything is read and checked before anything is written: a wrong file stops the load with messages that
name file, line and field, and the database stays as it was (services.load_demo_data writes the records
in one transaction). The file format is described in content/demo/README.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations.logos import logo_problem
from toerusting.organisations.models import (
    BODY_KINDS_FOR,
    ELECTED_ROLES,
    FRACTIE_ROLES,
    REPRESENTATIVE_KINDS,
    ROLES_FOR_KIND,
    BobPhase,
    OrganisationKind,
    PartyKind,
    Role,
    cbs_code_problem,
    validate_theme,
)

ACCOUNTS_FILE = "accounts.yaml"


@dataclass
class BodyRecord:
    key: str
    kind: str
    name: str
    bob_phase: str = ""
    seats: int | None = None
    description: str = ""


@dataclass
class TermRecord:
    key: str
    election_date: dt.date
    installation_date: dt.date
    end_date: dt.date


@dataclass
class FractieRecord:
    key: str
    name: str
    short_name: str
    party_kind: str
    term: str
    seats: int
    split_from: str = ""
    split_date: dt.date | None = None


@dataclass
class FunctieRecord:
    person: str
    role: str
    body: str
    fractie: str
    start_date: dt.date
    end_date: dt.date | None


@dataclass
class PersonRecord:
    key: str
    given_name: str
    initials: str
    tussenvoegsel: str
    family_name: str


@dataclass
class OrganisationRecord:
    path: Path
    slug: str
    name: str
    kind: str
    cbs_code: str
    tooi_code: str
    inhabitants: int | None
    description: str
    theme: dict[str, str]
    logo: bytes | None = None  # the file named by `logo`, checked by logos.logo_problem
    bodies: list[BodyRecord] = field(default_factory=list)
    terms: list[TermRecord] = field(default_factory=list)
    fracties: list[FractieRecord] = field(default_factory=list)
    functies: list[FunctieRecord] = field(default_factory=list)


@dataclass
class AccountRecord:
    username: str
    description: str
    person: str = ""
    superuser: bool = False
    email: str = ""


@dataclass
class DemoData:
    organisations: list[OrganisationRecord]
    people: list[PersonRecord]
    accounts: list[AccountRecord]
    password: str


def read_demo(directory: Path) -> DemoData:
    """Read and check every demo file in the directory; raise ContentError listing all problems."""
    reader = Reader()
    if not directory.is_dir():
        raise ContentError([Problem(directory, 1, "(directory)", "demo directory not found")])
    organisations: list[OrganisationRecord] = []
    people: dict[str, PersonRecord] = {}
    person_lines: dict[str, tuple[Path, int]] = {}
    referenced: list[tuple[Node, str]] = []
    parsed: list[Node] = []
    parse_problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == ACCOUNTS_FILE:
            continue
        try:
            parsed.append(load_yaml(path))
        except ContentError as exc:
            parse_problems.extend(exc.problems)
    for document in parsed:
        record = _read_organisation(reader, document, people, person_lines, referenced)
        if record is not None:
            organisations.append(record)
    for node, key in referenced:
        if key not in people:
            reader.problem(node, "ref", f"no person with key {key!r} in any demo file")
    _check_across_files(reader, organisations)

    accounts: list[AccountRecord] = []
    password = ""
    accounts_path = directory / ACCOUNTS_FILE
    if accounts_path.exists():
        try:
            password, accounts = _read_accounts(reader, load_yaml(accounts_path), people)
        except ContentError as exc:
            parse_problems.extend(exc.problems)
    problems = parse_problems + reader.problems
    if problems:
        raise ContentError(problems)
    return DemoData(organisations, list(people.values()), accounts, password)


def _read_organisation(
    reader: Reader,
    document: Node,
    people: dict[str, PersonRecord],
    person_lines: dict[str, tuple[Path, int]],
    referenced: list[tuple[Node, str]],
) -> OrganisationRecord | None:
    reader.check_keys(document, {"organisation", "bodies", "terms", "fracties", "people"}, "a demo file")
    org_node = reader.node(document.get("organisation"), document, "organisation")
    if org_node is None:
        return None
    reader.check_keys(
        org_node,
        {"key", "name", "kind", "cbs_code", "tooi_code", "inhabitants", "description", "theme", "logo"},
        "organisation",
    )
    kind = reader.choice(org_node, "kind", set(OrganisationKind.values))
    theme_value = org_node.get("theme")
    theme: dict[str, str] = {}
    if isinstance(theme_value, Node):
        theme = {str(k): str(v) for k, v in theme_value.data.items()}
        try:
            validate_theme(theme)
        except ValidationError as exc:
            reader.problem(org_node, "theme", " ".join(exc.messages))
    elif theme_value is not None:
        reader.problem(org_node, "theme", "expected a mapping of design tokens to values")
    record = OrganisationRecord(
        path=document.path,
        slug=reader.key(org_node, "key"),
        name=reader.text(org_node, "name", max_length=200),
        kind=kind,
        cbs_code=reader.text(org_node, "cbs_code"),
        tooi_code=reader.text(org_node, "tooi_code"),
        inhabitants=reader.integer(org_node, "inhabitants", required=False, minimum=1),
        description=reader.text(org_node, "description", required=False),
        theme=theme,
    )
    logo_name = reader.text(org_node, "logo", required=False)
    if logo_name:
        # A file beside the demo file (no path of its own: nothing outside the demo directory is read).
        logo_path = document.path.parent / Path(logo_name).name
        if not logo_path.is_file():
            reader.problem(org_node, "logo", f"no file {logo_path.name} beside {document.path.name}")
        else:
            record.logo = logo_path.read_bytes()
            _content_type, problem = logo_problem(record.logo)
            if problem:
                reader.problem(org_node, "logo", problem)
    _check_codes(reader, org_node, record)

    bodies: dict[str, BodyRecord] = {}
    for node in reader.nodes(document, "bodies"):
        reader.check_keys(node, {"key", "kind", "name", "bob_phase", "seats", "description"}, "a body")
        body = BodyRecord(
            key=reader.key(node, "key"),
            kind=reader.choice(node, "kind", BODY_KINDS_FOR[OrganisationKind(kind)] if kind else set()),
            name=reader.text(node, "name", max_length=200),
            bob_phase=reader.choice(node, "bob_phase", set(BobPhase.values), required=False),
            seats=reader.integer(node, "seats", required=False, minimum=1),
            description=reader.text(node, "description", required=False),
        )
        if body.key in bodies:
            reader.problem(node, "key", f"body {body.key!r} appears twice")
        if body.bob_phase and body.kind != "commissie":
            reader.problem(node, "bob_phase", "only a commissie has a BOB phase")
        if body.kind in REPRESENTATIVE_KINDS:
            if body.seats is None:
                reader.problem(node, "seats", "the representative body needs its number of seats")
            elif body.seats % 2 == 0:
                reader.problem(node, "seats", "a representative body has an odd number of seats")
        elif body.seats is not None:
            reader.problem(node, "seats", "only the representative body has seats")
        bodies[body.key] = body
    representatives = [b for b in bodies.values() if b.kind in REPRESENTATIVE_KINDS]
    if len(representatives) != 1:
        reader.problem(document, "bodies", "there must be exactly one representative body")
    record.bodies = list(bodies.values())

    terms: dict[str, TermRecord] = {}
    for node in reader.nodes(document, "terms"):
        reader.check_keys(node, {"key", "election_date", "installation_date", "end_date"}, "a term")
        key = reader.key(node, "key")
        election = reader.date(node, "election_date")
        installation = reader.date(node, "installation_date")
        end = reader.date(node, "end_date")
        if key in terms:
            reader.problem(node, "key", f"term {key!r} appears twice")
        if election and installation and end:
            if not election <= installation < end:
                reader.problem(node, "end_date", "dates must follow election ≤ installation < end")
            terms[key] = TermRecord(key, election, installation, end)
    record.terms = list(terms.values())

    fracties: dict[str, FractieRecord] = {}
    fractie_nodes: dict[str, Node] = {}
    for node in reader.nodes(document, "fracties"):
        reader.check_keys(
            node,
            {
                "key",
                "name",
                "short_name",
                "party_kind",
                "term",
                "seats",
                "split_from",
                "split_date",
            },
            "a fractie",
        )
        fractie = FractieRecord(
            key=reader.key(node, "key"),
            name=reader.text(node, "name", max_length=200),
            short_name=reader.text(node, "short_name", required=False, max_length=40),
            party_kind=reader.choice(node, "party_kind", set(PartyKind.values)),
            term=reader.text(node, "term"),
            seats=reader.integer(node, "seats", required=True, minimum=0) or 0,
            split_from=reader.text(node, "split_from", required=False),
            split_date=reader.date(node, "split_date", required=False),
        )
        if fractie.term and fractie.term not in terms:
            reader.problem(node, "term", f"no term with key {fractie.term!r} in this file")
        if fractie.key in fracties:
            reader.problem(node, "key", f"fractie {fractie.key!r} appears twice")
        if fractie.split_from and fractie.split_date is None:
            reader.problem(node, "split_date", "a fractie that split off needs the date of the split")
        fracties[fractie.key] = fractie
        fractie_nodes[fractie.key] = node
    for key, fractie in fracties.items():
        if fractie.split_from and fractie.split_from not in fracties:
            reader.problem(fractie_nodes[key], "split_from", f"no fractie with key {fractie.split_from!r}")
    record.fracties = list(fracties.values())

    for node in reader.nodes(document, "people", required=False):
        if "ref" in node:
            reader.check_keys(node, {"ref", "functies"}, "a person reference")
            person_key = reader.key(node, "ref")
            referenced.append((node, person_key))
        else:
            reader.check_keys(
                node,
                {"key", "given_name", "initials", "tussenvoegsel", "family_name", "functies"},
                "a person",
            )
            person = PersonRecord(
                key=reader.key(node, "key"),
                given_name=reader.text(node, "given_name", max_length=100),
                initials=reader.text(node, "initials", required=False, max_length=20),
                tussenvoegsel=reader.text(node, "tussenvoegsel", required=False, max_length=20),
                family_name=reader.text(node, "family_name", max_length=100),
            )
            person_key = person.key
            if person_key in people:
                where, line = person_lines[person_key]
                reader.problem(node, "key", f"person {person_key!r} is already defined in {where}:{line}")
            else:
                people[person_key] = person
                person_lines[person_key] = (node.path, node.line_of("key"))
        functie_nodes = reader.nodes(node, "functies")
        if not functie_nodes:
            reader.problem(node, "functies", "a person needs at least one functie")
        for functie_node in functie_nodes:
            functie = _read_functie(reader, functie_node, person_key, kind, bodies, terms, fracties)
            if functie is not None:
                record.functies.append(functie)
    return record


def _read_functie(
    reader: Reader,
    node: Node,
    person_key: str,
    kind: str,
    bodies: dict[str, BodyRecord],
    terms: dict[str, TermRecord],
    fracties: dict[str, FractieRecord],
) -> FunctieRecord | None:
    reader.check_keys(node, {"role", "body", "fractie", "start", "end"}, "a functie")
    role = reader.choice(node, "role", set(Role.values))
    body_key = reader.text(node, "body")
    fractie_key = reader.text(node, "fractie", required=False)
    start = reader.date(node, "start")
    end = reader.date(node, "end", required=False)
    ok = bool(role and body_key and start)
    if role and kind and role not in ROLES_FOR_KIND[OrganisationKind(kind)]:
        reader.problem(node, "role", f"there is no {role!r} in a {kind}")
        ok = False
    if body_key and body_key not in bodies:
        reader.problem(node, "body", f"no body with key {body_key!r} in this file")
        ok = False
    if role in FRACTIE_ROLES and not fractie_key:
        reader.problem(node, "fractie", f"a {role} sits for a fractie: add one")
        ok = False
    if fractie_key:
        fractie = fracties.get(fractie_key)
        if fractie is None:
            reader.problem(node, "fractie", f"no fractie with key {fractie_key!r} in this file")
            ok = False
        elif start and fractie.term in terms:
            term = terms[fractie.term]
            if not term.installation_date <= start < term.end_date:
                reader.problem(
                    node,
                    "fractie",
                    f"fractie {fractie_key!r} belongs to term {term.key}, which does "
                    f"not cover the start {start.isoformat()}",
                )
                ok = False
    if start and end and end <= start:
        reader.problem(node, "end", "the end must be after the start")
        ok = False
    if not ok or start is None:
        return None
    return FunctieRecord(person_key, role, body_key, fractie_key, start, end)


def _check_codes(reader: Reader, node: Node, record: OrganisationRecord) -> None:
    if record.cbs_code and record.kind:
        problem = cbs_code_problem(record.kind, record.cbs_code)
        if problem:
            reader.problem(node, "cbs_code", problem)
    if record.tooi_code and record.tooi_code != record.cbs_code.lower():
        reader.problem(node, "tooi_code", f"expected {record.cbs_code.lower()!r}, the CBS code in lower case")


def _check_across_files(reader: Reader, organisations: list[OrganisationRecord]) -> None:
    """Seats add up per term; in the running term each fractie has as many elected members as seats."""
    seen_slugs: dict[str, Path] = {}
    today = dt.date.today()
    for record in organisations:
        if record.slug in seen_slugs:
            reader.problems.append(
                Problem(record.path, 1, "organisation.key", f"also used in {seen_slugs[record.slug]}")
            )
        seen_slugs[record.slug] = record.path
        seats = next((b.seats for b in record.bodies if b.kind in REPRESENTATIVE_KINDS), None)
        for term in record.terms:
            elected_fracties = [f for f in record.fracties if f.term == term.key and not f.split_from]
            total = sum(f.seats for f in elected_fracties)
            if elected_fracties and seats is not None and total != seats:
                reader.problems.append(
                    Problem(
                        record.path,
                        1,
                        "fracties",
                        f"seats of term {term.key} add up to {total}, "
                        f"but the representative body has {seats}",
                    )
                )
            if not term.installation_date <= today < term.end_date:
                continue
            day = term.installation_date
            for fractie in elected_fracties:
                members = sum(
                    1
                    for f in record.functies
                    if f.fractie == fractie.key
                    and f.role in ELECTED_ROLES
                    and f.start_date <= day
                    and (f.end_date is None or f.end_date > day)
                )
                if members != fractie.seats:
                    reader.problems.append(
                        Problem(
                            record.path,
                            1,
                            "people",
                            f"fractie {fractie.key!r} won {fractie.seats} "
                            f"seats but has {members} elected members on {day.isoformat()}",
                        )
                    )


def _read_accounts(
    reader: Reader, document: Node, people: dict[str, PersonRecord]
) -> tuple[str, list[AccountRecord]]:
    reader.check_keys(document, {"password", "accounts"}, "the accounts file")
    password = reader.text(document, "password")
    if password and len(password) < 12:
        reader.problem(document, "password", "use at least 12 characters")
    accounts: list[AccountRecord] = []
    usernames: set[str] = set()
    emails: set[str] = set()
    linked: set[str] = set()
    for node in reader.nodes(document, "accounts"):
        reader.check_keys(node, {"username", "email", "person", "superuser", "description"}, "an account")
        account = AccountRecord(
            username=reader.key(node, "username"),
            description=reader.text(node, "description"),
            person=reader.text(node, "person", required=False),
            superuser=reader.boolean(node, "superuser"),
            email=reader.text(node, "email").lower(),
        )
        if account.email:
            # Demo mail must never reach a real person: only the reserved domains of RFC 2606.
            domain = account.email.rpartition("@")[2]
            try:
                validate_email(account.email)
            except ValidationError:
                reader.problem(node, "email", f"{account.email!r} is not an e-mail address")
            else:
                if not (domain == "example" or domain.endswith((".example", ".test", ".invalid"))):
                    reader.problem(
                        node, "email", f"use a reserved domain such as lindenwaard.example, not {domain!r}"
                    )
            if account.email in emails:
                reader.problem(node, "email", f"{account.email!r} appears twice")
            emails.add(account.email)
        if account.username in usernames:
            reader.problem(node, "username", f"{account.username!r} appears twice")
        usernames.add(account.username)
        if account.person:
            if account.person not in people:
                reader.problem(node, "person", f"no person with key {account.person!r}")
            elif account.person in linked:
                reader.problem(node, "person", f"{account.person!r} already has an account")
            linked.add(account.person)
        elif not account.superuser:
            reader.problem(node, "person", "an account is either linked to a person or a superuser")
        accounts.append(account)
    return password, accounts
