from django.urls import path

from toerusting.development import views

app_name = "development"
urlpatterns = [
    path("", views.home, name="home"),
    path("scan/nieuw/", views.scan_start, name="scan_start"),
    path("scan/<int:scan_id>/", views.profile, name="profile"),
    path("scan/<int:scan_id>/deel/<int:number>/", views.scan_step, name="scan_step"),
    path("scan/<int:scan_id>/360/", views.feedback_invite, name="feedback_invite"),
    path("360/<int:request_id>/", views.feedback_answer, name="feedback_answer"),
    path("delen/", views.share, name="share"),
    path("delen/<int:share_id>/stoppen/", views.share_stop, name="share_stop"),
    path("gedeeld/<int:share_id>/", views.shared, name="shared"),
    path("plan/", views.plan, name="plan"),
    path("plan/afdrukken/", views.plan_print, name="plan_print"),
    path("plan/opstellen/", views.plan_draft, name="plan_draft"),
    path("plan/evaluatie/", views.plan_edit, name="plan_edit"),
    path("plan/doel/", views.goal_add, name="goal_add"),
    path("plan/doel/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("plan/doel/<int:goal_id>/verwijderen/", views.goal_delete, name="goal_delete"),
    path("plan/doel/<int:goal_id>/actie/", views.action_add, name="action_add"),
    path("plan/actie/<int:action_id>/", views.action_edit, name="action_edit"),
    path("plan/actie/<int:action_id>/verwijderen/", views.action_delete, name="action_delete"),
    path("overzicht/", views.overview, name="overview"),
]
