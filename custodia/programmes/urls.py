from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("prison/<int:prison_id>/add/", views.programme_add, name="add"),
    path("<int:programme_id>/", views.programme_detail, name="detail"),
    path("<int:programme_id>/edit/", views.programme_edit, name="edit"),
    path("<int:programme_id>/sessions/", views.sessions_schedule, name="schedule"),
    path("sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path("participations/<int:participation_id>/allocate/", views.allocate, name="allocate"),
    path("participations/<int:participation_id>/decline/", views.decline, name="decline"),
    path("participations/<int:participation_id>/end/", views.end, name="end"),
    path("refer/<int:prisoner_id>/", views.refer, name="refer"),
]
