"""Mounted under /incidents/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_create, name="create"),
    path("<int:incident_id>/", views.incident_detail, name="detail"),
    path("<int:incident_id>/edit/", views.incident_edit, name="edit"),
    path("<int:incident_id>/people/", views.involvement_add, name="involve"),
    path("people/<int:involvement_id>/remove/", views.involvement_remove, name="uninvolve"),
    path("<int:incident_id>/submit/", views.incident_submit, name="submit"),
    path("<int:incident_id>/review/", views.incident_review, name="review"),
    path("examinations/", views.examination_list, name="examinations"),
    path("examinations/<int:examination_id>/", views.examination_record, name="examination"),
]
