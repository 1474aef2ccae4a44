from django.urls import path

from toerusting.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("wens/", views.wish, name="wish"),
    path("voorstel/<int:proposal_id>/antwoord/", views.respond, name="respond"),
    path("koppel/<int:pair_id>/", views.pair_page, name="pair"),
    path("koppel/<int:pair_id>/gesprek/", views.log_meeting, name="log_meeting"),
    path("koppel/<int:pair_id>/beeindigen/", views.end_pair, name="end_pair"),
    path("griffie/", views.griffie_page, name="griffie"),
    path("koppelen/", views.propose, name="propose"),
    path("trainer/nieuw/", views.track_create, name="track_create"),
    path("trainer/<int:track_id>/", views.track_page, name="track"),
    path("trainer/<int:track_id>/aftekenen/", views.sign_off, name="sign_off"),
]
