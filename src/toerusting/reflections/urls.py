from django.urls import path

from toerusting.reflections import views

app_name = "reflections"
urlpatterns = [
    path("reflecties/", views.journal, name="journal"),
    path("reflecties/nieuw/", views.write, name="write"),
    path("reflecties/export.md", views.export_markdown, name="export_markdown"),
    path("reflecties/export.json", views.export_json, name="export_json"),
    path("reflecties/<int:entry_id>/verwijderen/", views.delete_entry, name="delete_entry"),
    path(
        "reflecties/module/<int:reflection_id>/verwijderen/",
        views.delete_module_reflection,
        name="delete_module_reflection",
    ),
    path("reflecties/alles-verwijderen/", views.delete_all, name="delete_all"),
    path("o/<slug:org>/terugblik/", views.trend, name="trend"),
    path("o/<slug:org>/terugblik.csv", views.trend_csv, name="trend_csv"),
    path("o/<slug:org>/vergadering/<int:meeting_id>/vraag/", views.question, name="question"),
    path("o/<slug:org>/vergadering/<int:meeting_id>/scherm/", views.screen, name="screen"),
    path("o/<slug:org>/vergadering/<int:meeting_id>/terugblik/", views.pulse, name="pulse"),
    path("o/<slug:org>/vergadering/<int:meeting_id>/uitkomst/", views.pulse_result, name="pulse_result"),
    path(
        "o/<slug:org>/vergadering/<int:meeting_id>/reflectie/",
        views.write_about_meeting,
        name="write_about_meeting",
    ),
]
