from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.prisoner_list, name="prisoner_list"),
    path("admit/", views.admit, name="admit"),
    path("flags/", views.admission_flags, name="flags"),
    path("<int:prisoner_id>/", views.prisoner_detail, name="prisoner_detail"),
    path("<int:prisoner_id>/movements/new/", views.movement_create, name="movement_create"),
    path("<int:prisoner_id>/legal-status/new/", views.legal_status_create, name="legal_status_create"),
    path(
        "<int:prisoner_id>/admissions/<int:admission_id>/ill-treatment-action/",
        views.ill_treatment_action,
        name="ill_treatment_action",
    ),
]
