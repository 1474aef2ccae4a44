"""The candidates' track: the griffie's information evenings, the public sign-up without an account with its
double opt-in by a signed link that expires, the cancel link, the places under concurrency, the robots'
protections, the griffie's list and CSV, changing and calling off an evening (with the e-mails to the people
signed up), retention and Mijn gegevens."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from tests.candidate_objects import evening_of
from tests.conftest import Tenant, make_tenant
from toerusting.audit.models import AuditEvent
from toerusting.candidates import services
from toerusting.candidates.models import EveningSignup, InfoEvening, SignupStatus
from toerusting.privacy import selectors as privacy_selectors
from toerusting.privacy import services as privacy_services


def _sign_up(client: Client, tenant: Tenant, evening: InfoEvening, **fields: str) -> object:
    data = {
        "evening": str(evening.pk),
        "name": "Sanne de Vries",
        "email": "sanne@voorbeeld.example",
        "question": "Hoeveel avonden per week ben ik kwijt?",
        "website": "",
        **fields,
    }
    return client.post(reverse("candidates:signup", kwargs={"org": tenant.organisation.slug}), data)


def _links(message: mail.EmailMessage) -> tuple[str, str]:
    """The confirm and cancel paths in the e-mail's text."""
    body = str(message.body)
    confirm = re.search(r"https?://[^/\s]+(/kandidaten/bevestigen/[^\s]+/)", body)
    cancel = re.search(r"https?://[^/\s]+(/kandidaten/afmelden/[^\s]+/)", body)
    assert confirm and cancel, body
    return confirm.group(1), cancel.group(1)


def test_a_visitor_signs_up_confirms_and_the_griffie_sees_it(
    tenant_a: Tenant, client: Client, django_capture_on_commit_callbacks: object
) -> None:
    evening = evening_of(tenant_a, capacity=2)
    page = client.get(reverse("candidates:organisation", kwargs={"org": tenant_a.organisation.slug}))
    assert evening.title in page.content.decode() and "Nog 2 plaatsen vrij." in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = _sign_up(client, tenant_a, evening)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Kijk in uw e-mail" in response.content.decode()  # type: ignore[attr-defined]
    signup = EveningSignup.objects.get()
    assert signup.status == SignupStatus.PENDING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sanne@voorbeeld.example"]
    confirm_path, _cancel_path = _links(mail.outbox[0])

    # Opening the link confirms nothing (a mail scanner opens links); the button does.
    assert client.get(confirm_path).status_code == 200
    assert EveningSignup.objects.get().status == SignupStatus.PENDING
    confirmed = client.post(confirm_path)
    assert "U bent aangemeld" in confirmed.content.decode()
    assert EveningSignup.objects.get().status == SignupStatus.CONFIRMED
    page = client.get(reverse("candidates:organisation", kwargs={"org": tenant_a.organisation.slug}))
    assert "Nog 1 plaats vrij." in page.content.decode()

    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    kwargs = {"org": tenant_a.organisation.slug, "evening_id": evening.pk}
    listing = griffie.get(reverse("candidates:signups", kwargs=kwargs)).content.decode()
    assert "Sanne de Vries" in listing and "Hoeveel avonden per week" in listing and "bevestigd" in listing
    export = griffie.get(reverse("candidates:export", kwargs=kwargs))
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Naam;E-mail;Status;Vraag;Ingeschreven op"
    assert lines[1].startswith("Sanne de Vries;sanne@voorbeeld.example;bevestigd;")
    assert AuditEvent.objects.filter(organisation=tenant_a.organisation, action="export").count() == 1


def test_the_griffie_creates_an_evening_and_bad_input_names_the_field(
    tenant_a: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("candidates:manage", kwargs={"org": tenant_a.organisation.slug})
    day = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    data = {
        "title": "Informatieavond: wat doet een raadslid?",
        "date": day,
        "start": "20:00",
        "end": "19:00",
        "place": "Raadzaal, Markt 1",
        "capacity": "30",
        "description": "",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "De eindtijd ligt niet na de begintijd." in bad.content.decode()
    assert not InfoEvening.objects.exists()
    response = client.post(url, {**data, "start": "19:30", "end": "21:30"})
    assert response.status_code == 302
    evening = InfoEvening.objects.get()
    assert evening.organisation == tenant_a.organisation and evening.capacity == 30
    assert timezone.localtime(evening.starts_at).strftime("%H:%M") == "19:30"
    assert AuditEvent.objects.filter(action="info_evening", organisation=tenant_a.organisation).count() == 1
    public = Client().get(reverse("candidates:organisation", kwargs={"org": tenant_a.organisation.slug}))
    assert "Informatieavond: wat doet een raadslid?" in public.content.decode()


def test_a_member_who_is_no_griffie_cannot_create_evenings(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.user)
    assert (
        client.get(reverse("candidates:manage", kwargs={"org": tenant_a.organisation.slug})).status_code
        == 403
    )


def test_the_last_place_goes_to_whoever_confirms_first(tenant_a: Tenant, client: Client) -> None:
    evening = evening_of(tenant_a, capacity=1)
    first = services.request_signup(evening, name="Eerste", email="een@voorbeeld.example")
    second = services.request_signup(evening, name="Tweede", email="twee@voorbeeld.example")
    services.confirm(first)
    response = client.post(reverse("candidates:confirm", kwargs={"token": services.confirm_token(second)}))
    assert response.status_code == 409
    assert "Deze avond is vol" in response.content.decode()
    assert EveningSignup.objects.get(pk=second.pk).status == SignupStatus.PENDING
    # Full: the form no longer offers it, and a new sign-up is refused.
    with pytest.raises(services.EveningError):
        services.request_signup(evening, name="Derde", email="drie@voorbeeld.example")
    page = client.get(reverse("candidates:organisation", kwargs={"org": tenant_a.organisation.slug}))
    assert "Deze avond is vol." in page.content.decode()
    # The first cancels through the link: the place is free, and the second can confirm.
    client.post(reverse("candidates:cancel", kwargs={"token": services.cancel_token(first)}))
    assert EveningSignup.objects.get(pk=first.pk).status == SignupStatus.CANCELLED
    client.post(reverse("candidates:confirm", kwargs={"token": services.confirm_token(second)}))
    assert EveningSignup.objects.get(pk=second.pk).status == SignupStatus.CONFIRMED


def test_signing_up_again_never_changes_a_confirmed_sign_up(tenant_a: Tenant) -> None:
    """The public form with someone else's address: a confirmed sign-up keeps its name and question; a
    pending one takes the new details but stays pending, with a new day for its link."""
    evening = evening_of(tenant_a, capacity=3)
    confirmed = services.request_signup(
        evening, name="Echte Naam", email="echt@voorbeeld.example", question=""
    )
    services.confirm(confirmed)
    services.request_signup(evening, name="Spotnaam", email="echt@voorbeeld.example", question="Onzin")
    confirmed.refresh_from_db()
    assert (confirmed.name, confirmed.question, confirmed.status) == (
        "Echte Naam",
        "",
        SignupStatus.CONFIRMED,
    )
    pending = services.request_signup(evening, name="Eerst", email="later@voorbeeld.example")
    EveningSignup.objects.filter(pk=pending.pk).update(created_at=timezone.now() - dt.timedelta(hours=47))
    services.request_signup(evening, name="Daarna", email="later@voorbeeld.example")
    pending.refresh_from_db()
    assert (pending.name, pending.status) == ("Daarna", SignupStatus.PENDING)
    assert timezone.now() - pending.created_at < dt.timedelta(minutes=1)


def test_a_sign_up_keeps_the_language_of_its_page(
    tenant_a: Tenant, client: Client, settings: Settings, django_capture_on_commit_callbacks: object
) -> None:
    """Later e-mails about the evening are written in it; it is part of Mijn gegevens."""
    evening = evening_of(tenant_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert _sign_up(client, tenant_a, evening).status_code == 200  # type: ignore[attr-defined]
    assert mail.outbox[0].subject.startswith("Confirm your sign-up")
    assert _sign_up(Client(), tenant_a, evening, email="jan@voorbeeld.example").status_code == 200  # type: ignore[attr-defined]
    languages = dict(EveningSignup.objects.values_list("email", "language"))
    assert languages == {"sanne@voorbeeld.example": "en", "jan@voorbeeld.example": "nl"}
    user = tenant_a.user
    user.email = "sanne@voorbeeld.example"
    user.save()
    exported = {part["model"]: part for part in privacy_selectors.personal_data(user)}
    assert exported["candidates.eveningsignup"]["records"][0]["Taal van de e-mails"] == "en"


def test_an_expired_or_forged_link_does_not_work(
    tenant_a: Tenant, client: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    signup = services.request_signup(evening_of(tenant_a), name="Jan", email="jan@voorbeeld.example")
    token = services.confirm_token(signup)
    later = timezone.now().timestamp() + settings.CANDIDATES_CONFIRM_MAX_AGE_SECONDS + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)  # type: ignore[attr-defined]
    response = client.post(reverse("candidates:confirm", kwargs={"token": token}))
    assert response.status_code == 404 and "Deze link werkt niet" in response.content.decode()
    monkeypatch.undo()
    assert client.get(reverse("candidates:confirm", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    # A cancel token is no confirm token.
    assert (
        client.post(
            reverse("candidates:confirm", kwargs={"token": services.cancel_token(signup)})
        ).status_code
        == 404
    )
    assert EveningSignup.objects.get().status == SignupStatus.PENDING


def test_robots_are_kept_out(tenant_a: Tenant, client: Client, settings: Settings) -> None:
    evening = evening_of(tenant_a)
    honeypot = _sign_up(client, tenant_a, evening, website="https://spam.example")
    assert honeypot.status_code == 400  # type: ignore[attr-defined]
    assert not EveningSignup.objects.exists()
    settings.CANDIDATES_MAX_SIGNUPS_PER_WINDOW = 2
    assert _sign_up(client, tenant_a, evening, email="a@voorbeeld.example").status_code == 200  # type: ignore[attr-defined]
    limited = _sign_up(client, tenant_a, evening, email="b@voorbeeld.example")
    assert limited.status_code == 429  # type: ignore[attr-defined]  (the honeypot counted too)
    assert EveningSignup.objects.count() == 1


def test_bad_input_names_the_field_and_stores_nothing(tenant_a: Tenant, client: Client) -> None:
    evening = evening_of(tenant_a)
    response = _sign_up(client, tenant_a, evening, email="geen-adres", name="")
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Voer een geldig e-mailadres in." in body and 'id="id_name_error"' in body
    assert not EveningSignup.objects.exists()


def test_another_organisations_evening_cannot_be_chosen(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    evening_of(tenant_a)
    foreign = evening_of(tenant_b)
    response = _sign_up(client, tenant_a, foreign)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not EveningSignup.objects.exists()


def test_sign_ups_are_deleted_after_the_evening(tenant_a: Tenant, settings: Settings) -> None:
    evening = evening_of(tenant_a)
    kept = services.request_signup(evening, name="Blijft", email="blijft@voorbeeld.example")
    services.confirm(kept)
    old = InfoEvening.objects.create(
        organisation=tenant_a.organisation,
        title="Vorig jaar",
        starts_at=timezone.now() - dt.timedelta(days=60),
        ends_at=timezone.now() - dt.timedelta(days=60) + dt.timedelta(hours=2),
        place="Raadzaal",
        capacity=10,
    )
    EveningSignup.objects.create(evening=old, name="Oud", email="oud@voorbeeld.example", status="confirmed")
    stale = services.request_signup(evening, name="Nooit bevestigd", email="nooit@voorbeeld.example")
    EveningSignup.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=5))
    from toerusting.operations.tasks import retention_task

    assert retention_task.call()["evening_signups"] == 2
    assert list(EveningSignup.objects.values_list("name", flat=True)) == ["Blijft"]
    assert InfoEvening.objects.filter(pk=old.pk).exists()  # the evening itself stays


def test_sign_ups_with_a_members_address_are_in_mijn_gegevens_and_erased(tenant_a: Tenant) -> None:
    user = tenant_a.user
    user.email = "lid@aadorp.example"
    user.save()
    services.request_signup(evening_of(tenant_a), name="Lid Aadorp", email="LID@aadorp.example")
    exported = {part["model"]: part for part in privacy_selectors.personal_data(user)}
    assert exported["candidates.eveningsignup"]["records"][0]["Naam"] == "Lid Aadorp"
    griffier_parts = {part["model"]: part for part in privacy_selectors.personal_data(tenant_a.griffier)}
    assert len(griffier_parts["candidates.infoevening"]["records"]) == 1
    privacy_services.erase(user)
    assert not EveningSignup.objects.exists()
    privacy_services.erase(tenant_a.griffier)
    assert InfoEvening.objects.get().created_by is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_visitors_confirming_the_last_place_at_once_do_not_both_get_it() -> None:
    """Six visitors press "confirm" at the same moment, in several rounds; without the row lock some round
    gives the one place to two of them."""
    tenant = make_tenant("Lindenstad", "lindenstad", "GM9001")
    errors: list[BaseException] = []
    for round_number in range(4):
        starts = timezone.now() + dt.timedelta(days=10 + round_number)
        evening = services.create_evening(
            tenant.griffier,
            tenant.organisation,
            services.EveningData("Avond", starts, starts + dt.timedelta(hours=2), "Raadzaal", 1),
        )
        signups = [
            services.request_signup(
                evening, name=f"Bezoeker {i}", email=f"b{i}-{round_number}@voorbeeld.example"
            )
            for i in range(6)
        ]
        barrier = threading.Barrier(len(signups))

        def take(signup: EveningSignup, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                services.confirm(signup)
            except services.EveningError:
                pass  # full: the expected answer for all but one
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=take, args=(signup,)) for signup in signups]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        statuses = list(evening.signups.values_list("status", flat=True))
        assert statuses.count(SignupStatus.CONFIRMED) == 1
        assert statuses.count(SignupStatus.PENDING) == 5


@pytest.mark.django_db
def test_the_demo_evenings_and_searches_load_once(tmp_path: object) -> None:
    import io
    from pathlib import Path

    from django.core.management import CommandError, call_command

    from toerusting.gaps import selectors as gap_selectors

    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_candidates", stdout=out)
    assert "lindenwaard.yaml: 2 evenings, 5 sign-ups" in out.getvalue()
    call_command("load_demo_candidates", stdout=io.StringIO())
    assert InfoEvening.objects.count() == 3
    assert EveningSignup.objects.filter(status=SignupStatus.CONFIRMED).count() == 5
    call_command("load_demo_gaps", stdout=io.StringIO())
    call_command("load_demo_gaps", stdout=io.StringIO())
    assert [(s.query, s.askers) for s in gap_selectors.asked_searches()] == [
        ("drijvende zonneparken", 5),
        ("omgevingsvisie jongeren betrekken", 4),
        ("datacenters en netcongestie", 3),
    ]
    wrong = Path(str(tmp_path)) / "fout.yaml"
    wrong.write_text(
        "organisation: lindenwaard\ngriffie: griffier\nevenings:\n"
        "  - title: Avond\n    days_ahead: 3\n    start: '21:00'\n    end: '20:00'\n"
        "    place: Zaal\n    capacity: 5\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"fout.yaml:7: end: the evening must end after it starts"):
        call_command("load_demo_candidates", directory=str(tmp_path), stdout=io.StringIO())
    assert InfoEvening.objects.count() == 3


# --- Changing and calling off an evening --------------------------------------------------------------------


def _griffie(tenant: Tenant) -> Client:
    client = Client()
    client.force_login(tenant.griffier)
    return client


def _evening_url(name: str, tenant: Tenant, evening: InfoEvening) -> str:
    return reverse(f"candidates:{name}", kwargs={"org": tenant.organisation.slug, "evening_id": evening.pk})


def _form_data(evening: InfoEvening, **changes: str) -> dict[str, str]:
    """The change form as the page fills it in for the evening, with some fields changed."""
    start = timezone.localtime(evening.starts_at)
    return {
        "title": evening.title,
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": timezone.localtime(evening.ends_at).strftime("%H:%M"),
        "place": evening.place,
        "capacity": str(evening.capacity),
        "description": evening.description,
        **changes,
    }


def _signed_up(
    evening: InfoEvening, name: str, email: str, *, status: str = SignupStatus.CONFIRMED, language: str = "nl"
) -> EveningSignup:
    """A sign-up made on the public page in the given language (no confirmation mail), then confirmed or
    cancelled when asked."""
    with translation.override(language):
        signup = services.request_signup(evening, name=name, email=email, send=False)
    if status == SignupStatus.CONFIRMED:
        signup = services.confirm(signup)
    elif status == SignupStatus.CANCELLED:
        signup = services.cancel(signup)
    return signup


def _token(message: mail.EmailMessage, kind: str) -> str:
    """The token of the confirm ("bevestigen") or cancel ("afmelden") link in the e-mail's text."""
    found = re.search(rf"https?://[^/\s]+/kandidaten/{kind}/([^\s/]+)/", str(message.body))
    assert found, message.body
    return found.group(1)


def _unchanged(evening: InfoEvening) -> None:
    before = {
        field: getattr(evening, field) for field in ("title", "starts_at", "ends_at", "place", "capacity")
    }
    evening.refresh_from_db()
    assert {field: getattr(evening, field) for field in before} == before


def test_a_new_date_and_place_are_mailed_to_everyone_signed_up_in_their_language(
    tenant_a: Tenant, django_capture_on_commit_callbacks: object
) -> None:
    evening = evening_of(tenant_a, capacity=5)
    sanne = _signed_up(evening, "Sanne", "sanne@voorbeeld.example")
    alex = _signed_up(evening, "Alex", "alex@voorbeeld.example", status=SignupStatus.PENDING, language="en")
    dirk = _signed_up(evening, "Dirk", "dirk@voorbeeld.example")
    EveningSignup.objects.filter(pk=dirk.pk).update(language="")  # stored before the language was kept
    _signed_up(evening, "Cas", "cas@voorbeeld.example", status=SignupStatus.CANCELLED)
    griffie = _griffie(tenant_a)
    url = _evening_url("change", tenant_a, evening)

    page = griffie.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    start = timezone.localtime(evening.starts_at)
    # The form of a new evening, filled in with this one (values an <input type="date|time"> takes).
    assert f'value="{start.date().isoformat()}"' in html and f'value="{start:%H:%M}"' in html
    assert f'value="{evening.place}"' in html and 'value="5"' in html
    assert "2 mensen hebben bevestigd." in html

    old_times = (evening.starts_at, evening.ends_at)
    new_day = start.date() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = griffie.post(
            url,
            _form_data(
                evening, date=new_day.isoformat(), start="19:00", end="21:30", place="Trouwzaal, Markt 2"
            ),
        )
    assert response.status_code == 302
    assert response["Location"] == _evening_url("signups", tenant_a, evening)
    evening.refresh_from_db()
    assert evening.place == "Trouwzaal, Markt 2"
    assert timezone.localtime(evening.starts_at).strftime("%Y-%m-%d %H:%M") == f"{new_day} 19:00"
    after = griffie.get(response["Location"]).content.decode()
    assert "De avond is gewijzigd. 3 mensen hebben zich aangemeld." in after

    # One mail per sign-up that is confirmed or not confirmed yet; not to the cancelled one.
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 3
    assert set(by_address) == {"sanne@voorbeeld.example", "alex@voorbeeld.example", "dirk@voorbeeld.example"}
    new_times = (evening.starts_at, evening.ends_at)
    with translation.override("nl"):
        old_when_nl, new_when_nl = services.describe_when(*old_times), services.describe_when(*new_times)
    with translation.override("en"):
        old_when_en, new_when_en = services.describe_when(*old_times), services.describe_when(*new_times)
    assert new_when_en != new_when_nl and new_when_nl.endswith("19:00\u201321:30")
    dutch = by_address["sanne@voorbeeld.example"]
    assert dutch.subject == f"Gewijzigd: {evening.title}"
    body = str(dutch.body)
    assert f"Datum en tijd: eerst was het {old_when_nl}. Nu is het {new_when_nl}." in body
    assert (
        f"Plaats: eerst was het Raadzaal {tenant_a.organisation.name}. Nu is het Trouwzaal, Markt 2." in body
    )
    assert "U blijft aangemeld. U hoeft niets te doen." in body
    assert services.signup_for_cancellation(_token(dutch, "afmelden")) == sanne
    html_part, mimetype = dutch.alternatives[0]  # type: ignore[attr-defined]
    assert (
        mimetype == "text/html" and 'lang="nl"' in str(html_part) and "Trouwzaal, Markt 2" in str(html_part)
    )
    # Stored before the language was kept: Dutch.
    assert by_address["dirk@voorbeeld.example"].subject == f"Gewijzigd: {evening.title}"

    english = by_address["alex@voorbeeld.example"]
    assert english.subject == f"Changed: {evening.title}"
    body = str(english.body)
    assert f"Date and time: it was {old_when_en}. It is now {new_when_en}." in body
    assert f"Place: it was Raadzaal {tenant_a.organisation.name}. It is now Trouwzaal, Markt 2." in body
    # Not confirmed yet: the mail has a confirm link, whose page shows the new date.
    assert services.signup_for_cancellation(_token(english, "afmelden")) == alex
    token = _token(english, "bevestigen")
    assert services.signup_for_confirmation(token) == alex
    confirm_page = Client().get(reverse("candidates:confirm", kwargs={"token": token})).content.decode()
    assert new_when_nl in confirm_page

    event = AuditEvent.objects.get(action="info_evening_changed", organisation=tenant_a.organisation)
    assert event.actor == tenant_a.griffier and event.details["evening"] == evening.pk
    assert event.details["changed"]["place"] == [
        f"Raadzaal {tenant_a.organisation.name}",
        "Trouwzaal, Markt 2",
    ]
    assert set(event.details["changed"]) == {"starts_at", "ends_at", "place"}
    assert event.details["mailed"] == 3


def test_a_new_title_description_or_number_of_places_sends_no_mail(
    tenant_a: Tenant, django_capture_on_commit_callbacks: object
) -> None:
    evening = evening_of(tenant_a, capacity=5)
    _signed_up(evening, "Sanne", "sanne@voorbeeld.example")
    griffie = _griffie(tenant_a)
    url = _evening_url("change", tenant_a, evening)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = griffie.post(
            url,
            _form_data(evening, title="Avond voor kandidaten", capacity="40", description="Met koffie."),
        )
    assert response.status_code == 302
    assert mail.outbox == []
    evening.refresh_from_db()
    assert (evening.title, evening.capacity, evening.description) == (
        "Avond voor kandidaten",
        40,
        "Met koffie.",
    )
    after = griffie.get(response["Location"]).content.decode()
    assert "De datum, tijd en plaats zijn hetzelfde gebleven." in after
    event = AuditEvent.objects.get(action="info_evening_changed")
    assert set(event.details["changed"]) == {"title", "capacity", "description"}
    assert event.details["changed"]["capacity"] == [5, 40] and event.details["mailed"] == 0

    # Sending the form unchanged stores nothing and records nothing.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        again = griffie.post(url, _form_data(evening))
    assert again.status_code == 302 and mail.outbox == []
    assert "U heeft niets veranderd." in griffie.get(again["Location"]).content.decode()
    assert AuditEvent.objects.filter(action="info_evening_changed").count() == 1


def test_the_places_cannot_drop_below_the_confirmed_sign_ups_and_bad_input_changes_nothing(
    tenant_a: Tenant, django_capture_on_commit_callbacks: object
) -> None:
    evening = evening_of(tenant_a, capacity=3)
    _signed_up(evening, "Sanne", "sanne@voorbeeld.example")
    _signed_up(evening, "Jan", "jan@voorbeeld.example")
    _signed_up(evening, "Piet", "piet@voorbeeld.example", status=SignupStatus.PENDING)
    griffie = _griffie(tenant_a)
    url = _evening_url("change", tenant_a, evening)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        refused = griffie.post(url, _form_data(evening, capacity="1", place="Elders"))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert (
        "2 mensen hebben hun aanmelding bevestigd. Daarom heeft de avond minstens 2 plaatsen nodig. "
        "U vulde 1 in." in html
    )
    assert 'id="id_capacity_error"' in html and 'href="#id_capacity"' in html
    assert 'value="Elders"' in html  # what was typed stays in the form
    _unchanged(evening)
    assert evening.place != "Elders" and mail.outbox == []

    bad = griffie.post(url, _form_data(evening, start="21:00", end="20:00", place="Elders"))
    assert bad.status_code == 400
    assert "De eindtijd ligt niet na de begintijd." in bad.content.decode()
    assert 'id="id_end_error"' in bad.content.decode()
    empty = griffie.post(url, _form_data(evening, title=""))
    assert empty.status_code == 400 and 'id="id_title_error"' in empty.content.decode()
    _unchanged(evening)
    assert not AuditEvent.objects.filter(action="info_evening_changed").exists()

    # As many places as confirmed sign-ups is allowed.
    assert griffie.post(url, _form_data(evening, capacity="2")).status_code == 302
    evening.refresh_from_db()
    assert evening.capacity == 2


def test_an_evening_that_ended_cannot_be_changed_or_called_off(tenant_a: Tenant) -> None:
    griffie = _griffie(tenant_a)
    ended = InfoEvening.objects.create(
        organisation=tenant_a.organisation,
        title="Vorige maand",
        starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=2),
        place="Raadzaal",
        capacity=10,
    )
    page = griffie.get(_evening_url("change", tenant_a, ended))
    assert page.status_code == 200
    assert "Deze avond is voorbij. U kunt hem niet meer wijzigen of afgelasten." in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = griffie.post(_evening_url("change", tenant_a, ended), _form_data(ended, date=tomorrow))
    assert response.status_code == 409
    _unchanged(ended)
    refused = griffie.post(_evening_url("call_off", tenant_a, ended), {"message": ""})
    assert refused.status_code == 409 and "Deze avond is voorbij." in refused.content.decode()
    ended.refresh_from_db()
    assert ended.cancelled_at is None
    # The service refuses too (a change posted from a page opened before the evening ended).
    with pytest.raises(services.EveningError):
        services.update_evening(
            tenant_a.griffier,
            ended,
            services.EveningData(ended.title, ended.starts_at, ended.ends_at, "Elders", ended.capacity),
        )
    assert not AuditEvent.objects.filter(action="info_evening_changed").exists()
    # The list does not offer to change or call it off.
    listing = griffie.get(reverse("candidates:manage", kwargs={"org": tenant_a.organisation.slug}))
    assert _evening_url("change", tenant_a, ended) not in listing.content.decode()
    assert _evening_url("call_off", tenant_a, ended) not in listing.content.decode()


def test_a_called_off_evening_cannot_be_changed(tenant_a: Tenant) -> None:
    griffie = _griffie(tenant_a)
    cancelled = evening_of(tenant_a)
    services.cancel_evening(tenant_a.griffier, cancelled)
    page = griffie.get(_evening_url("change", tenant_a, cancelled))
    assert "Deze avond is afgelast. U kunt hem niet meer wijzigen." in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    response = griffie.post(
        _evening_url("change", tenant_a, cancelled), _form_data(cancelled, place="Elders")
    )
    assert response.status_code == 409
    _unchanged(cancelled)
    # The service refuses too (a change posted from a page opened before the evening was called off).
    with pytest.raises(services.EveningError):
        services.update_evening(
            tenant_a.griffier,
            cancelled,
            services.EveningData(
                cancelled.title, cancelled.starts_at, cancelled.ends_at, "Elders", cancelled.capacity
            ),
        )
    assert not AuditEvent.objects.filter(action="info_evening_changed").exists()
    # The list marks it and no longer offers to change it.
    listing = griffie.get(reverse("candidates:manage", kwargs={"org": tenant_a.organisation.slug}))
    html = listing.content.decode()
    assert _evening_url("change", tenant_a, cancelled) not in html and "(afgelast)" in html


def test_calling_off_an_evening_mails_everyone_signed_up_once(
    tenant_a: Tenant, django_capture_on_commit_callbacks: object
) -> None:
    evening = evening_of(tenant_a, capacity=5)
    _signed_up(evening, "Sanne", "sanne@voorbeeld.example")
    _signed_up(evening, "Alex", "alex@voorbeeld.example", status=SignupStatus.PENDING, language="en")
    _signed_up(evening, "Cas", "cas@voorbeeld.example", status=SignupStatus.CANCELLED)
    griffie = _griffie(tenant_a)
    url = _evening_url("call_off", tenant_a, evening)

    # Opening the page changes nothing: it says what will happen and asks for the button.
    page = griffie.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 mensen hebben zich aangemeld." in html and "Gelast de avond af" in html
    assert '<label class="utrecht-form-label" for="id_message">' in html
    evening.refresh_from_db()
    assert evening.cancelled_at is None

    message = "De raadzaal wordt verbouwd.\nIn het voorjaar is er een nieuwe avond."
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = griffie.post(url, {"message": message})
    assert response.status_code == 302
    assert response["Location"] == _evening_url("signups", tenant_a, evening)
    evening.refresh_from_db()
    assert evening.cancelled_at is not None
    # The evening and its sign-ups stay; the retention job deletes the sign-ups later.
    assert InfoEvening.objects.filter(pk=evening.pk).exists() and evening.signups.count() == 3

    assert sorted(message.to[0] for message in mail.outbox) == [
        "alex@voorbeeld.example",
        "sanne@voorbeeld.example",
    ]
    by_address = {sent.to[0]: sent for sent in mail.outbox}
    dutch = by_address["sanne@voorbeeld.example"]
    assert dutch.subject == f"Afgelast: {evening.title}"
    assert "is afgelast. De avond gaat niet door." in str(dutch.body)
    assert f"Bericht van de griffie:\n{message}" in str(dutch.body)
    html_part, _mimetype = dutch.alternatives[0]  # type: ignore[attr-defined]
    assert "De raadzaal wordt verbouwd.<br>In het voorjaar" in str(html_part)
    english = by_address["alex@voorbeeld.example"]
    assert english.subject == f"Cancelled: {evening.title}"
    assert "is cancelled. It does not take place." in str(english.body) and message in str(english.body)
    event = AuditEvent.objects.get(action="info_evening_cancelled", organisation=tenant_a.organisation)
    assert event.actor == tenant_a.griffier and event.details["mailed"] == 2
    assert event.details["message"] == message
    after = griffie.get(response["Location"]).content.decode()
    assert "De avond is afgelast. 2 mensen hadden zich aangemeld." in after
    assert "Afgelast op" in after and _evening_url("call_off", tenant_a, evening) not in after

    # Calling off again does nothing more: no mail, no record.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        again = griffie.post(url, {"message": "Nog een keer"})
    assert again.status_code == 302
    assert "Deze avond was al afgelast." in griffie.get(again["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.cancel_evening(tenant_a.griffier, evening, "En nog eens") is None
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="info_evening_cancelled").count() == 1
    page = griffie.get(url).content.decode()
    assert f"“{evening.title}” is afgelast" in page and 'name="message"' not in page


def test_a_message_that_is_too_long_names_the_field_and_cancels_nothing(tenant_a: Tenant) -> None:
    evening = evening_of(tenant_a)
    response = _griffie(tenant_a).post(_evening_url("call_off", tenant_a, evening), {"message": "x" * 1001})
    assert response.status_code == 400
    assert 'id="id_message_error"' in response.content.decode()
    evening.refresh_from_db()
    assert evening.cancelled_at is None and not AuditEvent.objects.filter(action="info_evening_cancelled")


def test_nobody_can_sign_up_for_or_confirm_a_cancelled_evening(
    tenant_a: Tenant, client: Client, django_capture_on_commit_callbacks: object
) -> None:
    evening = evening_of(tenant_a, capacity=5)
    other = services.create_evening(
        tenant_a.griffier,
        tenant_a.organisation,
        services.EveningData(
            "Tweede avond",
            evening.starts_at + dt.timedelta(days=7),
            evening.ends_at + dt.timedelta(days=7),
            "Raadzaal",
            5,
        ),
    )
    pending = _signed_up(evening, "Piet", "piet@voorbeeld.example", status=SignupStatus.PENDING)
    confirmed = _signed_up(evening, "Sanne", "sanne@voorbeeld.example")
    services.cancel_evening(tenant_a.griffier, evening, "")
    org = tenant_a.organisation.slug

    # The public page shows it as cancelled, without the way to sign up; the other evening stays open.
    page = client.get(reverse("candidates:organisation", kwargs={"org": org})).content.decode()
    assert f"Afgelast: {evening.title}" in page
    assert "Deze avond is afgelast. Hij gaat niet door en u kunt zich er niet meer voor aanmelden." in page
    assert f"?avond={evening.pk}" not in page and f"?avond={other.pk}" in page

    # The sign-up form does not offer it; a link to it, and a form sent for it, say it is cancelled.
    signup_url = reverse("candidates:signup", kwargs={"org": org})
    form_page = client.get(signup_url, {"avond": evening.pk}).content.decode()
    assert f"“{evening.title}” is afgelast. U kunt zich er niet meer voor aanmelden." in form_page
    assert f'value="{evening.pk}"' not in form_page and f'value="{other.pk}"' in form_page
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        refused = _sign_up(client, tenant_a, evening, email="nieuw@voorbeeld.example")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert f"“{evening.title}” is afgelast." in refused.content.decode()  # type: ignore[attr-defined]
    assert not EveningSignup.objects.filter(email="nieuw@voorbeeld.example").exists() and mail.outbox == []
    with pytest.raises(services.EveningError, match="afgelast"):
        services.request_signup(evening, name="Direct", email="direct@voorbeeld.example")

    # The confirmation link of a pending sign-up says the evening is cancelled, and confirms nothing.
    confirm_url = reverse("candidates:confirm", kwargs={"token": services.confirm_token(pending)})
    opened = client.get(confirm_url).content.decode()
    assert "Deze avond is afgelast" in opened and "Bevestig mijn aanmelding" not in opened
    posted = client.post(confirm_url)
    assert posted.status_code == 409 and "Deze avond is afgelast" in posted.content.decode()
    assert EveningSignup.objects.get(pk=pending.pk).status == SignupStatus.PENDING
    with pytest.raises(services.EveningError, match="afgelast"):
        services.confirm(pending)
    # A confirmed sign-up's links say so too, instead of "you are signed up" or a cancel button.
    confirmed_page = client.get(
        reverse("candidates:confirm", kwargs={"token": services.confirm_token(confirmed)})
    ).content.decode()
    assert "Deze avond is afgelast" in confirmed_page and "U bent aangemeld" not in confirmed_page
    cancel_url = reverse("candidates:cancel", kwargs={"token": services.cancel_token(confirmed)})
    cancel_page = client.get(cancel_url).content.decode()
    assert "U hoeft zich dus niet af te melden." in cancel_page and "Meld mij af" not in cancel_page

    # The search on the track no longer says an evening is planned (only the cancelled one was, until now
    # the other one is).
    other.delete()
    found = client.get(reverse("candidates:track"), {"organisatie": tenant_a.organisation.name})
    assert "informatieavond gepland" not in found.content.decode()


@pytest.mark.parametrize("name", ["change", "call_off"])
def test_another_organisations_griffie_gets_404_and_a_member_403(
    name: str, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    evening = evening_of(tenant_a, capacity=5)
    data = _form_data(evening, place="Elders") if name == "change" else {"message": "Weg"}
    other = _griffie(tenant_b)
    # A's evening under B's organisation (B's griffie is a griffie there), and under A's (not theirs).
    mixed = reverse(
        f"candidates:{name}", kwargs={"org": tenant_b.organisation.slug, "evening_id": evening.pk}
    )
    own_url = _evening_url(name, tenant_a, evening)
    for url in (mixed, own_url):
        assert other.get(url).status_code == 404
        assert other.post(url, data).status_code == 404
    member = Client()
    member.force_login(tenant_a.user)
    assert member.get(own_url).status_code == 403
    assert member.post(own_url, data).status_code == 403
    anonymous = client.post(own_url, data)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    _unchanged(evening)
    assert evening.cancelled_at is None
    assert not AuditEvent.objects.filter(action__startswith="info_evening_c").exists()


def test_the_griffies_pages_link_to_changing_and_calling_off(tenant_a: Tenant) -> None:
    evening = evening_of(tenant_a)
    griffie = _griffie(tenant_a)
    listing = griffie.get(reverse("candidates:manage", kwargs={"org": tenant_a.organisation.slug}))
    html = listing.content.decode()
    assert f'href="{_evening_url("change", tenant_a, evening)}"' in html
    assert f'href="{_evening_url("call_off", tenant_a, evening)}"' in html
    # The repeated link texts name their evening for screen readers.
    assert f'Wijzigen<span class="toerusting-visually-hidden"> “{evening.title}”</span>' in html
    page = griffie.get(_evening_url("signups", tenant_a, evening)).content.decode()
    assert ">Wijzig de avond</a>" in page and ">Gelast de avond af</a>" in page
