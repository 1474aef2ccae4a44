"""Every aria-describedby in the project points to an element that exists, so screen readers read the help
text and the error of each field: first for every form class rendered through the shared field template,
bound (with errors) and unbound, then for the pages that show forms, before and after a failed post."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

import toerusting
from tests.candidate_objects import evening_of
from tests.conftest import Tenant
from tests.intervision_objects import intervision_objects
from tests.midterm_objects import midterm_reflection
from tests.practice_network_objects import network_objects, practice_objects
from toerusting.forms import StyledForm
from toerusting.planner import services as planner_services

RENDER = Template(
    '{% include "forms/error_summary.html" %}'
    '{% for field in form %}{% include "forms/field.html" %}{% endfor %}'
)


def _form_classes() -> list[type[forms.Form]]:
    """Every form class defined in the project's forms modules."""
    found: dict[str, type[forms.Form]] = {}
    for module_info in pkgutil.walk_packages(toerusting.__path__, "toerusting."):
        if not module_info.name.endswith(".forms") and module_info.name != "toerusting.forms":
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.Form)
                and value.__module__ == module.__name__
                and value is not StyledForm
            ):
                found[f"{value.__module__}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]


def _kwargs(form_class: type[forms.Form], tenant: Tenant) -> dict[str, Any]:
    """What a form needs besides its data (choices that come from the database)."""
    extra: dict[str, Any] = {
        "SendToColleagueForm": {"colleagues": [(1, "Anna")]},
        "EndTabSessionsForm": {"members": [(1, "Anna")]},
        "DeepLinkForm": {"choices": []},
        "ActivityForm": {"items": [(tenant.module.slug, tenant.module.title)], "people": [(1, "Anna")]},
        "AttendanceForm": {"people": [tenant.person]},
        "NextKeyForm": {"algorithm": "HS256"},
        "BadgeForm": {"activities": [(1, "Inwerkdag")], "items": [(tenant.module.slug, tenant.module.title)]},
    }
    if form_class.__name__ == "AnswerForm":
        from toerusting.catalogue.models import Question

        question = Question.objects.first()
        return {"question": question} if question else {}
    return extra.get(form_class.__name__, {})


def dangling_describedby(html: str) -> list[str]:
    """The ids named in aria-describedby that no element on the page has."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    missing = []
    for value in re.findall(r'aria-describedby="([^"]*)"', html):
        missing += [ref for ref in value.split() if ref not in ids]
    return missing


def test_the_walk_finds_the_project_forms() -> None:
    names = {cls.__name__ for cls in _form_classes()}
    assert {"OwnItemForm", "ActivityForm", "PlanSettingsForm", "RuleForm", "EvaluationForm"} <= names
    assert len(names) >= 15


@pytest.mark.django_db
def test_every_form_class_points_only_to_ids_that_exist(tenant_a: Tenant) -> None:
    checked = 0
    for form_class in _form_classes():
        kwargs = _kwargs(form_class, tenant_a)
        if form_class.__name__ == "AnswerForm" and not kwargs:
            continue
        for data in (None, {}):
            form = form_class(data, **kwargs)
            html = RENDER.render(Context({"form": form}))
            assert not dangling_describedby(html), (form_class.__name__, data, dangling_describedby(html))
            # A field's help text is read with it: its widget (or its fieldset) names the help text's id.
            for bound in form:
                if bound.help_text and bound.auto_id and not bound.is_hidden:
                    help_id = f"{bound.auto_id}_helptext"
                    assert f'id="{help_id}"' in html, (form_class.__name__, bound.name)
                    described = re.findall(r'aria-describedby="([^"]*)"', html)
                    assert any(help_id in value.split() for value in described), (
                        form_class.__name__,
                        bound.name,
                    )
            checked += 1
    assert checked >= 30


def test_a_field_with_an_error_points_to_its_help_and_its_error(tenant_a: Tenant) -> None:
    from toerusting.catalogue.forms import OwnItemForm

    form = OwnItemForm({"summary": ""})
    html = RENDER.render(Context({"form": form}))
    summary = re.search(r'<input[^>]*name="summary"[^>]*>', html)
    assert summary is not None
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in summary.group(0)
    assert 'aria-invalid="true"' in summary.group(0)
    # The error summary links to each field with an error; a choice list links to its first choice.
    assert 'href="#id_summary"' in html and 'href="#id_topics_0"' in html and 'id="id_topics_0"' in html


def test_the_own_item_form_is_grouped_and_asks_only_what_it_needs(tenant_a: Tenant) -> None:
    from toerusting.catalogue.forms import OwnItemForm

    form = OwnItemForm()
    assert not form.fields["competencies"].required and not form.fields["instruments"].required
    grouped = [bound.name for _legend, fields in form.groups() for bound in fields]
    assert sorted(grouped) == sorted(form.fields) and len(grouped) == len(set(grouped))
    client = Client()
    client.force_login(tenant_a.griffier)
    url = reverse("catalogue:own_create", kwargs={"org": tenant_a.organisation.slug})
    html = client.get(url).content.decode()
    assert len(re.findall(r'<fieldset class="toerusting-form-group">\s*<legend>', html)) == 4
    # The long taxonomy lists are folded; nothing chosen yet, so they start closed.
    folds = re.findall(r'<details class="toerusting-choices-fold"( open)?>', html)
    assert len(folds) >= 3 and not any(folds)
    # After a failed post: an error summary that takes focus, and the folds with an error are open.
    failed = client.post(url, {"title": "Iets"}).content.decode()
    assert re.search(r'<div class="[^"]*toerusting-error-summary"[^>]*tabindex="-1"[^>]*autofocus', failed)
    assert '<details class="toerusting-choices-fold" open>' in failed
    assert re.search(r'<script src="[^"]*portal/forms\.[^"]*js"[^>]*defer>', failed)


def test_pages_with_forms_point_only_to_ids_that_exist(tenant_a: Tenant) -> None:
    org = tenant_a.organisation.slug
    plan = planner_services.create_plan(tenant_a.organisation, tenant_a.term)
    activity = planner_services.add_activity(plan, tenant_a.module, audience="raad", owner_kind="griffier")
    rounds = intervision_objects(tenant_a)
    midterm = midterm_reflection(tenant_a)
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    member = Client()
    member.force_login(tenant_a.user)
    adoptable = practice_objects(tenant_a).adoptable
    networks = network_objects(tenant_a)
    event_kwargs = {"network_id": networks.network.pk, "event_id": networks.event.pk}
    outside = Client()
    outside.force_login(networks.pending.user)
    evening_kwargs = {"org": org, "evening_id": evening_of(tenant_a).pk}
    pages = [
        (griffie, "get", reverse("catalogue:own_create", kwargs={"org": org}), None),
        (griffie, "post", reverse("catalogue:own_create", kwargs={"org": org}), {}),
        (griffie, "get", reverse("planner:plan", kwargs={"org": org}), None),
        (griffie, "post", reverse("planner:plan", kwargs={"org": org}), {"max_sessions_per_month": "x"}),
        (griffie, "get", reverse("planner:activity_create", kwargs={"org": org}), None),
        (griffie, "post", reverse("planner:activity_create", kwargs={"org": org}), {}),
        (griffie, "get", reverse("planner:activity", kwargs={"org": org, "activity_id": activity.pk}), None),
        (
            griffie,
            "post",
            reverse("planner:activity", kwargs={"org": org, "activity_id": activity.pk}),
            {"kind": "nonsense"},
        ),
        (griffie, "get", reverse("planner:feed_address", kwargs={"org": org}), None),
        (member, "get", reverse("planner:mine", kwargs={"org": org}), None),
        (member, "get", reverse("catalogue:item", kwargs={"slug": tenant_a.module.slug}), None),
        (member, "get", reverse("catalogue:list"), None),
        (Client(), "post", reverse("accounts:login"), {"username": "nobody", "password": "wrong"}),
        (griffie, "get", reverse("intervision:round_create", kwargs={"org": org}), None),
        (griffie, "post", reverse("intervision:round_create", kwargs={"org": org}), {"min_size": "8"}),
        (
            griffie,
            "get",
            reverse("intervision:round", kwargs={"org": org, "round_id": rounds.round.pk}),
            None,
        ),
        (member, "get", reverse("intervision:round", kwargs={"org": org, "round_id": rounds.round.pk}), None),
        (member, "get", reverse("intervision:group", kwargs={"org": org, "group_id": rounds.group.pk}), None),
        (griffie, "get", reverse("midterm:create", kwargs={"org": org}), None),
        (griffie, "post", reverse("midterm:create", kwargs={"org": org}), {"closes_on": "x"}),
        (member, "get", reverse("midterm:answer", kwargs={"org": org, "midterm_id": midterm.pk}), None),
        # good practices: the griffie's form, own page (contact for peers), the library and the adopt form
        (griffie, "get", reverse("practices:create", kwargs={"org": org}), None),
        (griffie, "post", reverse("practices:create", kwargs={"org": org}), {"cost": "veel"}),
        (griffie, "get", reverse("practices:own", kwargs={"org": org}), None),
        (member, "get", reverse("practices:library"), None),
        (griffie, "get", reverse("practices:detail", kwargs={"practice_id": adoptable.pk}), None),
        # learning networks: the public face (join form), a meeting (thread and report forms), planning one
        (outside, "get", reverse("networks:network", kwargs={"network_id": networks.network.pk}), None),
        (member, "get", reverse("networks:event", kwargs=event_kwargs), None),
        (griffie, "post", reverse("networks:event_create", kwargs={"network_id": networks.network.pk}), {}),
        # candidates: the griffie changes an evening (bad input) or calls it off (too long a message)
        (griffie, "get", reverse("candidates:change", kwargs=evening_kwargs), None),
        (griffie, "post", reverse("candidates:change", kwargs=evening_kwargs), {"capacity": "0"}),
        (griffie, "get", reverse("candidates:call_off", kwargs=evening_kwargs), None),
        (griffie, "post", reverse("candidates:call_off", kwargs=evening_kwargs), {"message": "x" * 1001}),
    ]
    for client, method, url, data in pages:
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code in (200, 400), (url, response.status_code)
        html = response.content.decode()
        assert not dangling_describedby(html), (method, url, dangling_describedby(html))


def test_a_field_that_is_not_required_is_marked_optional_once() -> None:
    """forms/field.html marks a field that is not required "(niet verplicht)", unless its label already
    says so (several labels do, such as "Wat er die avond gebeurt (niet verplicht)")."""
    from django.template.loader import render_to_string
    from django.utils import translation

    class Form(forms.Form):
        plain = forms.CharField(label="Opmerking", required=False)
        said = forms.CharField(label="Opmerking (niet verplicht)", required=False)
        needed = forms.CharField(label="Naam")

    with translation.override("nl"):
        form = Form()
        rendered = {name: render_to_string("forms/field.html", {"field": form[name]}) for name in form.fields}
    assert rendered["plain"].count("(niet verplicht)") == 1
    assert rendered["said"].count("(niet verplicht)") == 1
    assert "niet verplicht" not in rendered["needed"]
