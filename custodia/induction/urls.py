"""Mounted under /induction/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "induction"
urlpatterns = [
    path("sheet/<str:language>/", views.sheet_page, name="sheet"),
    path("sheet/<str:language>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    path("prisoners/<int:prisoner_id>/", views.person, name="person"),
    path("awaiting/", views.awaiting, name="awaiting"),
]
