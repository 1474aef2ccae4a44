"""The mid-term reflection: answered anonymously and once (the pulse's one-way marker), figures only with at
least five answers per question and per role group, a printable report linked to the term plan."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.budget_mentor_objects import member
from tests.conftest import Tenant, planner_objects
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from tests.midterm_objects import midterm_reflection
from toerusting.accounts.models import User
from toerusting.contentfiles import ContentError
from toerusting.midterm import questions, selectors, services
from toerusting.midterm.models import MidtermMarker, MidtermReflection, MidtermResponse


@pytest.fixture(autouse=True)
def _english(client: Client) -> object:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _members(tenant: Tenant, count: int, prefix: str = "Lid") -> list[User]:
    users = []
    for i in range(count):
        person = member(tenant, f"{prefix}{i}", f"Raadslid{prefix}{i}", dt.date(2022, 4, 1), login=True)
        assert person.user is not None
        users.append(person.user)
    return users


def _wethouder(tenant: Tenant, name: str) -> User:
    user = UserFactory(username=name)
    FunctieFactory(
        person=PersonFactory(given_name=name, family_name="Wethouder", user=user),
        organisation=tenant.organisation,
        body=tenant.raad,
        role="wethouder",
        start_date=dt.date(2026, 4, 1),
    )
    return user


FIRST = questions.questions()[0].key


def test_the_questionnaire_has_20_to_30_questions_on_the_library_themes() -> None:
    found = questions.questions()
    assert 20 <= len(found) <= 30
    assert {q.theme for q in found} == {
        "rol-van-de-raad",
        "samenwerking",
        "inwoners",
        "integriteit",
        "debatcultuur",
        "besluitvorming",
    }


def test_a_broken_questions_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(
        "questions:\n  - key: a\n    theme: weer\n    nl: Vraag\n    en: Question\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as error:
        questions.read_questions(path, {"inwoners"})
    assert "questions.yaml:3: theme" in str(error.value)
    assert "there must be 20 to 30" in str(error.value)


# --- Anonymity -------------------------------------------------------------------------------------------


def test_the_answers_hold_no_member_and_no_time() -> None:
    response_fields = {f.name for f in MidtermResponse._meta.get_fields()}
    assert response_fields == {"id", "reflection", "role_group", "scores"}
    marker_fields = {f.name for f in MidtermMarker._meta.get_fields()}
    assert marker_fields == {"id", "marker"}
    for model in (MidtermResponse, MidtermMarker):
        assert isinstance(model._meta.pk, models.UUIDField)
        assert not [
            f for f in model._meta.get_fields() if isinstance(f, (models.DateField, models.DateTimeField))
        ]
        assert model not in admin.site._registry


def test_a_member_answers_once_and_the_marker_does_not_name_them(tenant_a: Tenant) -> None:
    reflection = midterm_reflection(tenant_a)
    services.answer(tenant_a.user, reflection, {FIRST: 4})
    marker = MidtermMarker.objects.get()
    assert len(marker.marker) == 64 and int(marker.marker, 16)  # a digest, not the member's id
    with pytest.raises(services.MidtermError, match="already answered"):
        services.answer(tenant_a.user, reflection, {FIRST: 2})
    assert MidtermResponse.objects.count() == 1
    assert selectors.has_answered(tenant_a.user, reflection)
    # The marker differs from a pulse marker of the same numbers.
    from toerusting.reflections import services as reflection_services

    assert marker.marker != reflection_services.answer_marker("pulse", tenant_a.user.pk, reflection.pk)


def test_answering_refuses_bad_input_and_writes_nothing(tenant_a: Tenant) -> None:
    reflection = midterm_reflection(tenant_a)
    with pytest.raises(services.MidtermError, match="at least one question"):
        services.answer(tenant_a.user, reflection, {FIRST: None})
    with pytest.raises(ValueError, match="1-5 scale"):
        services.answer(tenant_a.user, reflection, {FIRST: 6})
    with pytest.raises(services.MidtermError, match="not for your role"):
        services.answer(tenant_a.griffier, reflection, {FIRST: 3})
    with pytest.raises(services.MidtermError, match="not open"):
        services.answer(
            tenant_a.user, reflection, {FIRST: 3}, today=reflection.closes_on + dt.timedelta(days=1)
        )
    assert not MidtermResponse.objects.exists() and not MidtermMarker.objects.exists()


def test_answering_logs_nothing_that_links_the_member_to_answers(
    tenant_a: Tenant, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    reflection = midterm_reflection(tenant_a)
    client.force_login(tenant_a.user)
    caplog.set_level(logging.DEBUG)
    url = reverse("midterm:answer", kwargs={"org": tenant_a.organisation.slug, "midterm_id": reflection.pk})
    assert client.post(url, {FIRST: "2"}).status_code == 302
    response = MidtermResponse.objects.get()
    for record in caplog.records:
        text = record.getMessage()
        assert str(response.pk) not in text
        assert '"scores"' not in text


# --- The report ------------------------------------------------------------------------------------------


def test_figures_appear_only_with_five_answers(tenant_a: Tenant, client: Client) -> None:
    reflection = midterm_reflection(tenant_a)
    users = _members(tenant_a, 5)
    for user in users[:4]:
        services.answer(user, reflection, {FIRST: 5})
    report = selectors.report(reflection)
    assert report.respondents == 4
    assert not report.shown_rows
    client.force_login(tenant_a.user)
    url = reverse("midterm:report", kwargs={"org": tenant_a.organisation.slug, "midterm_id": reflection.pk})
    page = client.get(url).content.decode()
    assert "There are no figures yet" in page
    assert "5.0" not in page
    services.answer(users[4], reflection, {FIRST: 3})
    row = selectors.report(reflection).shown_rows[0]
    assert (row.count, row.mean, row.distribution) == (5, selectors.Decimal("4.6"), [0, 0, 1, 0, 4])
    page = client.get(url).content.decode()
    assert "4.6" in page and "<svg" in page and "<table" in page
    assert "Most agreement:" in page
    # Other questions, without answers, still show nothing.
    assert page.count("fewer than 5 answers") == len(questions.questions()) - 1


def test_role_groups_are_shown_apart_only_when_every_group_has_five(tenant_a: Tenant) -> None:
    reflection = midterm_reflection(tenant_a, include_college=True)
    for user in _members(tenant_a, 5):
        services.answer(user, reflection, {FIRST: 4})
    wethouders = [_wethouder(tenant_a, f"weth{i}") for i in range(5)]
    for user in wethouders[:2]:
        services.answer(user, reflection, {FIRST: 1})
    report = selectors.report(reflection)
    row = report.shown_rows[0]
    assert row.count == 7 and row.groups == [] and not report.split  # college (2) would be derivable
    for user in wethouders[2:]:
        services.answer(user, reflection, {FIRST: 1})
    report = selectors.report(reflection)
    row = report.shown_rows[0]
    assert report.split
    assert [(g.group, g.count, g.mean) for g in row.groups] == [
        ("college", 5, selectors.Decimal("1.0")),
        ("raad", 5, selectors.Decimal("4.0")),
    ]


def test_the_report_names_the_term_plan_session(tenant_a: Tenant, client: Client) -> None:
    reflection = midterm_reflection(tenant_a)
    objects = planner_objects(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("midterm:report", kwargs={"org": tenant_a.organisation.slug, "midterm_id": reflection.pk})
    page = client.get(url).content.decode()
    assert objects.activity.title in page
    assert "8 September 2026" in page


def test_the_griffie_opens_one_linked_to_its_own_plan_only(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("midterm:create", kwargs={"org": tenant_a.organisation.slug})
    today = timezone.localdate()
    data = {
        "title": "Halverwege",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=9)).isoformat(),
    }
    foreign = planner_objects(tenant_b).activity.pk
    refused = client.post(url, {**data, "activity": str(foreign)})
    assert refused.status_code == 200 and not MidtermReflection.objects.exists()
    backwards = client.post(url, {**data, "closes_on": (today - dt.timedelta(days=1)).isoformat()})
    assert "before the opening date" in backwards.content.decode()
    own = planner_objects(tenant_a).activity.pk
    assert client.post(url, {**data, "activity": str(own)}).status_code == 302
    assert MidtermReflection.objects.get().activity_id == own


def test_the_griffie_answers_only_when_included(tenant_a: Tenant, client: Client) -> None:
    reflection = midterm_reflection(tenant_a, include_griffie=True)
    client.force_login(tenant_a.griffier)
    url = reverse("midterm:answer", kwargs={"org": tenant_a.organisation.slug, "midterm_id": reflection.pk})
    assert client.get(url).status_code == 200
    client.post(url, {FIRST: "3"})
    assert MidtermResponse.objects.get().role_group == "griffie"


def test_the_report_has_a_constant_number_of_queries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    reflection = midterm_reflection(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("midterm:report", kwargs={"org": tenant_a.organisation.slug, "midterm_id": reflection.pk})
    with django_assert_max_num_queries(REPORT_QUERIES):
        assert client.get(url).status_code == 200
    for user in _members(tenant_a, 12):
        services.answer(user, reflection, {q.key: 4 for q in questions.questions()})
    with django_assert_max_num_queries(REPORT_QUERIES):
        assert client.get(url).status_code == 200


REPORT_QUERIES = 14


def test_the_list_has_a_constant_number_of_queries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    midterm_reflection(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("midterm:home", kwargs={"org": tenant_a.organisation.slug})
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get(url).status_code == 200
    today = timezone.localdate()
    for n in range(4):
        services.open_reflection(
            tenant_a.organisation, tenant_a.griffier, title=f"Extra {n}", opens_on=today, closes_on=today
        )
    with django_assert_max_num_queries(HOME_QUERIES):
        page = client.get(url)
    assert (
        page.content.decode().count("De stellingen invullen")
        + page.content.decode().count("Answer the statements")
        == 5
    )


HOME_QUERIES = 12
