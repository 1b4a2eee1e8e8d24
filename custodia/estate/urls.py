from django.urls import path

from . import views

app_name = "estate"
urlpatterns = [
    path("", views.prison_list, name="prison_list"),
    path("<int:prison_id>/", views.prison_detail, name="prison_detail"),
]
