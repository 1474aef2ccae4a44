from django.urls import path

from toerusting.planner import views
from toerusting.planner.views import signups

app_name = "planner"
urlpatterns = [
    path("", views.plan_page, name="plan"),
    path("activiteit/nieuw/", views.activity_create, name="activity_create"),
    path("activiteit/<int:activity_id>/", views.activity_page, name="activity"),
    path("activiteit/<int:activity_id>/bewerken/", views.activity_edit, name="activity_edit"),
    path("activiteit/<int:activity_id>/verwijderen/", views.activity_delete, name="activity_delete"),
    path("regel/<int:rule_id>/verwijderen/", views.rule_delete, name="rule_delete"),
    path("periode/", views.period_add, name="period_add"),
    path("periode/<int:period_id>/verwijderen/", views.period_delete, name="period_delete"),
    path("pc-moment/", views.milestone_add, name="milestone_add"),
    path("pc-moment/<int:milestone_id>/verwijderen/", views.milestone_delete, name="milestone_delete"),
    path("inplannen/", views.schedule, name="schedule"),
    path("publiceren/", views.publish, name="publish"),
    path("tijdlijn/", views.timeline, name="timeline"),
    path("leden/", views.members, name="members"),
    path("leden/<int:person_id>/", views.member, name="member"),
    path("sessie/<int:planned_id>/", views.session_page, name="session"),
    path("mijn/", views.my_plan, name="mine"),
    path("mijn/nieuw-adres/", views.revoke_my_feed, name="revoke_my_feed"),
    path("mijn/stap/<int:step_id>/", views.step_toggle, name="step_toggle"),
    path("mijn/agenda.ics", views.my_feed, name="my_feed"),
    path("agenda.ics", views.organisation_feed, name="feed"),
    path("agenda-adres/", views.organisation_feed_address, name="feed_address"),
    path("inschrijvingen/", signups.signups, name="signups"),
    path("inschrijvingen/<int:list_id>/", signups.signup_page, name="signup_page"),
    path("inschrijvingen/<int:list_id>/inschrijven/", signups.sign_up, name="sign_up"),
    path("inschrijvingen/<int:list_id>/afmelden/", signups.sign_off, name="sign_off"),
    path(
        "inschrijvingen/<int:list_id>/namens/inschrijven/",
        signups.sign_up_for_member,
        name="sign_up_for_member",
    ),
    path(
        "inschrijvingen/<int:list_id>/namens/afmelden/",
        signups.sign_off_for_member,
        name="sign_off_for_member",
    ),
    path("inschrijvingen/<int:list_id>/uitnodiging.ics", signups.invitation, name="invitation"),
    path("inschrijvingen/<int:list_id>/lijst.csv", signups.signup_csv, name="signup_csv"),
]
