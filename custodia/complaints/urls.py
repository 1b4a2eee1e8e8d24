"""Mounted under /complaints/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_add, name="add"),
    path("figures/", views.figures, name="figures"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    path("<int:complaint_id>/answer/", views.complaint_answer, name="answer"),
    path("<int:complaint_id>/appeal/", views.complaint_appeal, name="appeal"),
    path("<int:complaint_id>/appeal-answer/", views.complaint_appeal_answer, name="appeal_answer"),
    path("<int:complaint_id>/referral/", views.complaint_refer, name="refer"),
    path("<int:complaint_id>/close/", views.complaint_close, name="close"),
]
