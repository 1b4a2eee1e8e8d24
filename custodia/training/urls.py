"""Mounted under /training/ (config/urls.py); the public check of a certificate, /verify/, and the
coverage page, /training/coverage/ (oversight's figure page), are mounted there too."""

from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.staff_list, name="staff"),
    path("staff/add/", views.staff_add, name="staff_add"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:staff_id>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:staff_id>/recognise/", views.certificate_recognise, name="recognise"),
    path("courses/", views.course_list, name="courses"),
    path("courses/<str:course_code>/", views.course_detail, name="course"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/plan/", views.session_plan, name="session_plan"),
    path("sessions/<int:training_session_id>/", views.session_detail, name="session"),
    path("sessions/<int:training_session_id>/participants/", views.participants, name="participants"),
    path("sessions/<int:training_session_id>/results/", views.results, name="results"),
    path("sessions/<int:training_session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("elearning/", views.elearning, name="elearning"),
    path("elearning/<int:elearning_import_id>/", views.elearning_report, name="elearning_report"),
    path("certificates/<int:certificate_id>.pdf", views.certificate_download, name="certificate_pdf"),
]

# The public check of a certificate, mounted at /verify/ by config/urls.py (no sign-in).
verify_patterns = [
    path("", views.verify, name="verify"),
    path("<str:certificate_code>/", views.verify_code, name="verify_code"),
]
