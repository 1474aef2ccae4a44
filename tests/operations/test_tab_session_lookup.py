"""The tab session lookup that every tab request makes is compiled once (toerusting.embed.services); it
must find exactly what the ORM query finds, for every reason a session is not (or no longer) open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import Tenant
from toerusting.embed import services
from toerusting.embed.models import TabSession
from toerusting.organisations.models import Functie

BROWSER = "Mozilla/5.0 (lookup test)"


@pytest.fixture
def session(tenant_a: Tenant) -> TabSession:
    return TabSession.objects.create(
        key="lookup-" + "k" * 30,
        user=tenant_a.user,
        connection=tenant_a.ris,
        user_agent_digest=services.user_agent_digest(BROWSER),
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )


def orm_lookup(key: str, user_agent: str) -> TabSession | None:
    found = list(services._session_query(key, services.user_agent_digest(user_agent), timezone.now()))
    return found[0] if found else None


def test_an_open_session_is_found_with_its_member_and_organisation_in_one_query(
    session: TabSession, tenant_a: Tenant
) -> None:
    with CaptureQueriesContext(connection) as queries:
        found = services.find_session(session.key, user_agent=BROWSER)
        assert found is not None
        assert (found.pk, found.user_id, found.expires_at) == (
            session.pk,
            tenant_a.user.pk,
            session.expires_at,
        )
        assert found.user.username == tenant_a.user.username
        assert found.connection.organisation.slug == tenant_a.organisation.slug
    assert len(queries) == 1
    assert orm_lookup(session.key, BROWSER) == found


def close_by_expiry(session: TabSession, tenant: Tenant) -> None:
    TabSession.objects.filter(pk=session.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))


def close_connection(session: TabSession, tenant: Tenant) -> None:
    tenant.ris.is_active = False
    tenant.ris.save()


def disable_account(session: TabSession, tenant: Tenant) -> None:
    type(tenant.user).objects.filter(pk=tenant.user.pk).update(is_active=False)


def make_staff(session: TabSession, tenant: Tenant) -> None:
    type(tenant.user).objects.filter(pk=tenant.user.pk).update(is_staff=True)


def end_functies(session: TabSession, tenant: Tenant) -> None:
    Functie.objects.filter(person__user=tenant.user).update(
        start_date=dt.date.today() - dt.timedelta(days=30), end_date=dt.date.today()
    )


@pytest.mark.parametrize(
    "close", [close_by_expiry, close_connection, disable_account, make_staff, end_functies]
)
def test_a_session_that_is_no_longer_open_is_not_found(
    session: TabSession, tenant_a: Tenant, close: Callable[[TabSession, Tenant], None]
) -> None:
    assert services.find_session(session.key, user_agent=BROWSER) is not None  # compiled while open
    close(session, tenant_a)
    assert services.find_session(session.key, user_agent=BROWSER) is None
    assert orm_lookup(session.key, BROWSER) is None


def test_another_key_or_browser_finds_nothing(session: TabSession) -> None:
    assert services.find_session(session.key, user_agent="Mozilla/5.0 (another browser)") is None
    assert services.find_session(session.key[:-1] + "x", user_agent=BROWSER) is None
    assert services.find_session("", user_agent=BROWSER) is None
    assert services.find_session("k" * 65, user_agent=BROWSER) is None
    assert services.find_session(session.key + "\x00", user_agent=BROWSER) is None
    # Values that look like the stand-ins the query was compiled with are only values.
    assert services.find_session(services._CompiledSessionQuery.KEY, user_agent=BROWSER) is None


def test_the_query_is_compiled_again_on_a_new_day(
    session: TabSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day is in the compiled query (a functie current today): a new day compiles it again."""
    assert services.find_session(session.key, user_agent=BROWSER) is not None
    compiled = services._compiled_session_query._compiled
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(services, "_today", lambda: tomorrow)
    assert services.find_session(session.key, user_agent=BROWSER) is not None
    assert services._compiled_session_query._compiled is not compiled
    assert [day for _alias, day in services._compiled_session_query._compiled] == [tomorrow]
