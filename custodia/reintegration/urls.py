from django.urls import path

from . import views

app_name = "reintegration"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("validation.csv", views.validation_csv, name="validation_csv"),
    path("prisoner/<int:prisoner_id>/", views.prisoner_plan, name="prisoner"),
    path("<int:release_plan_id>/", views.plan_detail, name="detail"),
    path("<int:release_plan_id>/pathway/", views.pathway_status, name="pathway_status"),
    path("<int:release_plan_id>/actions/", views.action_add, name="action_add"),
    path("<int:release_plan_id>/actions/done/", views.action_done, name="action_done"),
    path("<int:release_plan_id>/referrals/add/", views.referral_add, name="referral_add"),
    path("<int:release_plan_id>/follow-up/", views.follow_up, name="follow_up"),
    path("referrals/<int:referral_id>/consent/", views.referral_consent, name="consent"),
    path("referrals/<int:referral_id>/answer/", views.referral_answer, name="answer"),
    path("referrals/<int:referral_id>/summary.pdf", views.referral_summary, name="summary"),
]
