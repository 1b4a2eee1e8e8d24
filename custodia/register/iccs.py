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


# The eleven sections (level 1) of ICCS 2015: the first two digits of every code. UN-CTS asks for
# the people sentenced by the section of their most serious offence (oversight.rules).
SECTIONS = {
    "01": _("Acts leading to death or intending to cause death"),
    "02": _("Acts causing harm or intending to cause harm to the person"),
    "03": _("Injurious acts of a sexual nature"),
    "04": _("Acts against property involving violence or threat against a person"),
    "05": _("Acts against property only"),
    "06": _("Acts involving controlled psychoactive substances or other drugs"),
    "07": _("Acts involving fraud, deception or corruption"),
    "08": _("Acts against public order, authority and provisions of the State"),
    "09": _("Acts against public safety and state security"),
    "10": _("Acts against the natural environment"),
    "11": _("Other criminal acts not elsewhere classified"),
}


def section_of(code: str) -> str:
    """The ICCS section of a code ("0101" -> "01"); "" for a code that names none."""
    return code[:2] if code[:2] in SECTIONS else ""
