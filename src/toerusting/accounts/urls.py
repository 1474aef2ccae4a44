from django.urls import path

from toerusting.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("wachtwoord/", views.change_password, name="change_password"),
    path("sessies/beeindigen/", views.end_sessions, name="end_sessions"),
]
