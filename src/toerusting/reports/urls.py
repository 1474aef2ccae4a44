from django.urls import path

from toerusting.reports import views

app_name = "reports"
urlpatterns = [
    path("o/<slug:org>/rapportages/", views.overview, name="overview"),
    path("o/<slug:org>/rapportages/jaarverslag/", views.yearly, name="yearly"),
    path("o/<slug:org>/rapportages/landelijke-monitor/", views.monitor_opt_in, name="monitor_opt_in"),
    path("o/<slug:org>/rapportages/<slug:report>.csv", views.export, name="export"),
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/<slug:report>.csv", views.monitor_export, name="monitor_export"),
]
