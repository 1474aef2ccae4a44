"""Mijn gegevens: every model that links to a user is exported and erased by some app; a deletion leaves no
row linking to the member while the counts stay; the grace period; the retention rule per organisation."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant, planner_objects
from tests.development_objects import finished_scan
from tests.factories import FunctieFactory, PersonFactory, make_module
from toerusting.accounts.models import LoginSession, User
from toerusting.audit import services as audit_services
from toerusting.audit.models import Action, AuditEvent
from toerusting.budgets.models import AuditEntry, Claim
from toerusting.catalogue.models import ColleagueTip, Endorsement, Option, Session
from toerusting.citizens.models import CouncilReaction
from toerusting.development.models import DevelopmentPlan, Goal, Scan
from toerusting.embed.models import RisIdentity, TabSession
from toerusting.intervision.models import Group, GroupNote, Participation, Round
from toerusting.learning.models import Answer, Progress, Reflection
from toerusting.mentoring.models import MentoringWish, MentorMeeting, MentorPair
from toerusting.midterm.models import MidtermReflection
from toerusting.networks.models import Event, EventSignup, Membership, Network, Post, PostReport, SharedItem
from toerusting.notifications.models import Delivery, Preference, Subscription
from toerusting.organisations.models import Functie, Person
from toerusting.planner import services as planner_services
from toerusting.planner.models import Evaluation, FeedToken, Signup, SignupStatus, StepCompletion
from toerusting.practices.models import Adoption, Practice
from toerusting.privacy import selectors, services
from toerusting.privacy.models import DeletionRequest, RetentionPeriod
from toerusting.recommendations.models import Curation
from toerusting.reflections import services as reflection_services
from toerusting.reflections.models import JournalEntry, MeetingQuestion
from toerusting.reports.models import MonitorOptIn
from toerusting.twofactor.models import EnrolmentDemand, Passkey, RecoveryCode, TotpDevice

PASSWORD = "een-lang-wachtwoord-voor-de-test"


def _linked_models() -> set[str]:
    return {model._meta.label_lower for model, _field in services.user_links()}


def test_every_model_with_a_user_link_is_exported_by_some_app(tenant_a: Tenant) -> None:
    """A new model with a link to a user fails here until its app hands it over to Mijn gegevens."""
    exported = {part["model"] for part in selectors.personal_data(tenant_a.user)}
    missing = _linked_models() - exported - {"auth.user_groups", "auth.user_user_permissions"}
    assert not missing, f"no exporter in the hook 'personal_data' for: {sorted(missing)}"
    # The walk finds the links the hooks must cover (it is not empty by mistake).
    assert {"learning.progress", "reflections.journalentry", "planner.signup", "budgets.auditentry"} <= (
        _linked_models()
    )
    known = {model._meta.label_lower for model in apps.get_models()}
    assert exported <= known, "a section names a model that does not exist"


@dataclass
class Member:
    user: User
    person: Person
    colleague: User


def _full_member(tenant: Tenant) -> Member:
    """A member with something in every app."""
    user = tenant.user
    user.set_password(PASSWORD)
    user.email = "lid@aadorp.example"
    user.save()
    person = Person.objects.get(user=user)
    colleague = tenant.griffier
    colleague_person = Person.objects.get(user=colleague)
    organisation = tenant.organisation
    module = tenant.module
    # learning
    Progress.objects.create(user=user, item=module, completed_at=timezone.now())
    Progress.objects.create(user=colleague, item=module, completed_at=timezone.now())
    option = Option.objects.filter(question__item=module, is_correct=True).select_related("question").first()
    assert option is not None
    Answer.objects.create(user=user, question=option.question, option=option, is_correct=True)
    Reflection.objects.create(user=user, item=module, text="Ik leerde veel over de kadernota.")
    # reflections
    reflection_services.write_entry(user, "Mijn geheime dagboeknotitie", meeting=tenant.meeting)
    MeetingQuestion.objects.create(meeting=tenant.meeting, own_text="Wat nam je mee?", set_by=user)
    # development
    finished_scan(user, organisation)
    plan = DevelopmentPlan.objects.create(user=user, organisation=organisation)
    Goal.objects.create(plan=plan, competency="samenwerken", text="Beter samenwerken")
    # planner: a past planned session (evaluated, kept), a future offer session (given up)
    objects = planner_objects(tenant)
    past = planner_services.set_signup_list(organisation, planned_session=objects.session, capacity=5)
    Signup.objects.create(
        signup_list=past, user=user, status=SignupStatus.SIGNED_UP, requested_at=timezone.now()
    )
    future_session = Session.objects.create(
        item=module,
        starts_at=timezone.now() + dt.timedelta(days=40),
        ends_at=timezone.now() + dt.timedelta(days=40, hours=2),
        location="Raadzaal",
    )
    future = planner_services.set_signup_list(organisation, offer_session=future_session, capacity=1)
    planner_services.sign_up(future, user.pk)
    planner_services.sign_up(future, colleague.pk)  # on the waiting list
    Evaluation.objects.create(session=objects.session, user=user, score=4, remark="Leerzaam")
    Evaluation.objects.create(session=objects.session, user=colleague, score=5)
    StepCompletion.objects.create(step=objects.step, user=user)
    FeedToken.objects.create(organisation=organisation, user=user)
    # budgets
    claim = Claim.objects.create(
        organisation=organisation,
        person=person,
        year=2026,
        course="Cursus begroten",
        provider="VNG Academie",
        course_date=dt.date(2026, 10, 1),
        amount=Decimal("450.00"),
        explanation="Ik zit in de auditcommissie.",
    )
    AuditEntry.objects.create(
        organisation=organisation, claim=claim, actor=user, actor_name="Lid", action="aangevraagd"
    )
    # mentoring
    mentee = PersonFactory(given_name="Nieuw", family_name="Lid")
    FunctieFactory(
        person=mentee,
        organisation=organisation,
        body=tenant.raad,
        role="raadslid",
        fractie=tenant.fractie,
        start_date=dt.date(2026, 3, 1),
    )
    pair = MentorPair.objects.create(
        organisation=organisation, mentor=person, mentee=mentee, created_by=colleague
    )
    MentorMeeting.objects.create(pair=pair, date=dt.date(2026, 5, 1), note="Over de fractie", created_by=user)
    MentoringWish.objects.create(organisation=organisation, person=person)
    # catalogue
    Endorsement.objects.create(item=module, user=user, note="Aanrader", show_name=True)
    ColleagueTip.objects.create(item=module, sender=user, recipient=colleague, organisation=organisation)
    # notifications
    Preference.objects.create(user=user, language="en")
    Subscription.objects.create(user=user, kind="weekoverzicht", subscribed=True)
    Delivery.objects.create(user=user, kind="inschrijving", subject="Bevestiging")
    # recommendations, accounts, embed, audit
    Curation.objects.create(
        organisation=organisation, meeting=tenant.meeting, item=module, action="pin", created_by=user
    )
    LoginSession.objects.create(user=user, session_key="k" * 32, device="Firefox · Linux")
    RisIdentity.objects.create(connection=tenant.ris, subject="ris-123", user=user)
    TabSession.objects.create(
        key="tab-lid-privacy",
        user=user,
        connection=tenant.ris,
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    audit_services.record(user, organisation, Action.LOGIN)
    audit_services.record(None, organisation, Action.LOGIN_FAILED, username=user.username)
    # events about the member, done by the griffie
    audit_services.record(
        colleague, organisation, Action.TWO_FACTOR_RESET, target="Lid Aadorp", user_id=user.pk, reason="kwijt"
    )
    audit_services.record(colleague, organisation, Action.SIGNUP_FOR_MEMBER, "sign-up list 1", member=user.pk)
    # the second login step, intervision, the mid-term reflection, residents' feedback, the national monitor
    TotpDevice.objects.create(user=user, secret=b"versleuteld", confirmed_at=timezone.now())
    RecoveryCode.objects.create(user=user, code_hash="a" * 64)
    EnrolmentDemand.objects.create(user=user)
    Passkey.objects.create(user=user, name="Sleutelhanger", credential_id="AAEC", public_key=b"cose")
    round_ = Round.objects.create(
        organisation=organisation, title="Intervisie najaar", first_date=dt.date(2026, 10, 1), created_by=user
    )
    group = Group.objects.create(round=round_, number=1, slot="di-avond")
    Participation.objects.create(
        round=round_, person=person, council=organisation, wishes="Liever online", group=group
    )
    GroupNote.objects.create(group=group, author=user, text="Wat hier gezegd wordt, blijft hier.")
    MidtermReflection.objects.create(
        organisation=organisation,
        title="Halverwege",
        opens_on=dt.date(2026, 11, 1),
        closes_on=dt.date(2026, 11, 30),
        created_by=user,
    )
    CouncilReaction.objects.create(
        organisation=organisation, period_start=dt.date(2026, 7, 1), text="Dank u wel.", written_by=user
    )
    MonitorOptIn.objects.create(
        organisation=organisation, takes_part=True, changed_by=user, changed_by_name="Lid"
    )
    # good practices and learning networks (coordinated by the colleague)
    practice = Practice.objects.create(
        organisation=organisation,
        title="Raadsavond over de begroting",
        what="Een avond",
        why="Begrip",
        how="Samen",
        results="Betere vragen",
        contact_email="griffie@aadorp.example",
        created_by=user,
    )
    Adoption.objects.create(practice=practice, organisation=organisation, adopted_by=user)
    network = Network.objects.create(
        name="Lokale partijen", purpose="Leren", how_to_join="Vraag het", coordinator=colleague
    )
    Membership.objects.create(network=network, user=user, organisation=organisation, status="lid")
    event = Event.objects.create(
        network=network,
        title="Netwerkavond",
        starts_at=timezone.now() + dt.timedelta(days=9),
        ends_at=timezone.now() + dt.timedelta(days=9, hours=2),
        location="online",
        capacity=20,
    )
    EventSignup.objects.create(event=event, user=user)
    post = Post.objects.create(event=event, author=colleague, body="Welkom allemaal")
    Post.objects.create(event=event, author=user, body="Ik kom ook")
    PostReport.objects.create(post=post, reporter=user, reason="Test")
    SharedItem.objects.create(network=network, item=module, added_by=user)
    assert colleague_person.user_id == colleague.pk
    return Member(user=user, person=person, colleague=colleague)


def test_the_export_holds_every_part_and_the_journal_decrypted(tenant_a: Tenant, client: Client) -> None:
    member = _full_member(tenant_a)
    client.force_login(member.user)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    data = json.loads(response.content)
    by_model = {part["model"]: part for part in data["sections"]}
    assert by_model["reflections.journalentry"]["records"][0]["Tekst"] == "Mijn geheime dagboeknotitie"
    assert by_model["learning.reflection"]["records"][0]["Reflectie"] == "Ik leerde veel over de kadernota."
    assert by_model["budgets.claim"]["records"][0]["Kosten"] == "450.00"
    assert len(by_model["planner.signup"]["records"]) == 2
    assert by_model["development.scan"]["records"][0]["Scores"]
    assert by_model["accounts.user"]["records"][0]["E-mailadres"] == "lid@aadorp.example"
    assert by_model["twofactor.passkey"]["records"][0]["Naam"] == "Sleutelhanger"
    assert "cose" not in json.dumps(by_model["twofactor.passkey"], default=str)
    # A colleague's journal is never in it.
    assert "Mijn geheime" not in json.dumps(
        {"s": selectors.personal_data(member.colleague)}, ensure_ascii=False, default=str
    )
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_EXPORTED, actor=member.user).exists()

    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    assert "Mijn geheime dagboeknotitie" in page.content.decode()
    html = client.get(reverse("privacy:export_html"))
    assert html.status_code == 200
    assert "attachment" in html["Content-Disposition"]
    assert "<script" not in html.content.decode()
    assert "Mijn geheime dagboeknotitie" in html.content.decode()


def test_the_export_takes_the_same_number_of_queries_with_more_data(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries: Any
) -> None:
    member = _full_member(tenant_a)
    client.force_login(member.user)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("privacy:export_json")).status_code == 200
    # More of everything that is a list: journal entries, modules done, answers, mails, endorsements, tips,
    # login sessions, scans, audit events.
    for index in range(4):
        module = make_module(f"extra-module-{index}", title=f"Extra module {index}")
        Progress.objects.create(user=member.user, item=module, completed_at=timezone.now())
        option = Option.objects.filter(question__item=module).select_related("question").first()
        assert option is not None
        Answer.objects.create(user=member.user, question=option.question, option=option, is_correct=False)
        Endorsement.objects.create(item=module, user=member.user)
        ColleagueTip.objects.create(
            item=module, sender=member.colleague, recipient=member.user, organisation=tenant_a.organisation
        )
        reflection_services.write_entry(member.user, f"Notitie {index}", meeting=tenant_a.meeting)
        Delivery.objects.create(user=member.user, kind="inschrijving", subject=f"Bericht {index}")
        LoginSession.objects.create(user=member.user, session_key=f"sessie-{index}", device="Edge")
        audit_services.record(member.user, tenant_a.organisation, Action.LOGIN)
    finished_scan(member.user, tenant_a.organisation)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("privacy:export_json")).status_code == 200


def test_deletion_waits_for_the_grace_period_and_then_leaves_nothing_linked(
    tenant_a: Tenant, client: Client
) -> None:
    member = _full_member(tenant_a)
    user_id = member.user.pk
    client.force_login(member.user)
    wrong = client.post(reverse("privacy:request_deletion"), {"password": "fout", "understood": "on"})
    assert wrong.status_code == 400
    assert "Dit is niet uw huidige wachtwoord." in wrong.content.decode()
    assert not DeletionRequest.objects.exists()

    response = client.post(reverse("privacy:request_deletion"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 200
    request = DeletionRequest.objects.get(user_id=user_id)
    assert request.due_at.date() == (timezone.now() + dt.timedelta(days=settings.DELETION_GRACE_DAYS)).date()
    assert client.get(reverse("accounts:account")).status_code == 302  # logged out
    assert AuditEvent.objects.filter(action=Action.DELETION_REQUESTED).exists()

    # Before the grace period ends, the job deletes nothing.
    assert services.execute_due_deletions(timezone.now() + dt.timedelta(days=29)) == 0
    assert User.objects.filter(pk=user_id).exists()

    completed_before = Progress.objects.filter(item=tenant_a.module, completed_at__isnull=False).count()
    evaluations_before = Evaluation.objects.count()
    assert services.execute_due_deletions(timezone.now() + dt.timedelta(days=31)) == 1

    # No row anywhere links to the member.
    assert not User.objects.filter(pk=user_id).exists()
    assert services.rows_linking_to(user_id) == {}
    # Personal content is gone.
    assert (
        not JournalEntry.objects.exists()
        or not JournalEntry.objects.filter(meeting=tenant_a.meeting).exists()
    )
    assert not Reflection.objects.exists()
    assert not Scan.objects.filter(organisation=tenant_a.organisation).exists()
    assert not DevelopmentPlan.objects.exists()
    assert not MentoringWish.objects.exists()
    assert not ColleagueTip.objects.exists()
    assert not TabSession.objects.filter(key="tab-lid-privacy").exists()
    assert TabSession.objects.filter(key=tenant_a.tab_key).exists()  # the griffier's stays
    assert not Delivery.objects.exists() and not Preference.objects.exists()
    # What must stay for the counts stays, without a link to the member.
    assert (
        Progress.objects.filter(item=tenant_a.module, completed_at__isnull=False).count() == completed_before
    )
    assert Evaluation.objects.count() == evaluations_before
    assert Evaluation.objects.filter(score=4, remark="").exists()
    assert Endorsement.objects.filter(item=tenant_a.module, show_name=False, note="").count() == 1
    assert StepCompletion.objects.count() == 1
    anonymous = Progress.objects.exclude(user=tenant_a.griffier).get().user
    assert not anonymous.is_active and not anonymous.email and not anonymous.has_usable_password()
    assert not Person.objects.filter(user=anonymous).exists()
    # The financial administration keeps the request, anonymised.
    claim = Claim.objects.get()
    assert claim.amount == Decimal("450.00") and claim.explanation == ""
    assert claim.person.full_name == "Voormalig lid" and claim.person.user_id is None
    assert AuditEntry.objects.get().actor_name == "(verwijderd)"
    # The functie stays in the council's history, nameless.
    assert Functie.objects.filter(person=claim.person).exists()
    assert "LidAadorp" not in str(list(Person.objects.values_list("given_name", "family_name")))
    # The future place went to the colleague on the waiting list.
    assert Signup.objects.get(user=member.colleague).status == SignupStatus.SIGNED_UP
    assert Signup.objects.filter(status=SignupStatus.SIGNED_UP).count() == 2  # the past one, anonymous
    # The trail: the member's own events are anonymous; the deletion is recorded without a name.
    assert not AuditEvent.objects.filter(actor_name__icontains="raadslid-aadorp").exists()
    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).actor_name == "(verwijderd)"
    executed = AuditEvent.objects.get(action=Action.DELETION_EXECUTED)
    assert executed.organisation == tenant_a.organisation and executed.actor is None
    assert MentorMeeting.objects.get().note == "" and MentorPair.objects.exists()
    assert MeetingQuestion.objects.get().set_by is None
    assert Curation.objects.get().created_by is None
    assert not RisIdentity.objects.exists() and not FeedToken.objects.exists()
    assert not Subscription.objects.exists()
    reset = AuditEvent.objects.get(action=Action.TWO_FACTOR_RESET)
    assert reset.target == "(verwijderd)" and reset.details == {"reason": "kwijt"}
    assert "member" not in AuditEvent.objects.get(action=Action.SIGNUP_FOR_MEMBER).details
    assert Practice.objects.get().created_by is None and Adoption.objects.get().adopted_by is None
    assert not Membership.objects.exists() and not EventSignup.objects.exists()
    assert list(Post.objects.values_list("body", flat=True)) == ["Welkom allemaal"]
    assert not PostReport.objects.exists() and SharedItem.objects.get().added_by is None
    assert not TotpDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert not EnrolmentDemand.objects.exists() and not Passkey.objects.exists()
    assert not Participation.objects.exists() and not GroupNote.objects.exists()
    assert Round.objects.get().created_by is None and Group.objects.exists()
    assert MidtermReflection.objects.get().created_by is None
    assert CouncilReaction.objects.get().written_by is None
    opt_in = MonitorOptIn.objects.get()
    assert opt_in.takes_part and opt_in.changed_by is None and opt_in.changed_by_name == ""


def test_logging_in_during_the_grace_period_cancels_the_deletion(tenant_a: Tenant, client: Client) -> None:
    member = _full_member(tenant_a)
    services.request_deletion(member.user)
    response = client.post(
        reverse("accounts:login"), {"username": member.user.username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert not DeletionRequest.objects.exists()
    assert "niet verwijderd" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.DELETION_CANCELLED, organisation=tenant_a.organisation
    ).exists()
    assert services.execute_due_deletions(timezone.now() + dt.timedelta(days=365)) == 0
    assert User.objects.filter(pk=member.user.pk).exists()


def test_a_deletion_stops_whole_when_a_row_would_still_link(tenant_a: Tenant, settings: object) -> None:
    member = _full_member(tenant_a)
    hooks = dict(settings.HOOKS)  # type: ignore[attr-defined]
    hooks["personal_data_erase"] = [h for h in hooks["personal_data_erase"] if ".learning." not in h]
    settings.HOOKS = hooks  # type: ignore[attr-defined]
    with pytest.raises(services.ErasureIncomplete, match="learning"):
        services.execute_deletion(member.user)
    assert User.objects.filter(pk=member.user.pk).exists()
    assert JournalEntry.objects.filter(user=member.user).exists()  # rolled back


def test_retention_anonymises_a_former_members_data_after_the_period(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    member = _full_member(tenant_a)
    # The member also sits in tenant B: that organisation's data is not touched.
    FunctieFactory(
        person=member.person,
        organisation=tenant_b.organisation,
        body=tenant_b.raad,
        role="raadslid",
        fractie=tenant_b.fractie,
        start_date=dt.date(2026, 1, 1),
    )
    finished_scan(member.user, tenant_b.organisation)
    Functie.objects.filter(person=member.person, organisation=tenant_a.organisation).update(
        start_date=dt.date(2022, 3, 30), end_date=dt.date(2026, 1, 31)
    )
    RetentionPeriod.objects.create(organisation=tenant_a.organisation, months=12)
    assert services.apply_retention(dt.date(2026, 12, 31)) == 0  # eleven months: kept
    assert Scan.objects.filter(user=member.user, organisation=tenant_a.organisation).exists()

    assert services.apply_retention(dt.date(2027, 2, 1)) == 1
    assert not Scan.objects.filter(organisation=tenant_a.organisation).exists()
    assert not DevelopmentPlan.objects.filter(organisation=tenant_a.organisation).exists()
    assert not Evaluation.objects.filter(user=member.user).exists()
    assert Evaluation.objects.filter(score=4).exists()  # the score still counts
    assert not MentoringWish.objects.exists()
    assert Claim.objects.get().explanation == ""
    assert Scan.objects.filter(user=member.user, organisation=tenant_b.organisation).exists()
    assert Progress.objects.filter(user=member.user).exists()  # a module belongs to no organisation
    assert User.objects.get(pk=member.user.pk).is_active
    run = AuditEvent.objects.get(action=Action.RETENTION_RUN)
    assert run.organisation == tenant_a.organisation and run.details["members"] == 1
    # Idempotent: nothing more to do the next day.
    assert services.apply_retention(dt.date(2027, 2, 2)) == 0
    assert AuditEvent.objects.filter(action=Action.RETENTION_RUN).count() == 1


def test_the_default_period_applies_without_a_choice(tenant_a: Tenant) -> None:
    assert selectors.retention_months(tenant_a.organisation) == settings.RETENTION_DEFAULT_MONTHS == 12
    assert services.months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert services.months_before(dt.date(2027, 1, 15), 12) == dt.date(2026, 1, 15)


def test_the_griffie_sets_the_retention_period(tenant_a: Tenant, client: Client) -> None:
    url = reverse("privacy_manage:retention", kwargs={"org": tenant_a.organisation.slug})
    client.force_login(tenant_a.user)
    assert client.get(url).status_code == 403
    client.force_login(tenant_a.griffier)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"months": "0"})
    assert bad.status_code == 400
    assert not RetentionPeriod.objects.exists()
    assert client.post(url, {"months": "24"}).status_code == 302
    assert selectors.retention_months(tenant_a.organisation) == 24
    assert AuditEvent.objects.filter(action=Action.RETENTION_SET, details__months=24).exists()


def test_the_privacy_job_is_scheduled() -> None:
    path, interval = settings.PERIODIC_TASKS["privacy"]
    assert path == "toerusting.privacy.tasks.privacy_task" and interval > 0


def test_opening_toerusting_from_the_ris_cancels_the_deletion(tenant_a: Tenant, client: Client) -> None:
    import time
    import uuid

    import jwt

    secret = "een-gedeeld-geheim-voor-de-privacytest-0123456789"
    tenant_a.ris.key = secret
    tenant_a.ris.save()
    RisIdentity.objects.create(connection=tenant_a.ris, subject="ris-lid", user=tenant_a.user)
    services.request_deletion(tenant_a.user)
    now = int(time.time())
    claims = {"iss": tenant_a.ris.issuer, "aud": "toerusting", "sub": "ris-lid", "org": "aadorp"}
    claims |= {"iat": now, "exp": now + 120, "jti": uuid.uuid4().hex, "role": "raadslid"}
    response = client.get(reverse("embed:launch"), {"token": jwt.encode(claims, secret, algorithm="HS256")})
    assert response.status_code == 302
    assert not DeletionRequest.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DELETION_CANCELLED).exists()


def test_the_operator_deletes_an_account_with_a_command(tenant_a: Tenant) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    member = _full_member(tenant_a)
    with pytest.raises(CommandError, match="--yes"):
        call_command("delete_account", member.user.username)
    with pytest.raises(CommandError, match="no account"):
        call_command("delete_account", "niemand", "--yes")
    assert User.objects.filter(pk=member.user.pk).exists()
    out = StringIO()
    call_command("delete_account", member.user.username, "--yes", stdout=out)
    assert "account deleted" in out.getvalue()
    assert services.rows_linking_to(member.user.pk) == {}
    assert not User.objects.filter(pk=member.user.pk).exists()
