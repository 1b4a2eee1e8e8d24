from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityAuditsConfig(AppConfig):
    name = "custodia.securityaudits"
    label = "securityaudits"
    verbose_name = _("Prison security audits")
