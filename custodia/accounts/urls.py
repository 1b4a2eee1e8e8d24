from django.contrib.auth import views as auth_views
from django.urls import path

from custodia.core.rights import PUBLIC, SIGNED_IN, requires

from . import two_factor, user_views
from .password_change import password_change
from .token_views import api_token_revoke, api_tokens
from .views import SignInView

urlpatterns = [
    # Django's views and one derived from them: their rights are declared here, on the view each
    # address serves (a class-based view's decorated dispatch hides a declaration on the class).
    path("login/", requires(GET=PUBLIC, POST=PUBLIC)(SignInView.as_view()), name="login"),
    path("logout/", requires(POST=SIGNED_IN)(auth_views.LogoutView.as_view()), name="logout"),
    path("password/", password_change, name="password_change"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("tokens/", api_tokens, name="api_tokens"),
    path("tokens/revoke/", api_token_revoke, name="api_token_revoke"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/new/", user_views.user_create, name="user_create"),
    path("users/<int:user_id>/", user_views.user_detail, name="user_detail"),
]
