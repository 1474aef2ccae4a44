"""Mentoring and train-de-trainer: suggested pairs from the organisation's data, accept and decline, the
private meeting log, the steps of a track signed off in order, the tracks on the term plan, and constant
queries on the griffie's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.budget_mentor_objects import member, mentoring_objects
from tests.conftest import Tenant, planner_objects
from tests.factories import FractieFactory, FunctieFactory
from toerusting.mentoring import selectors, services
from toerusting.mentoring.models import MentorPair, PairStatus
from toerusting.organisations.models import Person


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


TODAY = dt.date(2026, 10, 1)
OLD = dt.date(2018, 3, 29)
NEW = dt.date(2026, 4, 1)


def _in(tenant: Tenant, person: Person, body_id: int, start: dt.date = NEW) -> None:
    FunctieFactory(
        person=person, organisation=tenant.organisation, body_id=body_id, role="lid", start_date=start
    )


def test_suggestions_rank_experience_and_shared_committees(tenant_a: Tenant) -> None:
    # The tenant's raadslid started in this term (new); three experienced members, one in the same commissie.
    shared = member(tenant_a, "Gedeeld", "Commissie", OLD)
    _in(tenant_a, shared, tenant_a.commissie.pk, OLD)
    _in(tenant_a, tenant_a.person, tenant_a.commissie.pk)
    veteran = member(tenant_a, "Veteraan", "Lang", dt.date(2010, 4, 1))
    member(tenant_a, "Kort", "Ervaren", dt.date(2022, 3, 31))
    result = selectors.suggestions(tenant_a.organisation, TODAY)
    by_mentee = {s.mentee.pk: s for s in result}
    suggestion = by_mentee[tenant_a.person.pk]
    names = [c.mentor.family_name for c in suggestion.candidates]
    # 16 years of experience (capped at 12) beats 8 years + a shared commissie (8 + 3 = 11).
    assert names == ["Lang", "Commissie", "Ervaren"]
    texts = suggestion.candidates[1].reason_texts
    assert "member here since 2018" in texts and f"both in {tenant_a.commissie.name}" in texts
    assert veteran.pk not in by_mentee  # experienced members are not new members


def test_other_fractie_wish_load_and_declined_pairs(tenant_a: Tenant) -> None:
    same = member(tenant_a, "Zelfde", "Fractie", OLD)
    other_fractie = FractieFactory(
        organisation=tenant_a.organisation, term=tenant_a.term, key="andere", name="Andere Partij"
    )
    other = Person.objects.create(key="andere-mentor", given_name="Andere", family_name="Partij")
    FunctieFactory(
        person=other,
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="raadslid",
        fractie=other_fractie,
        start_date=OLD,
    )
    mentee = tenant_a.person

    def mentors() -> list[str]:
        found = {s.mentee.pk: s for s in selectors.suggestions(tenant_a.organisation, TODAY)}
        return [c.mentor.family_name for c in found[mentee.pk].candidates] if mentee.pk in found else []

    assert sorted(mentors()) == ["Fractie", "Partij"]
    services.set_wish(tenant_a.organisation, mentee, other_fractie=True)
    assert mentors() == ["Partij"]
    assert (
        "another fractie, as asked"
        in selectors.suggestions(tenant_a.organisation, TODAY)[0].candidates[0].reason_texts
    )

    # A declined proposal is not suggested again; an open pair takes the new member off the list.
    pair = services.propose_pair(tenant_a.organisation, other, mentee, tenant_a.griffier)
    assert mentors() == []
    services.respond(pair, accept=False, reason="Ken ik al")
    assert mentors() == []  # the only other-fractie mentor was declined
    services.set_wish(tenant_a.organisation, mentee, other_fractie=False)
    assert mentors() == ["Fractie"]

    # A mentor with two open pairs gets no third.
    for n in range(2):
        newcomer = member(tenant_a, f"Nieuw{n}", "Lid", NEW)
        services.propose_pair(tenant_a.organisation, same, newcomer, tenant_a.griffier)
    assert mentors() == []


def test_a_new_member_accepts_or_declines_once(tenant_a: Tenant, client: Client) -> None:
    objects = mentoring_objects(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse(
        "mentoring:respond", kwargs={"org": tenant_a.organisation.slug, "proposal_id": objects.proposal.pk}
    )
    response = client.post(url, {"answer": "decline", "reason": "Liever iemand uit mijn commissie"})
    assert response.status_code == 302
    objects.proposal.refresh_from_db()
    assert objects.proposal.status == PairStatus.DECLINED
    assert objects.proposal.decline_reason == "Liever iemand uit mijn commissie"
    with pytest.raises(services.MentoringError):
        services.respond(objects.proposal, accept=True)
    # The mentor cannot answer in the new member's place.
    client.force_login(tenant_a.griffier)
    assert client.post(url, {"answer": "accept"}).status_code == 404


def test_meeting_notes_are_for_the_pair_only(tenant_a: Tenant, client: Client) -> None:
    objects = mentoring_objects(tenant_a)
    org = tenant_a.organisation.slug
    pair_url = reverse("mentoring:pair", kwargs={"org": org, "pair_id": objects.pair.pk})
    client.force_login(tenant_a.user)
    logged = client.post(
        reverse("mentoring:log_meeting", kwargs={"org": org, "pair_id": objects.pair.pk}),
        {"date": "2026-09-15", "note": "Over de begroting en twijfel over motie"},
    )
    assert logged.status_code == 302
    assert "twijfel over motie" in client.get(pair_url).content.decode()

    # The griffie sees the pair and the number of meetings, never the note.
    client.force_login(tenant_a.griffier)
    page = client.get(pair_url).content.decode()
    assert "1 meeting" in page and "twijfel over motie" not in page
    griffie_page = client.get(reverse("mentoring:griffie", kwargs={"org": org})).content.decode()
    assert "twijfel over motie" not in griffie_page
    assert (
        client.post(
            reverse("mentoring:log_meeting", kwargs={"org": org, "pair_id": objects.pair.pk}),
            {"date": "2026-09-16"},
        ).status_code
        == 404
    )

    # Another member of the council: 404 on the pair, its log and the track.
    colleague = member(tenant_a, "Carla", "Collega", NEW, login=True)
    client.force_login(colleague.user)
    assert client.get(pair_url).status_code == 404
    assert (
        client.get(reverse("mentoring:track", kwargs={"org": org, "track_id": objects.track.pk})).status_code
        == 404
    )
    assert (
        client.post(
            reverse("mentoring:respond", kwargs={"org": org, "proposal_id": objects.proposal.pk}),
            {"answer": "accept"},
        ).status_code
        == 404
    )


def test_meetings_only_for_an_active_pair_and_not_in_the_future(tenant_a: Tenant) -> None:
    objects = mentoring_objects(tenant_a)
    with pytest.raises(services.MentoringError):
        services.log_meeting(objects.proposal, tenant_a.user, dt.date(2026, 9, 1))
    with pytest.raises(services.MentoringError) as error:
        services.log_meeting(objects.pair, tenant_a.user, timezone.localdate() + dt.timedelta(days=7))
    assert error.value.field == "date"


def test_track_steps_are_signed_off_in_order_and_shown_in_the_term_plan(
    tenant_a: Tenant, client: Client
) -> None:
    objects = mentoring_objects(tenant_a)
    track = objects.track
    assert [s.kind for s in track.steps.all()] == ["leren", "meebegeleiden", "begeleiden", "feedback"]
    step = services.sign_off_step(
        track, tenant_a.griffier, dt.date(2026, 5, 1), "Training incidentmethode gevolgd"
    )
    assert step.kind == "leren" and step.signed_off_name == "Griet GriffierAadorp"
    with pytest.raises(services.MentoringError) as error:
        services.sign_off_step(track, tenant_a.griffier, dt.date(2026, 4, 1))  # before the previous step
    assert error.value.field == "done_date"
    with pytest.raises(services.MentoringError):
        services.sign_off_step(track, tenant_a.griffier, timezone.localdate() + dt.timedelta(days=3))
    for day in (dt.date(2026, 6, 1), dt.date(2026, 9, 1), dt.date(2026, 9, 20)):
        services.sign_off_step(track, tenant_a.griffier, day)
    with pytest.raises(services.MentoringError):
        services.sign_off_step(track, tenant_a.griffier, dt.date(2026, 9, 21))
    assert selectors.next_step(track) is None

    # Only the griffie signs off.
    client.force_login(tenant_a.user)
    url = reverse("mentoring:sign_off", kwargs={"org": tenant_a.organisation.slug, "track_id": track.pk})
    assert client.post(url, {"done_date": "2026-10-01"}).status_code == 403

    # The term plan shows the track with its steps.
    planner_objects(tenant_a)
    client.force_login(tenant_a.griffier)
    plan = client.get(reverse("planner:plan", kwargs={"org": tenant_a.organisation.slug})).content.decode()
    assert "Train-the-trainer" in plan and "Incidentmethode" in plan


def test_planned_dates_must_follow_the_steps(tenant_a: Tenant) -> None:
    with pytest.raises(services.MentoringError):
        services.start_track(
            tenant_a.organisation,
            tenant_a.person,
            "module",
            "Begroting lezen",
            planned={"leren": dt.date(2027, 3, 1), "meebegeleiden": dt.date(2027, 1, 1)},
        )


def test_griffie_proposes_from_a_suggestion_with_its_reasons(tenant_a: Tenant, client: Client) -> None:
    mentor = member(tenant_a, "Ervaren", "Mentor", OLD)
    client.force_login(tenant_a.griffier)
    org = tenant_a.organisation.slug
    page = client.get(reverse("mentoring:griffie", kwargs={"org": org})).content.decode()
    assert "Propose Ervaren Mentor as mentor of" in page
    response = client.post(
        reverse("mentoring:propose", kwargs={"org": org}), {"mentor": mentor.pk, "mentee": tenant_a.person.pk}
    )
    assert response.status_code == 302
    pair = MentorPair.objects.get()
    assert pair.status == PairStatus.PROPOSED
    assert {"code": "since", "value": "2018"} in pair.reasons
    again = client.post(
        reverse("mentoring:propose", kwargs={"org": org}), {"mentor": mentor.pk, "mentee": tenant_a.person.pk}
    )
    assert again.status_code == 400 and "already form a pair" in again.content.decode()
    same = client.post(
        reverse("mentoring:propose", kwargs={"org": org}), {"mentor": mentor.pk, "mentee": mentor.pk}
    )
    assert (
        same.status_code == 400
        and "Mentor: A mentor and a new member are two different people" in same.content.decode()
    )


def _people(tenant: Tenant, count: int, start: dt.date, prefix: str) -> list[Person]:
    return [member(tenant, f"{prefix}{n}", f"{prefix}Achter{n}", start) for n in range(count)]


def test_griffie_page_uses_a_constant_number_of_queries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("mentoring:griffie", kwargs={"org": tenant_a.organisation.slug})
    mentoring_objects(tenant_a)
    with django_assert_max_num_queries(GRIFFIE_QUERIES):
        assert client.get(url).status_code == 200
    mentors = _people(tenant_a, 6, OLD, "Oud")
    newcomers = _people(tenant_a, 8, NEW, "Nieuw")
    for mentor, newcomer in zip(mentors, newcomers, strict=False):
        pair = services.respond(
            services.propose_pair(tenant_a.organisation, mentor, newcomer, None), accept=True
        )
        services.log_meeting(pair, None, dt.date(2026, 9, 1))
        services.start_track(tenant_a.organisation, mentor, "intervisie", "Roddelmethode")
    with django_assert_max_num_queries(GRIFFIE_QUERIES):
        page = client.get(url)
    assert page.status_code == 200


GRIFFIE_QUERIES = 15


def test_budget_and_mentoring_forms_point_only_to_ids_that_exist(tenant_a: Tenant) -> None:
    """aria-describedby on every form page of the two apps names ids that exist, before and after a
    failed post (the help text and the error of each field are read with it)."""
    from tests.budget_mentor_objects import budget_objects
    from tests.test_form_help_ids import dangling_describedby

    org = tenant_a.organisation.slug
    claim = budget_objects(tenant_a).claim
    objects = mentoring_objects(tenant_a)
    griffie, member_client = Client(), Client()
    griffie.force_login(tenant_a.griffier)
    member_client.force_login(tenant_a.user)
    pages = [
        (member_client, "get", reverse("budgets:request", kwargs={"org": org}), None),
        (member_client, "post", reverse("budgets:request", kwargs={"org": org}), {"amount": "x"}),
        (griffie, "get", reverse("budgets:rules", kwargs={"org": org}), None),
        (griffie, "post", reverse("budgets:rules", kwargs={"org": org}), {"amount": "-1"}),
        (griffie, "get", reverse("budgets:claim", kwargs={"org": org, "claim_id": claim.pk}), None),
        (
            griffie,
            "post",
            reverse("budgets:decide", kwargs={"org": org, "claim_id": claim.pk}),
            {"decision": "refuse"},
        ),
        (griffie, "get", reverse("mentoring:griffie", kwargs={"org": org}), None),
        (griffie, "post", reverse("mentoring:propose", kwargs={"org": org}), {}),
        (griffie, "post", reverse("mentoring:track_create", kwargs={"org": org}), {}),
        (
            griffie,
            "post",
            reverse("mentoring:sign_off", kwargs={"org": org, "track_id": objects.track.pk}),
            {},
        ),
        (member_client, "get", reverse("mentoring:mine", kwargs={"org": org}), None),
        (
            member_client,
            "post",
            reverse("mentoring:log_meeting", kwargs={"org": org, "pair_id": objects.pair.pk}),
            {},
        ),
    ]
    for client, method, url, data in pages:
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code in (200, 400), (url, response.status_code)
        html = response.content.decode()
        assert not dangling_describedby(html), (method, url, dangling_describedby(html))


def test_member_pair_and_track_pages_read_the_same_number_of_queries_for_few_and_many(
    tenant_a: Tenant, client: Client
) -> None:
    """The member's mentoring page, the pair's log and a train-the-trainer track cost the same with one
    meeting and one pair as with nine meetings and eight more pairs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    objects = mentoring_objects(tenant_a)
    track = services.start_track(tenant_a.organisation, objects.mentor, "intervisie", "Roddelmethode")
    services.log_meeting(objects.pair, None, dt.date(2026, 9, 1), "Kennismaking")
    org = tenant_a.organisation.slug

    def measure() -> dict[str, int]:
        counts = {}
        for user, name, url in (
            (tenant_a.user, "mine", reverse("mentoring:mine", kwargs={"org": org})),
            (
                tenant_a.user,
                "pair",
                reverse("mentoring:pair", kwargs={"org": org, "pair_id": objects.pair.pk}),
            ),
            (
                tenant_a.griffier,
                "track",
                reverse("mentoring:track", kwargs={"org": org, "track_id": track.pk}),
            ),
        ):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        return counts

    small = measure()
    for day in range(2, 10):
        services.log_meeting(objects.pair, None, dt.date(2026, 9, day), f"Gesprek {day}")
    for mentor, newcomer in zip(
        _people(tenant_a, 8, OLD, "Oud"), _people(tenant_a, 8, NEW, "Nieuw"), strict=True
    ):
        services.respond(services.propose_pair(tenant_a.organisation, mentor, newcomer, None), accept=True)
    services.sign_off_step(track, tenant_a.griffier, dt.date(2026, 9, 3))
    large = measure()
    print("queries per page (few / many):", small, large)
    assert small == large
