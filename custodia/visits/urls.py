"""Mounted under /visits/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("sessions/<int:visit_session_id>/", views.session_detail, name="session"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking"),
    path("bookings/<int:booking_id>/record/", views.booking_record, name="record"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="cancel"),
    path("prisoners/<int:prisoner_id>/", views.person_visits, name="person"),
    path("prisoners/<int:prisoner_id>/book/", views.book, name="book"),
    path("rooms/", views.rooms, name="rooms"),
    path("no-contact/", views.no_contact, name="no_contact"),
    path("figures/", views.figures, name="figures"),
]
