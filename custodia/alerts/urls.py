"""Mounted under /alerts/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/dismiss/", views.proposal_dismiss, name="proposal_dismiss"),
    path("set/", views.alert_set, name="set"),
    path("set/<int:prisoner_id>/", views.alert_set, name="set_for"),
    path("<int:alert_id>/", views.alert_detail, name="detail"),
    path("<int:alert_id>/end/", views.alert_end, name="end"),
    path("<int:alert_id>/planned-end/", views.alert_planned_end, name="planned_end"),
]
