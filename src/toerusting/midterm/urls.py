from django.urls import path

from toerusting.midterm import views

app_name = "midterm"
urlpatterns = [
    path("", views.home, name="home"),
    path("nieuw/", views.create, name="create"),
    path("<int:midterm_id>/invullen/", views.answer, name="answer"),
    path("<int:midterm_id>/verslag/", views.report, name="report"),
]
