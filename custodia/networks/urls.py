"""Mounted under /networks/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("", views.prison_list, name="prisons"),
    path("prisons/<int:prison_id>/", views.prison_network, name="prison"),
    path("prisoners/<int:prisoner_id>/", views.prisoner_network, name="prisoner"),
]
