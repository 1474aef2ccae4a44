from django.urls import path

from toerusting.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("mijn-gegevens.json", views.export_json, name="export_json"),
    path("mijn-gegevens.html", views.export_html, name="export_html"),
    path("verwijderen/", views.request_deletion, name="request_deletion"),
]
