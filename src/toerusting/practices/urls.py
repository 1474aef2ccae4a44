from django.urls import path

from toerusting.practices import views

app_name = "practices"
urlpatterns = [
    # The public library (published practices need no login) and the operator's moderation.
    path("goede-voorbeelden/", views.library, name="library"),
    path("goede-voorbeelden/ambassadeursraden/", views.ambassadors, name="ambassadors"),
    path("goede-voorbeelden/moderatie/", views.moderation, name="moderation"),
    path("goede-voorbeelden/<int:practice_id>/", views.detail, name="detail"),
    path("goede-voorbeelden/<int:practice_id>/beoordelen/", views.moderate, name="moderate"),
    # The griffie's own practices, adopting into the term plan and the contact for peers.
    path("o/<slug:org>/goede-voorbeelden/", views.own, name="own"),
    path("o/<slug:org>/goede-voorbeelden/nieuw/", views.create, name="create"),
    path("o/<slug:org>/goede-voorbeelden/<int:practice_id>/bewerken/", views.edit, name="edit"),
    path("o/<slug:org>/goede-voorbeelden/<int:practice_id>/indienen/", views.submit, name="submit"),
    path("o/<slug:org>/goede-voorbeelden/overnemen/", views.adopt, name="adopt"),
    path("o/<slug:org>/goede-voorbeelden/contact/", views.peer_contact, name="peer_contact"),
]
