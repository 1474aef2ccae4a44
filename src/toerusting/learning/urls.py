from django.urls import path

from toerusting.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.my_learning, name="mine"),
    path("<slug:slug>/", views.module, name="module"),
    path("<slug:slug>/stap/<int:number>/", views.step, name="step"),
    path("<slug:slug>/gedaan/", views.mark_done, name="done"),
]
