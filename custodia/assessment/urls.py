from django.urls import path

from . import validation_views, views

app_name = "assessment"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("start/<int:prisoner_id>/", views.assessment_start, name="start"),
    path("events/<int:prisoner_id>/", views.trigger_create, name="trigger_create"),
    path("<int:assessment_id>/", views.assessment_detail, name="detail"),
    path("<int:assessment_id>/edit/", views.assessment_edit, name="edit"),
    path("<int:assessment_id>/discard/", views.assessment_discard, name="discard"),
    path("<int:assessment_id>/countersign/", views.assessment_countersign, name="countersign"),
    path("<int:assessment_id>/return/", views.assessment_return, name="return"),
    path("validation/", validation_views.instrument_validation, name="validation"),
]
