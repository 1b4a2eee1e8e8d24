"""Mounted under /alerts/ (config/urls.py)."""

from django.urls import URLPattern

app_name = "alerts"
urlpatterns: list[URLPattern] = []
