"""Mounted under /intelligence/ (config/urls.py)."""

from django.urls import URLPattern

app_name = "intelligence"
urlpatterns: list[URLPattern] = []
