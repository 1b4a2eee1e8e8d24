"""Mounted under /prisoners/ (config/urls.py), beside the prisoner file."""

from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("non-associations/", views.non_association_list, name="non_association_list"),
    path("<int:prisoner_id>/non-associations/new/", views.non_association_open, name="non_association_open"),
    path("non-associations/<int:non_association_id>/close/", views.non_association_close, name="non_association_close"),
]
