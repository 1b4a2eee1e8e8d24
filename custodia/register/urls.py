from django.urls import path

from . import duplicate_views, print_views, views

app_name = "register"
urlpatterns = [
    path("", views.prisoner_list, name="prisoner_list"),
    path("admit/", views.admit, name="admit"),
    path("admit/cancel/", views.admission_cancel, name="admit_cancel"),
    path("flags/", views.admission_flags, name="flags"),
    path("moves/planned/", views.planned_move_list, name="planned_move_list"),
    path("duplicates/", duplicate_views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pair_id>/", duplicate_views.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:pair_id>/merge/", duplicate_views.duplicate_merge_view, name="duplicate_merge"),
    path("duplicates/<int:pair_id>/unmerge/", duplicate_views.duplicate_unmerge_view, name="duplicate_unmerge"),
    path("moves/planned/<int:planned_move_id>/cancel/", views.planned_move_cancel, name="planned_move_cancel"),
    path("<int:prisoner_id>/", views.prisoner_detail, name="prisoner_detail"),
    path("<int:prisoner_id>/file.pdf", print_views.file_pdf_view, name="file_pdf"),
    path("<int:prisoner_id>/own-copy.pdf", print_views.own_copy_pdf_view, name="own_copy_pdf"),
    path("<int:prisoner_id>/movements/new/", views.movement_create, name="movement_create"),
    path("<int:prisoner_id>/moves/planned/new/", views.planned_move_create, name="planned_move_create"),
    path("<int:prisoner_id>/legal-status/new/", views.legal_status_create, name="legal_status_create"),
    path("<int:prisoner_id>/photograph/", views.photograph_create, name="photograph_create"),
    path("<int:prisoner_id>/photograph.jpg", views.photograph_image, name="photograph_current"),
    path("<int:prisoner_id>/photographs/<int:photograph_id>.jpg", views.photograph_image, name="photograph_image"),
    path(
        "<int:prisoner_id>/photographs/<int:photograph_id>/thumbnail.jpg",
        views.photograph_image,
        {"thumbnail": True},
        name="photograph_thumbnail",
    ),
    path(
        "<int:prisoner_id>/admissions/<int:admission_id>/ill-treatment-action/",
        views.ill_treatment_action,
        name="ill_treatment_action",
    ),
]
