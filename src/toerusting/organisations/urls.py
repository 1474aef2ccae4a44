from django.urls import path

from toerusting.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("gremia/<int:body_id>/", views.body_detail, name="body"),
    path("fracties/<int:fractie_id>/", views.fractie_detail, name="fractie"),
    path("personen/<int:person_id>/", views.person_detail, name="person"),
    path("huisstijl/", views.house_style, name="house_style"),
    path("logo/<int:version>/", views.logo, name="logo"),
]
