from django.urls import path

from toerusting.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("aanvragen/", views.request_claim, name="request"),
    path("aanvraag/<int:claim_id>/", views.claim_page, name="claim"),
    path("aanvraag/<int:claim_id>/intrekken/", views.withdraw, name="withdraw"),
    path("aanvraag/<int:claim_id>/besluit/", views.decide, name="decide"),
    path("griffie/", views.griffie_page, name="griffie"),
    path("regels/", views.rules, name="rules"),
    path("overzicht/", views.overview, name="overview"),
    path("export.csv", views.export, name="export"),
]
