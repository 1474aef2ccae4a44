from django.urls import path

from toerusting.citizens import views

app_name = "citizens"
urlpatterns = [
    path("inwoners/<slug:org>/", views.results, name="results"),
    path("inwoners/<slug:org>/mening/", views.feedback, name="feedback"),
    path("o/<slug:org>/inwoners/", views.manage, name="manage"),
]
