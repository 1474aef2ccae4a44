"""Learning networks: joining (open or by request), membership visible only to members, a non-member gets
404 on every member route (URL guessing), events with capacity, the plain-text thread, hiding and reporting,
and constant queries on the network and event pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from tests.practice_network_objects import national_item, network_objects, outsider
from tests.test_isolation import Route, all_routes
from toerusting.networks import services
from toerusting.networks.models import EventSignup, Membership, MembershipStatus, Post, PostReport
from toerusting.organisations.selectors import names_for_users

MEMBER_ROUTES = [r for r in all_routes() if r.name.startswith("networks:") and "network_id" in r.kwargs]
PUBLIC_FACE = {"networks:network", "networks:join"}


def _kwargs(route: Route, tenant: Tenant) -> dict[str, int]:
    objects = network_objects(tenant)
    values = {
        "network_id": objects.network.pk,
        "membership_id": objects.pending.pk,
        "event_id": objects.event.pk,
        "post_id": objects.post.pk,
    }
    return {name: values[name] for name in route.kwargs}


@pytest.mark.parametrize(
    "route", [r for r in MEMBER_ROUTES if r.name not in PUBLIC_FACE], ids=lambda r: r.name
)
def test_non_member_gets_404_on_every_member_route(route: Route, tenant_a: Tenant, tenant_b: Tenant) -> None:
    """B's griffier (and a person who only asked to join) guessing the URLs of A's network sees nothing."""
    objects = network_objects(tenant_a)
    url = reverse(route.name, kwargs=_kwargs(route, tenant_a))
    for user in (tenant_b.griffier, objects.pending.user):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {"body": "x", "reason": "x", "decision": "approve", "item": "x"})
        assert response.status_code == 404, f"{route.name} answered {response.status_code} to a non-member"
    assert not Post.objects.exclude(pk=objects.post.pk).exists()
    assert not PostReport.objects.exists()
    assert EventSignup.objects.count() == 0


def test_the_public_face_shows_no_members_or_events(tenant_a: Tenant, tenant_b: Tenant) -> None:
    objects = network_objects(tenant_a)
    client = Client()
    client.force_login(tenant_b.griffier)
    page = client.get(reverse("networks:network", kwargs={"network_id": objects.network.pk})).content.decode()
    assert objects.network.name in page
    assert objects.network.purpose in page
    for secret in (
        tenant_a.person.family_name,
        tenant_a.user.username,
        tenant_a.organisation.name,
        tenant_a.fractie.name,
        objects.event.title,
        objects.post.body,
    ):
        assert secret not in page, secret
    listing = client.get(reverse("networks:list")).content.decode()
    assert tenant_a.user.username not in listing
    assert tenant_a.organisation.name not in listing


def test_members_see_each_other_with_the_council_they_chose_and_never_a_party(tenant_a: Tenant) -> None:
    objects = network_objects(tenant_a)
    member = Client()
    member.force_login(tenant_a.user)
    page = member.get(reverse("networks:members", kwargs={"network_id": objects.network.pk})).content.decode()
    assert tenant_a.organisation.name in page  # the raadslid chose to show the council
    assert tenant_a.fractie.name not in page
    pending_name = names_for_users({objects.pending.user_id})[objects.pending.user_id]
    assert pending_name.startswith("Voornaam")  # the person's name, not the username
    assert pending_name not in page  # requests are for the coordinator only
    coordinator = Client()
    coordinator.force_login(tenant_a.griffier)
    page = coordinator.get(
        reverse("networks:members", kwargs={"network_id": objects.network.pk})
    ).content.decode()
    assert pending_name in page


def test_join_by_request_needs_the_coordinator_and_open_networks_admit_at_once(tenant_a: Tenant) -> None:
    objects = network_objects(tenant_a)
    newcomer = outsider("nieuwkomer")
    client = Client()
    client.force_login(newcomer)
    client.post(reverse("networks:join", kwargs={"network_id": objects.network.pk}), {"organisation": ""})
    membership = Membership.objects.get(network=objects.network, user=newcomer)
    assert membership.status == MembershipStatus.PENDING
    assert (
        client.get(
            reverse("networks:event", kwargs={"network_id": objects.network.pk, "event_id": objects.event.pk})
        ).status_code
        == 404
    )

    member = Client()
    member.force_login(tenant_a.user)  # a member, not the coordinator
    url = reverse(
        "networks:decide", kwargs={"network_id": objects.network.pk, "membership_id": membership.pk}
    )
    assert member.post(url, {"decision": "approve"}).status_code == 403
    coordinator = Client()
    coordinator.force_login(tenant_a.griffier)
    coordinator.post(url, {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE

    open_network = services.create_network("Open", "Doel", "Iedereen", "open", tenant_a.griffier)
    joined = services.join(open_network, newcomer)
    assert joined.status == MembershipStatus.ACTIVE


def test_join_refuses_a_council_that_is_not_yours(tenant_a: Tenant, tenant_b: Tenant) -> None:
    objects = network_objects(tenant_a)
    client = Client()
    client.force_login(tenant_b.griffier)
    client.post(
        reverse("networks:join", kwargs={"network_id": objects.network.pk}),
        {"organisation": str(tenant_a.organisation.pk)},
    )
    assert not Membership.objects.filter(user=tenant_b.griffier).exists()


def test_sign_up_respects_the_capacity(tenant_a: Tenant) -> None:
    objects = network_objects(tenant_a)
    objects.event.capacity = 1
    objects.event.save()
    services.sign_up(objects.event, tenant_a.user)
    services.sign_up(objects.event, tenant_a.user)  # twice keeps one place
    assert EventSignup.objects.filter(event=objects.event).count() == 1
    with pytest.raises(services.NetworkError):
        services.sign_up(objects.event, tenant_a.griffier)
    past = services.add_event(
        objects.network,
        title="Geweest",
        description="",
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-1),
        location="online",
        capacity=5,
    )
    with pytest.raises(services.NetworkError):
        services.sign_up(past, tenant_a.user)


def test_messages_are_plain_text_and_the_coordinator_hides_and_reads_reports(tenant_a: Tenant) -> None:
    objects = network_objects(tenant_a)
    kwargs = {"network_id": objects.network.pk, "event_id": objects.event.pk}
    member = Client()
    member.force_login(tenant_a.user)
    member.post(reverse("networks:post", kwargs=kwargs), {"body": "<script>alert(1)</script> <b>vet</b>"})
    post = Post.objects.latest("pk")
    page = member.get(reverse("networks:event", kwargs=kwargs)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;vet&lt;/b&gt;" in page

    coordinator = Client()
    coordinator.force_login(tenant_a.griffier)
    coordinator.post(
        reverse("networks:report", kwargs={"network_id": objects.network.pk, "post_id": post.pk}),
        {"reason": "Dit hoort hier niet."},
    )
    reports = coordinator.get(reverse("networks:reports", kwargs={"network_id": objects.network.pk}))
    assert "Dit hoort hier niet." in reports.content.decode()
    assert (
        member.get(reverse("networks:reports", kwargs={"network_id": objects.network.pk})).status_code == 403
    )

    member.post(reverse("networks:hide", kwargs={"network_id": objects.network.pk, "post_id": post.pk}))
    post.refresh_from_db()
    assert post.hidden_at is None  # a member cannot hide
    coordinator.post(reverse("networks:hide", kwargs={"network_id": objects.network.pk, "post_id": post.pk}))
    post.refresh_from_db()
    assert post.hidden_at is not None
    page = member.get(reverse("networks:event", kwargs=kwargs)).content.decode()
    assert "&lt;b&gt;vet&lt;/b&gt;" not in page  # hidden for members
    assert (
        "&lt;b&gt;vet&lt;/b&gt;" in coordinator.get(reverse("networks:event", kwargs=kwargs)).content.decode()
    )


def test_an_empty_or_too_long_message_is_refused(tenant_a: Tenant) -> None:
    objects = network_objects(tenant_a)
    with pytest.raises(services.NetworkError):
        services.write_post(objects.event, tenant_a.user, "   ")
    with pytest.raises(services.NetworkError):
        services.write_post(objects.event, tenant_a.user, "x" * (services.MAX_POST_LENGTH + 1))


def test_sharing_an_item_puts_it_on_the_list(tenant_a: Tenant) -> None:
    objects = network_objects(tenant_a)
    item = national_item()
    member = Client()
    member.force_login(tenant_a.user)
    member.post(reverse("networks:share", kwargs={"network_id": objects.network.pk}), {"item": item.slug})
    page = member.get(reverse("networks:network", kwargs={"network_id": objects.network.pk})).content.decode()
    assert item.title in page


def _fill(tenant: Tenant, count: int) -> None:
    objects = network_objects(tenant)
    for number in range(count):
        person = outsider(f"lid-{tenant.organisation.slug}-{Membership.objects.count()}-{number}")
        services.decide(services.join(objects.network, person), approve=True)
        starts = timezone.now() + dt.timedelta(days=10 + number)
        event = services.add_event(
            objects.network,
            title=f"Bijeenkomst {number}",
            description="",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            location="online",
            capacity=50,
        )
        services.sign_up(event, person)
        services.sign_up(objects.event, person)
        services.share_item(
            objects.network, person, national_item(f"gedeeld-{person.pk}", f"Gedeeld {person.pk}")
        )
        post = services.write_post(objects.event, person, f"Bericht {number}")
        services.report_post(post, tenant.user, "Melding")


@pytest.mark.parametrize(
    ("name", "user"),
    [
        ("networks:network", "griffier"),
        ("networks:event", "user"),
        ("networks:members", "griffier"),
        ("networks:reports", "griffier"),
        ("networks:list", "user"),
    ],
)
def test_network_pages_use_a_constant_number_of_queries(
    name: str, user: str, tenant_a: Tenant, django_assert_max_num_queries: Any
) -> None:
    objects = network_objects(tenant_a)
    client = Client()
    client.force_login(getattr(tenant_a, user))
    kwargs = {"network_id": objects.network.pk, "event_id": objects.event.pk}
    url = reverse(
        name,
        kwargs={
            k: v for k, v in kwargs.items() if k in next(r for r in all_routes() if r.name == name).kwargs
        },
    )
    _fill(tenant_a, 2)
    with django_assert_max_num_queries(NETWORK_QUERIES[name]):
        assert client.get(url).status_code == 200
    _fill(tenant_a, 7)
    with django_assert_max_num_queries(NETWORK_QUERIES[name]):
        assert client.get(url).status_code == 200


NETWORK_QUERIES = {
    "networks:network": 11,
    "networks:event": 8,
    "networks:members": 6,
    "networks:reports": 5,
    "networks:list": 5,
}
