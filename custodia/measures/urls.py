"""Mounted under /measures/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("impose/<int:prisoner_id>/", views.measure_impose, name="impose"),
    path("<int:measure_id>/", views.measure_detail, name="detail"),
    path("<int:measure_id>/extend/", views.measure_extend, name="extend"),
    path("<int:measure_id>/end/", views.measure_end, name="end"),
    path("<int:measure_id>/review/", views.measure_review, name="review"),
    path("<int:measure_id>/told/", views.measure_told, name="told"),
    path("<int:measure_id>/appeals/", views.appeal_lodge, name="appeal_lodge"),
    path("appeals/<int:appeal_id>/decide/", views.appeal_decide, name="appeal_decide"),
    path("<int:measure_id>/health-visits/", views.health_visit, name="health_visit"),
]
