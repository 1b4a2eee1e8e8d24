"""Mounted under /intelligence/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "intelligence"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("mine/", views.submission_list, name="submissions"),
    path("mine/<int:report_id>/", views.submission_detail, name="submission"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/grade/", views.report_grade, name="grade"),
    path("<int:report_id>/sanitise/", views.report_sanitise, name="sanitise"),
    path("<int:report_id>/share/", views.sharing_request, name="share"),
    path("sharings/<int:sharing_id>/decide/", views.sharing_decide, name="decide"),
    path("sharings/<int:sharing_id>/shared/", views.sharing_shared, name="shared"),
]
