from django.urls import path

from toerusting.linkcheck import views

app_name = "linkcheck"
urlpatterns = [
    path("linkcontrole/", views.operator_report, name="operator"),
    path("o/<slug:org>/linkcontrole/", views.own_report, name="own"),
    path("aanbieders/<slug:provider>/linkcontrole/", views.provider_report, name="provider"),
]
