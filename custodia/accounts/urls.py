from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor
from .token_views import api_token_revoke, api_tokens

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("tokens/", api_tokens, name="api_tokens"),
    path("tokens/revoke/", api_token_revoke, name="api_token_revoke"),
]
