from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("classification/", views.classification, name="classification"),
]
