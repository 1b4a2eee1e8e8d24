"""The figures a demo prison service is built to, as the statistics page counts them.

Pure data, no database: the builder, its tests and the statistics page tests all read the
same numbers from here.

Definitions (those of the statistics page):
- population: prisoners on roll (`Prisoner.objects.on_roll()`, current prison set);
- legal status: `Prisoner.legal_status` of those on roll;
- VEP: a prisoner with at least one offence with `terrorism_link=True`;
- occupancy: population / sum of `Prison.official_capacity` of prisons in use;
- closed setting: a prison whose type is neither semi-open nor open.

The headline figures at scale 1.0 are those the VEP programme reported for 2020 (Uganda,
Kazakhstan, Tunisia); where it gave none (Kazakhstan's and Tunisia's capacity and estate,
shares of each legal status) the figures are realistic choices, said so beside them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

COUNTRIES = ("uganda", "kazakhstan", "tunisia")


@dataclass(frozen=True)
class Scenario:
    """Counts of one demo service. Every sub-figure adds up to its total (checked on creation)."""

    country: str
    population: int  # on roll
    prisons: int  # in use
    capacity: int  # sum of official capacity of the prisons in use
    pre_trial: int  # on roll, VEPs included
    under_appeal: int  # on roll, never a VEP
    civil: int  # on roll, never a VEP
    vep_convicted: int  # on roll, legal status "convicted", with a convicted terrorism-linked offence
    vep_pre_trial: int  # on roll, legal status "pre_trial", with a charged terrorism-linked offence
    vep_semi_open: int  # of vep_convicted, held in semi-open prisons (the rest are in closed settings)
    vep_probation: int  # not on roll: convicted VEPs released to probation (legal status "probation")
    returnees_men: int  # on roll, all convicted VEPs in closed settings
    returnees_women: int
    # Not on roll, so outside every figure above; they give the files a history.
    released: int
    escaped: int
    deceased: int
    # Prisons in use by type; the values add up to `prisons`.
    prison_types: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "prison_types", MappingProxyType(dict(self.prison_types)))
        problems = [name for name, value in vars(self).items() if isinstance(value, int) and value < 0]
        if problems:
            raise ValueError(f"{self.country}: negative figures: {', '.join(problems)}")
        if sum(self.prison_types.values()) != self.prisons:
            raise ValueError(
                f"{self.country}: prison types add up to {sum(self.prison_types.values())}, not {self.prisons}"
            )
        if self.convicted < self.vep_convicted:
            raise ValueError(f"{self.country}: fewer convicted ({self.convicted}) than convicted VEPs")
        if self.pre_trial < self.vep_pre_trial:
            raise ValueError(f"{self.country}: fewer pre-trial ({self.pre_trial}) than pre-trial VEPs")
        if self.vep_semi_open > self.vep_convicted or self.returnees > self.vep_closed:
            raise ValueError(f"{self.country}: semi-open VEPs or returnees exceed the convicted VEPs")
        if self.vep_semi_open and not self.prison_types.get("semi_open"):
            raise ValueError(f"{self.country}: VEPs in semi-open prisons but no semi-open prison")

    @property
    def convicted(self) -> int:
        """On roll with legal status "convicted"."""
        return self.population - self.pre_trial - self.under_appeal - self.civil

    @property
    def vep_on_roll(self) -> int:
        return self.vep_convicted + self.vep_pre_trial

    @property
    def vep_total(self) -> int:
        """Every VEP with a file: on roll and on probation."""
        return self.vep_on_roll + self.vep_probation

    @property
    def vep_closed(self) -> int:
        """Convicted VEPs held in closed settings (any prison type but semi-open and open)."""
        return self.vep_convicted - self.vep_semi_open

    @property
    def terrorism_convicted(self) -> int:
        """Persons convicted of terrorism or extremism offences: in prison and on probation."""
        return self.vep_convicted + self.vep_probation

    @property
    def returnees(self) -> int:
        return self.returnees_men + self.returnees_women

    @property
    def occupancy_percent(self) -> int:
        return round(100 * self.population / self.capacity) if self.capacity else 0

    def scaled(self, scale: float) -> "Scenario":
        return scaled(self, scale)


# The smallest official capacity a prison may have, so that it has at least a unit and a few cells.
MIN_PRISON_CAPACITY = 10

UGANDA = Scenario(
    country="uganda",
    population=63_581,
    prisons=253,
    capacity=19_746,  # 63,581 / 19,746 = 322 %
    pre_trial=34_970,  # 55 %
    under_appeal=950,  # choice: convicts whose appeal is pending
    civil=160,  # choice: civil debtors
    vep_convicted=16,
    vep_pre_trial=142,
    vep_semi_open=0,
    vep_probation=0,
    returnees_men=0,
    returnees_women=0,
    released=2_600,
    escaped=12,
    deceased=25,
    # Main and district prisons, remand prisons, prison farms, pre-release camps, women's prisons
    # and one young offenders' prison.
    prison_types={"closed": 140, "remand": 62, "open": 28, "semi_open": 10, "women": 12, "juvenile": 1},
)

KAZAKHSTAN = Scenario(
    country="kazakhstan",
    population=29_402,
    prisons=80,  # choice: about 80 institutions
    capacity=33_820,  # choice: a bit above the population (87 %)
    pre_trial=4_215,  # choice: held in pre-trial detention centres
    under_appeal=610,  # choice: sentence not yet in force
    civil=0,  # not a legal status in Kazakhstan's profile
    vep_convicted=630,  # 721 convicted of terrorism or extremism = 630 held + 91 on probation
    vep_pre_trial=0,
    vep_semi_open=2,  # so 628 in closed settings
    vep_probation=91,
    returnees_men=33,
    returnees_women=12,
    released=1_300,
    escaped=3,
    deceased=15,
    prison_types={"closed": 42, "remand": 18, "semi_open": 14, "women": 4, "juvenile": 2},
)

TUNISIA = Scenario(
    country="tunisia",
    population=22_694,
    prisons=28,  # choice: 27 prisons and one women's prison, juvenile centres included
    capacity=17_460,  # choice: 130 % occupancy
    pre_trial=10_780,  # choice: 47.5 %
    under_appeal=1_150,
    civil=95,  # imprisonment for debt
    vep_convicted=610,  # choice: of the 1,000 VEPs
    vep_pre_trial=390,
    vep_semi_open=0,
    vep_probation=0,
    returnees_men=0,
    returnees_women=0,
    released=1_500,
    escaped=4,
    deceased=10,
    prison_types={"closed": 9, "remand": 11, "semi_open": 4, "juvenile": 3, "women": 1},
)

SCENARIOS: dict[str, Scenario] = {s.country: s for s in (UGANDA, KAZAKHSTAN, TUNISIA)}


def _apportion(total: int, weights: Mapping[str, int], minimum: int) -> dict[str, int]:
    """Split `total` in proportion to `weights` (largest remainder), each share at least `minimum`."""
    keys = list(weights)
    weight_sum = sum(weights.values())
    quotas = {key: total * weights[key] / weight_sum for key in keys}
    shares = {key: max(minimum, int(quotas[key])) for key in keys}
    # Ties go to the type listed first, so the split depends on nothing but the data.
    while sum(shares.values()) < total:
        key = max(keys, key=lambda k: (quotas[k] - shares[k], -keys.index(k)))
        shares[key] += 1
    # Shares raised to the minimum are paid for by those furthest above their quota.
    while sum(shares.values()) > total:
        key = max((k for k in keys if shares[k] > minimum), key=lambda k: (shares[k] - quotas[k], -keys.index(k)))
        shares[key] -= 1
    return shares


def scaled(scenario: "Scenario | str", scale: float) -> Scenario:
    """The figures at `scale` (0 < scale <= 1): each headline figure is round(figure * scale),
    and sub-figures are derived so that they still add up.

    At least one prison of each type is kept, and each prison at least MIN_PRISON_CAPACITY
    places, so very small scales may have more prisons and capacity than the rounding gives.
    """
    base = SCENARIOS[scenario] if isinstance(scenario, str) else scenario
    if not 0 < scale <= 1:
        raise ValueError("scale must be more than 0 and at most 1")
    if scale == 1:
        return base

    def r(value: int) -> int:
        return round(value * scale)

    prisons = max(r(base.prisons), len(base.prison_types))
    # The programme names a total and some parts of it; the part it does not name is derived:
    # Uganda and Tunisia give the VEPs and the convicted among them (pre-trial derived),
    # Kazakhstan the convicted, those on probation and in semi-open prisons (closed derived).
    vep_total = r(base.vep_total)
    vep_probation = min(r(base.vep_probation), vep_total)
    if base.vep_pre_trial:
        vep_convicted = min(r(base.vep_convicted), vep_total - vep_probation)
    else:
        vep_convicted = vep_total - vep_probation
    vep_semi_open = min(r(base.vep_semi_open), vep_convicted)
    returnees = min(r(base.returnees), vep_convicted - vep_semi_open)
    returnees_women = min(r(base.returnees_women), returnees)
    return replace(
        base,
        population=r(base.population),
        prisons=prisons,
        capacity=max(r(base.capacity), prisons * MIN_PRISON_CAPACITY),
        pre_trial=r(base.pre_trial),
        under_appeal=r(base.under_appeal),
        civil=r(base.civil),
        vep_convicted=vep_convicted,
        vep_pre_trial=vep_total - vep_probation - vep_convicted,
        vep_semi_open=vep_semi_open,
        vep_probation=vep_probation,
        returnees_men=returnees - returnees_women,
        returnees_women=returnees_women,
        released=max(2, r(base.released)),
        escaped=max(1, r(base.escaped)),
        deceased=max(1, r(base.deceased)),
        prison_types=_apportion(prisons, base.prison_types, minimum=1),
    )
