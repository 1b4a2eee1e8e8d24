"""How each demo service differs beyond its headline figures: who is held where, for how long,
how units and cells are laid out. Shares and durations are realistic choices, not statistics.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Style:
    nationality: str  # ISO code of the country's own citizens
    foreign_share: float
    women_share: float  # of those on roll; the programme figures give about 4-5 %
    juvenile_share: float
    girls_share: float  # of the juveniles
    estimated_birth_share: float  # of citizens with only an estimated year of birth (more for foreigners)
    remand_days: int  # median time already spent in pre-trial detention by those on remand today
    vep_remand_days: int
    trial_days: int  # median time from admission to conviction
    transfer_share: float  # of the convicted who were moved from another prison after conviction
    remand_only: bool  # pre-trial detention only in remand prisons (Kazakhstan's SIZOs)
    vep_women_share: float
    release_weights: dict[str, int]  # release reasons of those released, by weight
    # Relative crowding of each prison type: the population is spread by capacity times this.
    crowding: dict[str, float]
    # How likely a person held in each prison type is to have each legal status.
    pre_trial_weight: dict[str, float]
    under_appeal_weight: dict[str, float]
    civil_weight: dict[str, float]
    security: dict[str, str]  # the profile's security level of units, by prison type
    unit_places: int  # about how many places a unit has
    cell_places: dict[str, tuple[int, int]] = field(default_factory=dict)  # by prison type: smallest, largest


UGANDA = Style(
    nationality="UG",
    foreign_share=0.035,
    women_share=0.045,
    juvenile_share=0.006,
    girls_share=0.08,
    estimated_birth_share=0.04,
    remand_days=200,
    vep_remand_days=900,
    trial_days=420,
    transfer_share=0.4,
    remand_only=False,
    vep_women_share=0.06,
    release_weights={
        "bail": 30,
        "acquitted": 8,
        "court_order": 6,
        "end_of_sentence": 30,
        "conditional": 18,
        "pardon": 3,
        "deportation": 5,
    },
    crowding={"closed": 1.05, "remand": 1.25, "women": 0.9, "juvenile": 0.8, "open": 0.45, "semi_open": 0.5},
    pre_trial_weight={"remand": 6, "closed": 1, "women": 1.2, "juvenile": 4, "open": 0.001, "semi_open": 0.001},
    under_appeal_weight={"closed": 3, "remand": 1, "women": 1, "juvenile": 0.2, "open": 0.05, "semi_open": 0.05},
    civil_weight={"closed": 1, "remand": 1, "women": 1, "juvenile": 0, "open": 0, "semi_open": 0},
    security={
        "closed": "medium",
        "remand": "medium",
        "women": "medium",
        "juvenile": "medium",
        "open": "minimum",
        "semi_open": "minimum",
    },
    unit_places=180,
    cell_places={
        "closed": (25, 110),
        "remand": (20, 90),
        "women": (10, 40),
        "juvenile": (8, 24),
        "open": (20, 60),
        "semi_open": (15, 45),
    },
)

KAZAKHSTAN = Style(
    nationality="KZ",
    foreign_share=0.04,
    women_share=0.05,
    juvenile_share=0.004,
    girls_share=0.1,
    estimated_birth_share=0.0,
    remand_days=80,
    vep_remand_days=150,
    trial_days=150,
    transfer_share=0.9,
    remand_only=True,
    vep_women_share=0.04,
    release_weights={
        "bail": 10,
        "acquitted": 3,
        "court_order": 5,
        "end_of_sentence": 45,
        "conditional": 25,
        "pardon": 2,
        "deportation": 3,
    },
    crowding={"closed": 0.9, "remand": 1.0, "women": 0.85, "juvenile": 0.6, "semi_open": 0.7},
    # Weights of a millionth: only if the SIZOs could not hold them all.
    pre_trial_weight={"remand": 1, "closed": 1e-6, "women": 1e-6, "juvenile": 0.5, "semi_open": 1e-9},
    under_appeal_weight={"remand": 1, "closed": 1e-6, "women": 1e-6, "juvenile": 0.1, "semi_open": 1e-9},
    civil_weight={},
    security={"closed": "medium", "remand": "medium", "women": "medium", "juvenile": "medium", "semi_open": "minimum"},
    unit_places=120,
    cell_places={"closed": (20, 50), "remand": (2, 8), "women": (15, 40), "juvenile": (6, 16), "semi_open": (10, 30)},
)

TUNISIA = Style(
    nationality="TN",
    foreign_share=0.025,
    women_share=0.04,
    juvenile_share=0.012,
    girls_share=0.08,
    estimated_birth_share=0.0,
    remand_days=150,
    vep_remand_days=420,
    trial_days=240,
    transfer_share=0.6,
    remand_only=False,
    vep_women_share=0.04,
    release_weights={
        "bail": 25,
        "acquitted": 10,
        "court_order": 5,
        "end_of_sentence": 35,
        "conditional": 20,
        "pardon": 6,
        "deportation": 3,
    },
    crowding={"closed": 1.1, "remand": 1.45, "women": 1.0, "juvenile": 0.8, "semi_open": 0.7},
    pre_trial_weight={"remand": 5, "closed": 0.4, "women": 1, "juvenile": 3, "semi_open": 0.01},
    under_appeal_weight={"remand": 2, "closed": 1, "women": 1, "juvenile": 0.5, "semi_open": 0.05},
    civil_weight={"remand": 1, "closed": 1, "women": 1},
    security={"closed": "medium", "remand": "medium", "women": "medium", "juvenile": "medium", "semi_open": "low"},
    unit_places=260,
    cell_places={"closed": (25, 60), "remand": (30, 70), "women": (15, 40), "juvenile": (6, 14), "semi_open": (15, 40)},
)

STYLES = {"uganda": UGANDA, "kazakhstan": KAZAKHSTAN, "tunisia": TUNISIA}
