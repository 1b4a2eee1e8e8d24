"""International Classification of Crime for Statistical Purposes (ICCS 2015, UNODC):
the codes the service uses. The national wording of an offence is kept
beside the code on each offence."""

from django.utils.translation import gettext_lazy as _

CODES = {
    "0101": _("Intentional homicide"),
    "0102": _("Attempted intentional homicide"),
    "0103": _("Non-intentional homicide"),
    "0201": _("Assaults and threats"),
    "0202": _("Acts against liberty"),
    "0204": _("Trafficking in persons"),
    "0301": _("Sexual violence"),
    "0401": _("Robbery"),
    "0501": _("Burglary"),
    "0502": _("Theft"),
    "06011": _(
        "Unlawful possession, purchase, use, cultivation or production of controlled drugs for personal consumption"
    ),
    "06012": _("Unlawful trafficking, cultivation or production of controlled drugs not for personal consumption"),
    "0701": _("Fraud"),
    "0703": _("Corruption"),
    "0901": _("Acts involving weapons, explosives and other destructive materials"),
    "09051": _("Participation in an organized criminal group"),
    "09061": _("Participation in a terrorist group"),
    "09062": _("Financing of terrorism"),
    "09069": _("Other acts related to terrorism"),
}

# Codes that are terrorism offences by definition; any other offence may still be flagged
# as terrorism-linked by the person recording it.
TERRORISM_CODES = frozenset({"09061", "09062", "09069"})


def label(code: str) -> str:
    return str(CODES.get(code, code))


def choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {text}") for code, text in CODES.items()]
