from django.urls import path

from toerusting.intervision import views

app_name = "intervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("ronde/nieuw/", views.round_create, name="round_create"),
    path("ronde/<int:round_id>/", views.round_page, name="round"),
    path("ronde/<int:round_id>/aanmelden/", views.signup, name="signup"),
    path("ronde/<int:round_id>/indelen/", views.form_groups, name="form_groups"),
    path("ronde/<int:round_id>/verplaatsen/", views.move, name="move"),
    path("ronde/<int:round_id>/vastzetten/", views.freeze, name="freeze"),
    path("groep/<int:group_id>/", views.group_page, name="group"),
    path("groep/<int:group_id>/notitie/", views.add_note, name="add_note"),
    path("groep/<int:group_id>/intervisie.ics", views.group_ical, name="group_ical"),
]
