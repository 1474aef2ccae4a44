"""Good practice and learning network objects for tests, made through the services: the URL arguments of
the isolation and role matrices and the data of the practices and networks tests."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from tests.factories import FunctieFactory, OrganisationFactory, PersonFactory, UserFactory, make_module
from toerusting.catalogue.models import LearningItem
from toerusting.networks import services as network_services
from toerusting.networks.models import Event, Membership, Network, Post
from toerusting.practices import services as practice_services
from toerusting.practices.models import Practice

if TYPE_CHECKING:
    from tests.conftest import Tenant
    from toerusting.accounts.models import User
    from toerusting.organisations.models import Organisation


def national_item(slug: str = "landelijke-module", title: str = "Een landelijke module") -> LearningItem:
    """A published item of the national catalogue (no organisation), made once."""
    found = LearningItem.objects.filter(slug=slug).first()
    return found if found is not None else make_module(slug, title=title)


def practice_text(
    title: str, item: LearningItem | None = None, **changes: object
) -> practice_services.PracticeText:
    text = practice_services.PracticeText(
        title=title,
        what="Na elke begroting een terugblikavond met de hele raad.",
        why="Elk jaar gingen dezelfde dingen mis.",
        how="De griffie plant de avond en een gespreksleider van buiten leidt hem.",
        results="Minder moties op het laatste moment.",
        contact_email="griffie@voorbeeld.example",
        cost=None,
        topics=["financien"],
        items=[item or national_item()],
    )
    for name, value in changes.items():
        setattr(text, name, value)
    return text


def published_practice(
    organisation: Organisation, title: str, *, author: User | None = None, **changes: object
) -> Practice:
    """A practice of the organisation, written, submitted and published through the services."""
    practice = practice_services.create_practice(organisation, author, practice_text(title, **changes))
    practice_services.submit_practice(practice, author)
    operator = UserFactory(username="platformbeheer", is_superuser=True, is_staff=True)
    return practice_services.publish_practice(practice, operator)


def elsewhere() -> Organisation:
    """A third organisation (not one of the two tenants), for practices that the tenants may adopt."""
    return OrganisationFactory(name="Gemeente Elders", slug="elders", cbs_code="GM0999", tooi_code="gm0999")


@dataclass
class PracticeObjects:
    draft: Practice  # the tenant's own draft (practice_id): only its griffie and the operator see it
    adoptable: Practice  # a published practice of another organisation, for the adopt route


def practice_objects(tenant: Tenant) -> PracticeObjects:
    """The tenant's practice objects, made on first use."""
    made = getattr(tenant, "_practices", None)
    if made is None:
        draft = practice_services.create_practice(
            tenant.organisation, tenant.griffier, practice_text(f"Concept van {tenant.organisation.name}")
        )
        adoptable = Practice.objects.filter(organisation__slug="elders").first()
        if adoptable is None:
            adoptable = published_practice(elsewhere(), "Maatjes voor nieuwe raadsleden")
        made = PracticeObjects(draft, adoptable)
        tenant._practices = made  # type: ignore[attr-defined]
    return made


@dataclass
class NetworkObjects:
    network: Network  # coordinated by the tenant's griffier; the tenant's raadslid is a member
    pending: Membership  # a request to join, for the coordinator to decide
    event: Event  # a coming event with places
    post: Post  # the raadslid's message in the event's thread


# Codes of their own (GM1000 upwards), apart from the factories (GM9000-GM9999) and elsewhere() (GM0999).
_OUTSIDER_CODES = itertools.count(1000)


def outsider(username: str) -> User:
    """A council member of an organisation of their own, not in any network."""
    user = UserFactory(username=username)
    code = f"GM{next(_OUTSIDER_CODES):04d}"
    organisation = OrganisationFactory(
        name=f"Gemeente {username.title()}", slug=username, cbs_code=code, tooi_code=code.lower()
    )
    FunctieFactory(person=PersonFactory(user=user), organisation=organisation, role="raadslid")
    return user


def network_objects(tenant: Tenant) -> NetworkObjects:
    """The tenant's network objects, made on first use."""
    made = getattr(tenant, "_networks", None)
    if made is None:
        network = network_services.create_network(
            f"Lokale partijen, netwerk {tenant.organisation.pk}",
            "Raadsleden van lokale partijen leren van elkaar.",
            "Vraag lidmaatschap aan bij de coördinator.",
            "aanvraag",
            tenant.griffier,
        )
        member = network_services.join(network, tenant.user, organisation=tenant.organisation)
        network_services.decide(member, approve=True)
        pending = network_services.join(network, outsider(f"aanvrager-{tenant.organisation.slug}"))
        starts = timezone.now() + dt.timedelta(days=30)
        event = network_services.add_event(
            network,
            title="Fractie organiseren",
            description="",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            location="online",
            capacity=10,
        )
        post = network_services.write_post(event, tenant.user, "Wie neemt een voorbeeld mee?")
        made = NetworkObjects(network, pending, event, post)
        tenant._networks = made  # type: ignore[attr-defined]
    return made
