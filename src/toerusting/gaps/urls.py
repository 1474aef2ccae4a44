from django.urls import path

from toerusting.gaps import views

app_name = "gaps"
urlpatterns = [
    path("witte-vlekken/", views.overview, name="overview"),
]
