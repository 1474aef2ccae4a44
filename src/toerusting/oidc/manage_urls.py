from django.urls import path

from toerusting.oidc import views

app_name = "oidc_manage"
urlpatterns = [
    path("", views.manage, name="settings"),
]
