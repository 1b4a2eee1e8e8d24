from django.urls import path

from . import views

app_name = "classification"
urlpatterns = [
    path("reviews/", views.reviews, name="reviews"),
    path("proposals/", views.proposals, name="proposals"),
    path("propose/<int:prisoner_id>/", views.propose, name="propose"),
    path("<int:decision_id>/", views.decision_detail, name="detail"),
    path("<int:decision_id>/approve/", views.decision_approve, name="approve"),
    path("<int:decision_id>/return/", views.decision_return, name="return"),
    path("<int:decision_id>/information/", views.decision_information, name="information"),
    path("<int:decision_id>/appeal/", views.decision_appeal, name="appeal"),
    path("<int:decision_id>/review-date/", views.review_date, name="review_date"),
]
