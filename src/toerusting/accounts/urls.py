from django.urls import path

from toerusting.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("wachtwoord/", views.change_password, name="change_password"),
    path("sessies/beeindigen/", views.end_sessions, name="end_sessions"),
    path("wachtwoord-vergeten/", views.forgot_password, name="forgot_password"),
    path("wachtwoord-vergeten/verstuurd/", views.reset_sent, name="reset_sent"),
    path("wachtwoord-herstellen/<uidb64>/<token>/", views.reset_confirm, name="reset_confirm"),
    path("e-mailadres/", views.change_email, name="change_email"),
    path("e-mailadres/bevestigen/<token>/", views.confirm_email, name="confirm_email"),
]
