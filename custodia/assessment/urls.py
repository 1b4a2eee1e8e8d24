from django.urls import path

from . import validation_views

app_name = "assessment"
urlpatterns = [
    path("validation/", validation_views.instrument_validation, name="validation"),
]
