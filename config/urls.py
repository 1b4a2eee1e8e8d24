from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from config.api import api
from custodia.core.rights import PUBLIC, requires
from custodia.oversight import training as training_coverage
from custodia.training.urls import verify_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    # Django's language switch (the address django.conf.urls.i18n gives it), open to everyone.
    path("i18n/setlang/", requires(POST=PUBLIC)(set_language), name="set_language"),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("custodia.core.urls")),
    path("accounts/", include("custodia.accounts.urls")),
    path("estate/", include("custodia.estate.urls")),
    path("prisoners/", include("custodia.register.urls")),
    path("prisoners/", include("custodia.placement.urls")),
    path("prisoners/", include("custodia.security.urls")),
    path("measures/", include("custodia.measures.urls")),
    path("incidents/", include("custodia.incidents.urls")),
    path("alerts/", include("custodia.alerts.urls")),
    path("intelligence/", include("custodia.intelligence.urls")),
    path("networks/", include("custodia.networks.urls")),
    path("security-audits/", include("custodia.securityaudits.urls")),
    path("contacts/", include("custodia.contact.urls")),
    path("induction/", include("custodia.induction.urls")),
    path("visits/", include("custodia.visits.urls")),
    path("complaints/", include("custodia.complaints.urls")),
    # The coverage of staff training is one of oversight's pages of figures, beside the training pages.
    path("training/coverage/", training_coverage.coverage, name="training_coverage"),
    path("training/", include("custodia.training.urls")),
    # The public check of a certificate's code: no sign-in (training.views.verify_code).
    path("verify/", include(verify_patterns)),
    path("statistics/", include("custodia.oversight.urls")),
    path("jobs/", include("custodia.jobs.urls")),
    path("assessments/", include("custodia.assessment.urls")),
    path("classification/", include("custodia.classification.urls")),
    path("sentence-plans/", include("custodia.plans.urls")),
    path("programmes/", include("custodia.programmes.urls")),
    path("reintegration/", include("custodia.reintegration.urls")),
    prefix_default_language=True,
)
