from django.urls import path

from toerusting.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    # A meeting's page (o/<org>/agenda/<id>/) is recommendations:meeting: the agenda with what helps to
    # prepare it.
]
