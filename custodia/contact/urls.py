"""Mounted under /contacts/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "contact"
urlpatterns = [
    path("prisoners/<int:prisoner_id>/", views.contact_list, name="list"),
    path("prisoners/<int:prisoner_id>/new/", views.contact_add, name="add"),
    path("family/<int:family_member_id>/", views.contact_from_family, name="from_family"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
    path("<int:contact_id>/approval/", views.contact_approve, name="approve"),
    path("<int:contact_id>/restrictions/", views.restriction_impose, name="restrict"),
    path("restrictions/<int:restriction_id>/lift/", views.restriction_lift, name="lift"),
    path("restrictions/<int:restriction_id>/review/", views.restriction_review, name="review"),
    path("reviews/", views.review_list, name="reviews"),
]
