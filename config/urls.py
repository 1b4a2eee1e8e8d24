from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("custodia.core.urls")),
    path("accounts/", include("custodia.accounts.urls")),
    path("estate/", include("custodia.estate.urls")),
    path("prisoners/", include("custodia.register.urls")),
    path("prisoners/", include("custodia.placement.urls")),
    path("prisoners/", include("custodia.security.urls")),
    path("statistics/", include("custodia.oversight.urls")),
    path("assessments/", include("custodia.assessment.urls")),
    path("classification/", include("custodia.classification.urls")),
    prefix_default_language=True,
)
