from django.urls import path

from . import incidents, measures, rehabilitation, uncts, views

app_name = "oversight"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("classification/", views.classification, name="classification"),
    path("rehabilitation/", rehabilitation.rehabilitation, name="rehabilitation"),
    path("measures/", measures.measures, name="measures"),
    path("incidents/", incidents.incidents, name="incidents"),
    path("uncts/", uncts.uncts, name="uncts"),
]
