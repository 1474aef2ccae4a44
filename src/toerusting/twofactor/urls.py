from django.urls import path

from toerusting.twofactor import passkey_views, views

app_name = "twofactor"
urlpatterns = [
    path("account/tweestaps/", views.setup, name="setup"),
    path("account/tweestaps/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("account/tweestaps/uitzetten/", views.disable, name="disable"),
    path("account/tweestaps/code/", views.verify, name="verify"),
    path("account/tweestaps/sleutels/", passkey_views.passkey_list, name="passkeys"),
    path(
        "account/tweestaps/sleutels/opties/",
        passkey_views.registration_options,
        name="passkey_registration_options",
    ),
    path(
        "account/tweestaps/sleutels/<int:passkey_id>/verwijderen/",
        passkey_views.remove,
        name="passkey_remove",
    ),
    path("account/tweestaps/sleutel/", passkey_views.login, name="passkey_login"),
    path(
        "account/tweestaps/sleutel/opties/",
        passkey_views.authentication_options,
        name="passkey_login_options",
    ),
    path("o/<slug:org>/tweestaps/", views.people, name="people"),
    path("o/<slug:org>/tweestaps/<int:user_id>/herstellen/", views.reset, name="reset"),
]
