"""The demo loader: real files load idempotently; wrong files are reported by file, line and field and
leave the database exactly as it was."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from toerusting.accounts.models import User
from toerusting.organisations.models import Body, Fractie, Functie, Organisation, Person
from toerusting.organisations.selectors import get_composition_for_user, organisations_for_user

DEMO_DIR = settings.CONTENT_DIR / "demo"


def snapshot() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Body.objects.count(),
        Fractie.objects.count(),
        Person.objects.count(),
        Functie.objects.count(),
        User.objects.count(),
    )


def load(directory: Path = DEMO_DIR) -> str:
    out = StringIO()
    call_command("load_demo", directory=directory, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of old in the file; return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


@pytest.mark.django_db
def test_demo_has_the_promised_shape() -> None:
    output = load()
    lindenwaard = Organisation.objects.get(slug="lindenwaard")
    raad = lindenwaard.bodies.get(kind="raad")
    assert raad.seats == 31
    term = lindenwaard.terms.get(key="2026-2030")
    assert term.installation_date.isoformat() == "2026-04-01"
    current = term.fracties.filter(split_from__isnull=True)
    assert current.count() == 8
    assert current.filter(party_kind="lokaal").count() == 3
    assert {b.bob_phase for b in lindenwaard.bodies.filter(kind="commissie")} >= {
        "beeldvormend",
        "oordeelsvormend",
    }
    people = Person.objects.filter(
        functies__organisation=lindenwaard, functies__end_date__isnull=True
    ).distinct()
    assert 40 <= people.count() <= 55
    roles = set(Functie.objects.filter(organisation=lindenwaard).values_list("role", flat=True))
    assert {
        "raadslid",
        "burgerlid",
        "fractievoorzitter",
        "wethouder",
        "burgemeester",
        "griffier",
    } <= roles
    assert Organisation.objects.filter(kind="waterschap").exists()
    assert Organisation.objects.filter(kind="gemeente").count() == 2
    # Every demo account is printed with its description.
    for user in User.objects.all():
        assert user.username in output
    # Every account has an address on a reserved domain, so that sign-up mail, the digest and reminders
    # work in `make demo` (printed to the console) and never reach a real person.
    addresses = dict(User.objects.values_list("username", "email"))
    assert addresses["raadslid"] == "b.azzouzi@raad.lindenwaard.example"
    assert addresses["griffier"] == "r.tamminga@lindenwaard.example"
    assert all(email.rpartition("@")[2].endswith(".example") for email in addresses.values())
    assert len(set(addresses.values())) == len(addresses)
    # One account belongs to two organisations.
    assert organisations_for_user(User.objects.get(username="dubbelrol")).count() == 2


@pytest.mark.django_db
def test_seats_are_filled_per_fractie_on_installation_day() -> None:
    load()
    griffier = User.objects.get(username="griffier")
    lindenwaard = Organisation.objects.get(slug="lindenwaard")
    composition = get_composition_for_user(griffier, lindenwaard)
    assert composition.representative is not None
    assert sum(row.fractie.seats for row in composition.fracties if not row.fractie.split_from) == 31


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    load()
    first = snapshot()
    output = load()
    assert snapshot() == first
    assert "0 new functies, 0 removed" in output


@pytest.mark.django_db
def test_check_mode_writes_nothing() -> None:
    out = StringIO()
    call_command("load_demo", check=True, stdout=out)
    assert "all correct" in out.getvalue()
    assert snapshot() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "old", "new", "field", "message"),
    [
        ("lindenwaard.yaml", "kind: gemeente", "kind: stadsdeel", "kind", "not one of"),
        ("lindenwaard.yaml", "role: raadslid", "role: senator", "role", "not one of"),
        ("lindenwaard.yaml", "start: 2026-04-01", "start: 2026-13-01", "start", "not a date"),
        ("lindenwaard.yaml", "seats: 31", "seats: 30", "seats", "odd number"),
        (
            "oosterzij.yaml",
            "cbs_code: GM9802",
            "cbs_code: XX9802",
            "cbs_code",
            "XX9802 is",
        ),
        (
            "waterschap-rijnvliet.yaml",
            "role: ab_lid",
            "role: wethouder",
            "role",
            "no 'wethouder' in a waterschap",
        ),
        (
            "accounts.yaml",
            "username: raadslid\n",
            "username: raadslid\n    colour: blue\n",
            "colour",
            "unknown field",
        ),
        (
            "accounts.yaml",
            "email: b.azzouzi@raad.lindenwaard.example",
            "email: b.azzouzi@gmail.com",
            "email",
            "use a reserved domain",
        ),
        (
            "accounts.yaml",
            "email: r.tamminga@lindenwaard.example",
            "email: r.tamminga",
            "email",
            "not an e-mail",
        ),
    ],
)
def test_a_wrong_file_names_file_line_and_field_and_writes_nothing(
    demo_copy: Path, filename: str, old: str, new: str, field: str, message: str
) -> None:
    load()
    before = snapshot()
    path = demo_copy / filename
    line = edit(path, old, new)
    if field == "colour":
        line += 1
    with pytest.raises(CommandError) as excinfo:
        load(demo_copy)
    text = str(excinfo.value)
    assert f"{path}:{line}: {field}: " in text
    assert message in text
    assert "nothing was loaded" in text
    assert snapshot() == before


@pytest.mark.django_db
def test_a_broken_reference_is_reported(demo_copy: Path) -> None:
    path = demo_copy / "waterschap-rijnvliet.yaml"
    text = path.read_text(encoding="utf-8")
    ref = next(line for line in text.splitlines() if line.strip().startswith("- ref:"))
    edit(path, ref, ref.split(":")[0] + ": lw-niemand-bestaat")
    with pytest.raises(CommandError, match="no person with key 'lw-niemand-bestaat'"):
        load(demo_copy)
    assert snapshot() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_yaml_syntax_error_names_the_line(demo_copy: Path) -> None:
    path = demo_copy / "oosterzij.yaml"
    line = edit(path, "organisation:", "organisation: [unclosed")
    with pytest.raises(CommandError) as excinfo:
        load(demo_copy)
    assert f"{path}:" in str(excinfo.value)
    assert "(syntax)" in str(excinfo.value)
    assert line >= 1


@pytest.mark.django_db
def test_a_removed_functie_is_removed_on_reload(demo_copy: Path) -> None:
    load(demo_copy)
    path = demo_copy / "oosterzij.yaml"
    text = path.read_text(encoding="utf-8")
    # Drop the last person of the file (their functies go with them).
    cut = text.rindex("\n  - key: ")
    path.write_text(text[:cut] + "\n", encoding="utf-8")
    before = Functie.objects.filter(organisation__slug="oosterzij").count()
    output = load(demo_copy)
    after = Functie.objects.filter(organisation__slug="oosterzij").count()
    assert after < before
    assert f"{before - after} removed" in output
