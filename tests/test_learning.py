"""The module player and "my learning": answers with feedback, private reflections, completion, resume."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import make_module
from toerusting.learning.models import Answer, Progress, Reflection


@pytest.fixture
def module(db: None):  # type: ignore[no-untyped-def]
    return make_module("raad-en-college", title="De raad en het college")


def step_url(slug: str, number: int) -> str:
    return reverse("learning:step", kwargs={"slug": slug, "number": number})


@pytest.mark.django_db
def test_module_page_shows_minutes_and_steps(client: Client, tenant_a: Tenant, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tenant_a.user)
    response = client.get(reverse("learning:module", kwargs={"slug": module.slug}))
    html = response.content.decode()
    assert "ongeveer 8 minuten" in html
    steps = response.context["steps"]
    assert [s.kind for s in steps] == ["section", "section", "question", "question", "case", "reflection"]


@pytest.mark.django_db
def test_answer_gets_immediate_feedback_and_is_stored(client: Client, tenant_a: Tenant, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tenant_a.user)
    question = module.questions.first()
    wrong = question.options.get(is_correct=False)
    response = client.post(step_url(module.slug, 3), {"option": wrong.pk}, follow=True)
    html = response.content.decode()
    assert "Niet helemaal." in html
    assert wrong.feedback in html
    right = question.options.get(is_correct=True)
    response = client.post(step_url(module.slug, 3), {"option": right.pk}, follow=True)
    assert "Goed zo." in response.content.decode() or "Juist." in response.content.decode()
    answer = Answer.objects.get(user=tenant_a.user, question=question)
    assert answer.option == right and answer.is_correct


@pytest.mark.django_db
def test_no_answer_chosen_is_a_clear_error(client: Client, tenant_a: Tenant, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tenant_a.user)
    response = client.post(step_url(module.slug, 3), {})
    assert response.status_code == 400
    assert "Kies een antwoord." in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_an_option_of_another_question_is_refused(client: Client, tenant_a: Tenant, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tenant_a.user)
    other = module.questions.last().options.first()
    response = client.post(step_url(module.slug, 3), {"option": other.pk})
    assert response.status_code == 400
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_resume_where_you_left(client: Client, tenant_a: Tenant, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tenant_a.user)
    client.get(step_url(module.slug, 4))
    html = client.get(reverse("learning:module", kwargs={"slug": module.slug})).content.decode()
    assert step_url(module.slug, 4) in html
    assert "Ga verder bij stap 4" in html


@pytest.mark.django_db
def test_reflection_completes_and_stays_private(
    client: Client,
    tenant_a: Tenant,
    tenant_b: Tenant,
    module,  # type: ignore[no-untyped-def]
) -> None:
    client.force_login(tenant_a.user)
    response = client.post(step_url(module.slug, 6), {"text": "Ik wil vaker technische vragen stellen."})
    assert response.status_code == 302
    progress = Progress.objects.get(user=tenant_a.user, item=module)
    assert progress.completed_at is not None
    assert Reflection.objects.get(user=tenant_a.user).text.startswith("Ik wil")
    mine = client.get(reverse("learning:mine")).content.decode()
    assert module.title in mine
    # Another member sees an empty reflection form, never the note of someone else.
    client.force_login(tenant_b.user)
    html = client.get(step_url(module.slug, 6)).content.decode()
    assert "technische vragen" not in html


@pytest.mark.django_db
def test_step_out_of_range_is_404(client: Client, tenant_a: Tenant, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tenant_a.user)
    assert client.get(step_url(module.slug, 99)).status_code == 404
    assert client.get(step_url(module.slug, 0)).status_code == 404


@pytest.mark.django_db
def test_mark_an_external_item_done_and_undo(client: Client, tenant_a: Tenant) -> None:
    item = make_module("webinar-begroting", kind="webinar", duration=60)
    client.force_login(tenant_a.user)
    url = reverse("learning:done", kwargs={"slug": item.slug})
    assert client.post(url).status_code == 302
    assert Progress.objects.get(item=item).completed_at is not None
    client.post(url, {"undo": "1"})
    assert Progress.objects.get(item=item).completed_at is None


@pytest.mark.django_db
def test_player_needs_login(client: Client, module) -> None:  # type: ignore[no-untyped-def]
    response = client.get(step_url(module.slug, 1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_skipping_a_question_is_said_and_the_end_shows_score_and_right_answers(
    client: Client,
    tenant_a: Tenant,
    module,  # type: ignore[no-untyped-def]
) -> None:
    client.force_login(tenant_a.user)
    html = client.get(step_url(module.slug, 3)).content.decode()
    assert "Nu overslaan" in html and "nog niet beantwoord" in html
    first, second = module.questions.all()
    client.post(step_url(module.slug, 3), {"option": first.options.get(is_correct=False).pk})
    html = client.get(step_url(module.slug, 3)).content.decode()
    assert "Nu overslaan" not in html and "Volgende" in html
    response = client.get(step_url(module.slug, 6))
    score = response.context["score"]
    assert (score.correct, score.total, score.unanswered) == (0, 2, 1)
    html = response.content.decode()
    assert "U had 0 van de 2 vragen goed." in html
    assert "Eén vraag hebt u nog niet beantwoord." in html
    assert "Uw antwoord: “Een fout antwoord”." in html and "Niet beantwoord." in html
    assert html.count("Het goede antwoord: “Het goede antwoord”") == 2
    client.post(step_url(module.slug, 4), {"option": second.options.get(is_correct=True).pk})
    score = client.get(step_url(module.slug, 6)).context["score"]
    assert (score.correct, score.unanswered) == (1, 0)
