from django.urls import path

from toerusting.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("account/tweestaps/", views.setup, name="setup"),
    path("account/tweestaps/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("account/tweestaps/uitzetten/", views.disable, name="disable"),
    path("account/tweestaps/code/", views.verify, name="verify"),
    path("o/<slug:org>/tweestaps/", views.people, name="people"),
    path("o/<slug:org>/tweestaps/<int:user_id>/herstellen/", views.reset, name="reset"),
]
