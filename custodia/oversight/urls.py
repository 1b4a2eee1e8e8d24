from django.urls import path

from . import compliance_page, incidents, measures, rehabilitation, uncts, views

app_name = "oversight"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("classification/", views.classification, name="classification"),
    path("rehabilitation/", rehabilitation.rehabilitation, name="rehabilitation"),
    path("measures/", measures.measures, name="measures"),
    path("incidents/", incidents.incidents, name="incidents"),
    path("uncts/", uncts.uncts, name="uncts"),
    path("compliance/", compliance_page.compliance, name="compliance"),
    path("compliance/<str:key>/<int:prison_id>/", compliance_page.compliance_people, name="compliance_people"),
]
