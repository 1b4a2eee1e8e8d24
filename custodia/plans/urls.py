from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("start/<int:prisoner_id>/", views.plan_start, name="start"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/view/", views.plan_view, name="view"),
    path("<int:plan_id>/agree/", views.plan_agree, name="agree"),
    path("<int:plan_id>/review/", views.plan_review, name="review"),
    path("<int:plan_id>/objectives/add/", views.objective_add, name="objective_add"),
    path("objectives/<int:objective_id>/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:objective_id>/set-aside/", views.objective_set_aside, name="objective_set_aside"),
    path("objectives/<int:objective_id>/decline/", views.objective_decline, name="objective_decline"),
    path("objectives/<int:objective_id>/status/", views.objective_status, name="objective_status"),
    path("objectives/<int:objective_id>/note/", views.objective_note, name="objective_note"),
]
