"""Mounted under /security-audits/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "securityaudits"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_start, name="start"),
    path("<int:audit_id>/", views.audit_detail, name="detail"),
    path("<int:audit_id>/ratings/", views.ratings_record, name="rate"),
    path("<int:audit_id>/actions/", views.action_recommend, name="recommend"),
    path("<int:audit_id>/final/", views.audit_finalise, name="finalise"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:action_id>/done/", views.action_done, name="done"),
]
