"""Mounted under /visits/ (config/urls.py)."""

app_name = "visits"
urlpatterns: list = []
