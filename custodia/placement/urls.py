"""Mounted under /prisoners/ (config/urls.py), beside the prisoner file."""

from django.urls import path

from . import views

app_name = "placement"
urlpatterns = [
    path("<int:prisoner_id>/placement/", views.prisoner_placement, name="prisoner_placement"),
    path("separation/", views.oversight, name="oversight"),
    path("separation/exceptions/new/", views.exception_grant, name="exception_grant"),
    path("separation/exceptions/<int:exception_id>/close/", views.exception_close, name="exception_close"),
]
