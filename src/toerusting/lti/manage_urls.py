from django.urls import path

from toerusting.lti import manage_views

app_name = "ltiplatforms"
urlpatterns = [
    path("", manage_views.platforms, name="list"),
    path("nieuw/", manage_views.platform, name="new"),
    path("<int:registration_id>/", manage_views.platform, name="edit"),
]
