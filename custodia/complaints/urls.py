"""Mounted under /complaints/ (config/urls.py)."""

app_name = "complaints"
urlpatterns: list = []
