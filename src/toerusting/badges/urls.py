from django.urls import path

from toerusting.badges import views

app_name = "badges"
urlpatterns = [
    # Public: the verification page, a shared badge, and each issuer's profile and keys.
    path("badges/controleren/", views.verify, name="verify"),
    path("badges/gedeeld/<uuid:award_uid>/", views.shared, name="shared"),
    path("badges/uitgever/<slug:org>/", views.issuer, name="issuer"),
    path("badges/uitgever/<slug:org>/sleutels.json", views.jwks, name="jwks"),
    path("badges/uitgever/<slug:org>/intrekkingen/", views.status_list, name="status_list"),
    # The member's badges of an organisation.
    path("o/<slug:org>/badges/", views.mine, name="mine"),
    path("o/<slug:org>/badges/<int:award_id>/", views.award, name="award"),
    path("o/<slug:org>/badges/<int:award_id>/badge.json", views.download_signed, name="download_signed"),
    path("o/<slug:org>/badges/<int:award_id>/leesbaar.json", views.download_plain, name="download_plain"),
    # The griffie's badges.
    path("o/<slug:org>/badges/beheer/", views.manage, name="manage"),
    path("o/<slug:org>/badges/beheer/nieuw/", views.create, name="create"),
    path("o/<slug:org>/badges/beheer/<int:definition_id>/", views.edit, name="edit"),
    path("o/<slug:org>/badges/beheer/toekenning/<int:award_id>/intrekken/", views.revoke, name="revoke"),
]
