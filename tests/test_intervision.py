"""Intervision: the solver's hard constraints and its reasons when there is no grouping, the round from
sign-up to fixed groups with their schedule, the griffie's changes by hand, and the confidential group
space (only the group's members, never the griffie or the operator)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.budget_mentor_objects import member
from tests.conftest import Tenant
from tests.factories import FunctieFactory, UserFactory
from tests.intervision_objects import FIRST_DATE, SLOT, intervision_objects, people
from toerusting.agenda.models import Meeting
from toerusting.contentfiles import ContentError
from toerusting.intervision import methods, samples, selectors, services, slots, solver
from toerusting.intervision.models import Group, GroupMeeting, GroupNote, Participation, Round, RoundStatus
from toerusting.intervision.solver import Participant


def _participant(
    key: int, slots_: set[str], council: int = 1, fractie: int | None = None, **kw: object
) -> Participant:
    return Participant(
        key, council, fractie, bool(kw.get("is_new")), frozenset(slots_), frozenset(kw.get("excluded", ()))
    )  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


# --- The solver (no database) ----------------------------------------------------------------------------


def test_solver_keeps_every_hard_constraint_on_a_regional_round() -> None:
    participants = samples.generated_round(councils=4, members=48, seed=3)
    assert any(p.excluded for p in participants)
    outcome = solver.form_groups(participants, 4, 7, regional=True, seconds=30, work=4.0)
    assert isinstance(outcome, solver.Grouping)
    assert solver.check(participants, outcome.groups, 4, 7) == []
    by_key = {p.key: p for p in participants}
    sizes = [len(g.members) for g in outcome.groups]
    assert sum(sizes) == 48 and min(sizes) >= 4 and max(sizes) <= 7 and max(sizes) - min(sizes) <= 1
    for group in outcome.groups:
        keys = set(group.members)
        for key in keys:
            assert group.slot in by_key[key].slots
            assert not (by_key[key].excluded & keys)
    # Soft goals on an easy case: no two of one fractie, everyone mixed.
    assert outcome.quality.fractie_clashes == 0
    assert outcome.quality == solver.quality_of(participants, outcome.groups)


def test_solver_is_reproducible() -> None:
    participants = samples.generated_round(councils=3, members=30, seed=5)
    first = solver.form_groups(participants, 4, 7, regional=True, seconds=30, work=2.0)
    second = solver.form_groups(participants, 4, 7, regional=True, seconds=30, work=2.0)
    assert isinstance(first, solver.Grouping) and isinstance(second, solver.Grouping)
    assert [(g.slot, sorted(g.members)) for g in first.groups] == [
        (g.slot, sorted(g.members)) for g in second.groups
    ]


def test_check_names_what_a_grouping_breaks() -> None:
    a, b = _participant(1, {SLOT}, excluded={2}), _participant(2, {SLOT})
    c, d = _participant(3, {"mon-morning"}), _participant(4, {SLOT})
    groups = [solver.Group(SLOT, [1, 2, 3, 4])]
    assert solver.check([a, b, c, d], groups, 4, 7) == ["apart", "slot"]
    assert solver.check([a, b, c, d], [solver.Group(SLOT, [2, 4])], 4, 7) == ["placement", "size"]


def test_too_few_participants_is_said_plainly() -> None:
    outcome = solver.form_groups([_participant(i, {SLOT}) for i in range(3)], 4, 7)
    assert isinstance(outcome, solver.NoGrouping)
    assert "Too few participants: 3 signed up, a group needs at least 4." in outcome.message


def test_no_shared_part_of_the_week_is_named() -> None:
    # 8 participants make two groups of 4, but only 3 can on Tuesday and 5 on Monday.
    participants = [_participant(i, {"mon-evening"}) for i in range(5)]
    participants += [_participant(i, {"tue-evening"}) for i in range(5, 8)]
    outcome = solver.form_groups(participants, 4, 7, seconds=10)
    assert isinstance(outcome, solver.NoGrouping)
    assert "share a part of the week" in outcome.message


def test_exclusions_that_leave_no_grouping_are_named() -> None:
    participants = [_participant(0, {SLOT}, excluded={1}), *[_participant(i, {SLOT}) for i in range(1, 4)]]
    outcome = solver.form_groups(participants, 4, 7, seconds=10)
    assert isinstance(outcome, solver.NoGrouping)
    assert "asked not to be with" in outcome.message


def test_a_participant_without_availability_is_named() -> None:
    participants = [_participant(i, {SLOT}) for i in range(4)] + [_participant(9, set())]
    outcome = solver.form_groups(participants, 4, 7)
    assert isinstance(outcome, solver.NoGrouping)
    assert "1 participant offered no part of the week" in outcome.message


def test_group_count_balances_sizes() -> None:
    assert solver.group_count(200, 4, 7) == 34
    assert solver.group_count(9, 4, 7) == 2
    assert solver.group_count(3, 4, 7) is None


def test_slots_read_as_days() -> None:
    assert len(slots.SLOTS) == 15
    assert slots.weekday_of("thu-evening") == 3
    assert slots.times_of("tue-evening") == (dt.time(19, 30), dt.time(22))


# --- Methods and their scripts ---------------------------------------------------------------------------


def test_every_method_has_a_timed_script() -> None:
    scripts = methods.scripts()
    assert set(scripts) == {"incident", "roddel", "balint", "casus"}
    for script in scripts.values():
        assert len(script.steps) >= 5
        assert 60 <= script.minutes <= 120


def test_a_broken_methods_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "methods.yaml"
    path.write_text("methods:\n  - key: onbekend\n    nl_name: X\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        methods.read_methods(path)
    text = str(error.value)
    assert "methods.yaml:2: key" in text
    assert "steps" in text


# --- The round from sign-up to fixed groups --------------------------------------------------------------


def test_sign_up_needs_availability_and_names_only_participants(tenant_a: Tenant, tenant_b: Tenant) -> None:
    round_ = services.create_round(
        tenant_a.organisation, tenant_a.griffier, title="R", councils=[], first_date=FIRST_DATE
    )
    with pytest.raises(services.IntervisionError, match="at least one part of the week"):
        services.sign_up(round_, tenant_a.person, tenant_a.organisation, available=[])
    with pytest.raises(services.IntervisionError, match="Unknown part of the week: sun-evening"):
        services.sign_up(round_, tenant_a.person, tenant_a.organisation, available=["sun-evening"])
    with pytest.raises(services.IntervisionError, match="take part in this round"):
        services.sign_up(
            round_, tenant_a.person, tenant_a.organisation, available=[SLOT], not_with=[tenant_b.person]
        )
    assert not Participation.objects.exists()


def test_forming_fixing_and_the_schedule_around_council_meetings(tenant_a: Tenant) -> None:
    round_ = services.create_round(
        tenant_a.organisation, tenant_a.griffier, title="R", councils=[], first_date=FIRST_DATE
    )
    members = people(tenant_a, "P", 10)
    for person in members:
        services.sign_up(round_, person, tenant_a.organisation, available=[SLOT, "thu-evening"])
    # The council meets on the Tuesday and Thursday of the first week: the groups meet a week later.
    tz = timezone.get_current_timezone()
    for day in (dt.date(2027, 2, 2), dt.date(2027, 2, 4)):
        Meeting.objects.create(
            organisation=tenant_a.organisation,
            name="Raadsvergadering",
            start=dt.datetime.combine(day, dt.time(19, 30), tzinfo=tz),
            source="push",
            source_id=f"vg-{day}",
        )
    outcome = services.form_groups(round_, tenant_a.griffier, seconds=10)
    assert isinstance(outcome, solver.Grouping)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.FORMED
    assert sorted(g.participations.count() for g in round_.groups.all()) == [5, 5]
    count = services.freeze(round_, tenant_a.griffier)
    assert count == 10
    busy = {dt.date(2027, 2, 2), dt.date(2027, 2, 4)}
    for group in round_.groups.all():
        meetings = list(group.meetings.all())
        assert [m.number for m in meetings] == [1, 2, 3, 4, 5]
        assert [m.method for m in meetings] == ["incident", "roddel", "casus", "balint", "incident"]
        for meeting in meetings:
            local = timezone.localtime(meeting.starts_at, tz)
            assert local.weekday() == slots.weekday_of(group.slot)
            assert local.time() == dt.time(19, 30)
            assert local.date() not in busy
        assert timezone.localtime(meetings[0].starts_at, tz).date() in (
            dt.date(2027, 2, 9),
            dt.date(2027, 2, 11),
        )
    with pytest.raises(services.IntervisionError, match="fixed"):
        services.form_groups(round_, tenant_a.griffier)


def test_groups_fixed_meanwhile_are_not_formed_again(tenant_a: Tenant) -> None:
    """A griffier forms the groups again on a page read before a colleague fixed them: refused, and the
    fixed groups and their meetings stay."""
    objects = intervision_objects(tenant_a)
    stale = Round.objects.get(pk=objects.frozen.pk)
    stale.status = RoundStatus.FORMED  # as read before the colleague fixed the groups
    groups = list(Group.objects.filter(round=objects.frozen).values_list("pk", flat=True))
    meetings = GroupMeeting.objects.filter(group__round=objects.frozen).count()
    with pytest.raises(services.IntervisionError):
        services.form_groups(stale, tenant_a.griffier, seconds=5)
    assert list(Group.objects.filter(round=objects.frozen).values_list("pk", flat=True)) == groups
    assert GroupMeeting.objects.filter(group__round=objects.frozen).count() == meetings > 0


def test_the_griffie_moves_a_member_but_never_against_a_hard_rule(tenant_a: Tenant) -> None:
    round_ = services.create_round(
        tenant_a.organisation, tenant_a.griffier, title="R", councils=[], first_date=FIRST_DATE
    )
    members = people(tenant_a, "M", 9)
    for person in members:
        services.sign_up(round_, person, tenant_a.organisation, available=[SLOT])
    services.form_groups(round_, tenant_a.griffier, seconds=10)
    big, small = sorted(round_.groups.all(), key=lambda g: -g.participations.count())
    mover = big.participations.first()
    assert mover is not None
    # Someone in the small group does not want to be with the mover: refused, nothing changes.
    other = small.participations.first()
    assert other is not None
    other.not_with.add(mover.person)
    with pytest.raises(services.IntervisionError, match="asked not to be in a group"):
        services.move(round_, mover, small, tenant_a.griffier)
    mover.refresh_from_db()
    assert mover.group_id == big.pk
    other.not_with.clear()
    services.move(round_, mover, small, tenant_a.griffier)
    mover.refresh_from_db()
    assert mover.group_id == small.pk
    # The small group has 5 now, the other 4: another move would leave 3.
    leaver = Participation.objects.filter(group=big).first()
    assert leaver is not None
    with pytest.raises(services.IntervisionError, match="smaller than the smallest"):
        services.move(round_, leaver, small, tenant_a.griffier)


def test_a_regional_round_is_open_to_every_council_taking_part(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    # A griffier of both councils opens a round for both.
    FunctieFactory(
        person=tenant_a.griffier.person,  # type: ignore[attr-defined]
        organisation=tenant_b.organisation,
        body=tenant_b.raad,
        role="griffier",
        start_date=dt.date(2026, 4, 1),
    )
    client.force_login(tenant_a.griffier)
    response = client.post(
        reverse("intervision:round_create", kwargs={"org": tenant_a.organisation.slug}),
        {
            "title": "Regionale intervisie",
            "councils": [str(tenant_b.organisation.pk)],
            "first_date": "2027-03-01",
            "meeting_count": "5",
            "weeks_between": "5",
            "min_size": "4",
            "max_size": "7",
        },
    )
    assert response.status_code == 302
    round_ = Round.objects.get(title="Regionale intervisie")
    assert selectors.is_regional(round_)
    client.force_login(tenant_b.user)
    page = client.get(
        reverse("intervision:round", kwargs={"org": tenant_b.organisation.slug, "round_id": round_.pk})
    )
    assert page.status_code == 200
    assert "Aadorp" in page.content.decode()
    signed = client.post(
        reverse("intervision:signup", kwargs={"org": tenant_b.organisation.slug, "round_id": round_.pk}),
        {"available": ["tue-evening", "wed-evening"], "wishes": "Over debat"},
    )
    assert signed.status_code == 302
    participation = Participation.objects.get(round=round_)
    assert participation.council == tenant_b.organisation
    assert participation.slots == ["tue-evening", "wed-evening"]


def test_a_griffier_of_one_council_cannot_add_another(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.griffier)
    client.post(
        reverse("intervision:round_create", kwargs={"org": tenant_a.organisation.slug}),
        {
            "title": "Poging",
            "councils": [str(tenant_b.organisation.pk)],
            "first_date": "2027-03-01",
            "meeting_count": "5",
            "weeks_between": "5",
            "min_size": "4",
            "max_size": "7",
        },
    )
    for round_ in Round.objects.filter(title="Poging"):
        assert list(round_.councils.all()) == [tenant_a.organisation]


# --- The confidential group space ------------------------------------------------------------------------


def test_only_the_groups_members_read_its_page_notes_and_calendar(tenant_a: Tenant, client: Client) -> None:
    objects = intervision_objects(tenant_a)
    kwargs = {"org": tenant_a.organisation.slug, "group_id": objects.group.pk}
    client.force_login(tenant_a.user)
    client.post(
        reverse("intervision:add_note", kwargs=kwargs), {"kind": "agreement", "text": "Vertrouwelijk-123"}
    )
    page = client.get(reverse("intervision:group", kwargs=kwargs)).content.decode()
    assert "Vertrouwelijk-123" in page
    ical = client.get(reverse("intervision:group_ical", kwargs=kwargs))
    assert ical["Content-Type"].startswith("text/calendar")
    assert ical.content.decode().count("BEGIN:VEVENT") == 5
    # The griffie, another member of the council and the operator: 404, and the text nowhere.
    outsider = member(tenant_a, "Buiten", "Staander", dt.date(2022, 4, 1), login=True).user
    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    for user in (tenant_a.griffier, outsider, operator):
        client.force_login(user)
        for name in ("intervision:group", "intervision:group_ical"):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
        assert (
            client.post(
                reverse("intervision:add_note", kwargs=kwargs), {"kind": "date", "text": "x"}
            ).status_code
            == 404
        )
        round_page = client.get(
            reverse(
                "intervision:round", kwargs={"org": tenant_a.organisation.slug, "round_id": objects.frozen.pk}
            )
        )
        assert "Vertrouwelijk-123" not in round_page.content.decode()
    assert GroupNote.objects.count() == 1
    # Nothing of the group's space is in the admin.
    assert GroupNote not in admin.site._registry
    assert GroupMeeting not in admin.site._registry


def test_members_see_their_group_only_once_it_is_fixed(tenant_a: Tenant, client: Client) -> None:
    objects = intervision_objects(tenant_a)
    client.force_login(tenant_a.user)
    home = client.get(
        reverse("intervision:home", kwargs={"org": tenant_a.organisation.slug})
    ).content.decode()
    assert (
        reverse("intervision:group", kwargs={"org": tenant_a.organisation.slug, "group_id": objects.group.pk})
        in home
    )
    proposed = objects.round.groups.first()
    assert proposed is not None
    person = proposed.participations.first()
    assert person is not None and person.person.user is None
    # A member of a proposed (not fixed) group gets no group page yet.
    from toerusting.intervision.models import Group

    assert Group.objects.filter(round=objects.round, round__status=RoundStatus.FROZEN).count() == 0


def test_the_griffies_round_page_has_a_constant_number_of_queries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    objects = intervision_objects(tenant_a)
    client.force_login(tenant_a.griffier)
    url = reverse(
        "intervision:round", kwargs={"org": tenant_a.organisation.slug, "round_id": objects.round.pk}
    )
    with django_assert_max_num_queries(ROUND_QUERIES):
        first = client.get(url)
    assert first.status_code == 200
    for person in people(tenant_a, "Extra", 12):
        services.sign_up(objects.round, person, tenant_a.organisation, available=[SLOT])
    services.form_groups(objects.round, tenant_a.griffier, seconds=10)
    with django_assert_max_num_queries(ROUND_QUERIES):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content.decode().count("<caption") == 4  # 21 members: 4 groups


ROUND_QUERIES = 26


def test_the_list_of_rounds_has_a_constant_number_of_queries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    intervision_objects(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("intervision:home", kwargs={"org": tenant_a.organisation.slug})
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get(url).status_code == 200
    for n in range(4):
        extra = services.create_round(
            tenant_a.organisation, tenant_a.griffier, title=f"Extra {n}", councils=[], first_date=FIRST_DATE
        )
        services.sign_up(extra, tenant_a.person, tenant_a.organisation, available=[SLOT])
    with django_assert_max_num_queries(HOME_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("toerusting-card") >= 6


HOME_QUERIES = 12
