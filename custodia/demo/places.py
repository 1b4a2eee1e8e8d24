"""Regions and prisons of the three demo services, most important first.

The builder takes the first N prisons of each type that the scenario asks for, so at small
scales each service keeps its best-known institutions. Names follow each country's usage
(Ugandan main, district and farm prisons; Kazakh institutions designated by oblast letters and
numbers, "Учреждение ЛА-155/14"; Tunisian civil prisons); designations and sizes are styled
on the real ones, not copied from them. `size` is a relative capacity: the builder scales the
sizes to the scenario's total official capacity.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str


@dataclass(frozen=True)
class PrisonSpec:
    name: str
    region: str  # RegionSpec.code
    town: str  # where its courts and most of its arrests are
    prison_type: str
    size: int
    holds_veps: bool = False
    women_wing: bool = False
    security: str = ""  # the profile's security level of its main units; "" = by type


@dataclass(frozen=True)
class Catalogue:
    regions: tuple[RegionSpec, ...]
    prisons: dict[str, list[PrisonSpec]]  # by prison type, most important first


# ---------------------------------------------------------------------------------------------
# Uganda: regions of the Prisons Service with their district towns.

_UG_REGIONS: tuple[tuple[str, str, str], ...] = (
    (
        "KEX",
        "Kampala Extra Region",
        "Kampala Wakiso Mukono Entebbe Kira Nansana Kasangati Buikwe Lugazi Njeru "
        "Buvuma Mpigi Butambala Gomba Kayabwe Buwama",
    ),
    (
        "CEN",
        "Central Region",
        "Luwero Nakaseke Nakasongola Kayunga Mityana Mubende Kassanda Kiboga Kyankwanzi "
        "Wobulenzi Bombo Busunju Kakiri Ntwetwe Kangulumira Zirobwe",
    ),
    (
        "STH",
        "Southern Region",
        "Masaka Rakai Kyotera Kalangala Lwengo Sembabule Bukomansimbi Kalungu Lyantonde "
        "Kalisizo Lukaya Mutukula Nyendo Kinoni Mateete Kakuuto",
    ),
    (
        "SWR",
        "South Western Region",
        "Mbarara Bushenyi Ntungamo Isingiro Ibanda Kiruhura Kazo Sheema Mitooma "
        "Rubirizi Buhweju Rwampara Ishaka Kabwohe Rushere Rwashamaire",
    ),
    (
        "KIG",
        "Kigezi Region",
        "Kabale Kisoro Rukungiri Kanungu Rubanda Rukiga Kihihi Butogota Bunagana Katuna Muhanga Kambuga",
    ),
    (
        "RWZ",
        "Rwenzori Region",
        "Fort_Portal Kasese Kyenjojo Kamwenge Bundibugyo Ntoroko Kyegegwa Bunyangabu "
        "Kitagwenda Mpondwe Bwera Hima Rwimi Katwe",
    ),
    (
        "BUN",
        "Bunyoro Region",
        "Hoima Masindi Kibaale Kagadi Kakumiro Buliisa Kiryandongo Kikuube Bweyale Kigumba Butiaba Wanseko",
    ),
    (
        "WNL",
        "West Nile Region",
        "Arua Koboko Yumbe Moyo Adjumani Nebbi Zombo Maracha Pakwach Obongi Terego "
        "Madi-Okollo Paidha Panyimur Nyapea Omugo",
    ),
    (
        "NTH",
        "Northern Region",
        "Gulu Kitgum Pader Agago Lamwo Amuru Nwoya Omoro Atiak Anaka Kalongo Patongo Opit Padibe",
    ),
    (
        "LAN",
        "Lango Region",
        "Lira Apac Oyam Kole Dokolo Amolatar Alebtong Otuke Kwania Aduku Loro Ngetta Aboke Namasale",
    ),
    (
        "KAR",
        "Karamoja Region",
        "Moroto Kotido Kaabong Abim Napak Nakapiripirit Amudat Nabilatuk Karenga Namalu Matany Iriiri",
    ),
    (
        "TES",
        "Teso Region",
        "Soroti Kumi Katakwi Amuria Serere Ngora Bukedea Kaberamaido Kalaki Kapelebyong "
        "Kachumbala Mukongoro Orungo Kasilo",
    ),
    (
        "ELG",
        "Elgon Region",
        "Mbale Tororo Busia Kapchorwa Bududa Manafwa Sironko Bulambuli Bukwo Kween Butaleja "
        "Namisindwa Pallisa Budaka Kibuku Butebo Nakaloke Malaba Nagongera",
    ),
    (
        "BSG",
        "Busoga Region",
        "Jinja Iganga Kamuli Bugiri Mayuge Kaliro Luuka Namutumba Buyende Namayingo Bugweri "
        "Busembatia Kagulu Bugembe Budondo",
    ),
)

UGANDA_TOWNS: dict[str, list[str]] = {
    code: [town.replace("_", " ") for town in towns.split()] for code, _name, towns in _UG_REGIONS
}


def _town_region(towns: dict[str, list[str]]) -> dict[str, str]:
    return {town: code for code, names in towns.items() for town in names}


def _round_robin(towns: dict[str, list[str]], skip: set[str]) -> list[str]:
    """Towns taken one region at a time, so that generated prisons spread over the country."""
    lists = [[town for town in names if town not in skip] for names in towns.values()]
    out: list[str] = []
    for i in range(max(len(names) for names in lists)):
        out.extend(names[i] for names in lists if i < len(names))
    return out


_UG_REGION_OF = _town_region(UGANDA_TOWNS)


def _ug(name: str, town: str, prison_type: str, size: int, **kw: Any) -> PrisonSpec:
    return PrisonSpec(name, _UG_REGION_OF[town], town, prison_type, size, **kw)


def _uganda_main_prisons() -> list[PrisonSpec]:
    return [
        _ug("Luzira Upper Prison", "Kampala", "closed", 1600, holds_veps=True, security="maximum"),
        _ug("Murchison Bay Prison", "Kampala", "closed", 1200, holds_veps=True),
        _ug("Kitalya Mini-Max Prison", "Wakiso", "closed", 900, holds_veps=True, security="maximum"),
        _ug("Kirinya Main Prison", "Jinja", "closed", 500, holds_veps=True),
        _ug("Gulu Main Prison", "Gulu", "closed", 420, holds_veps=True),
        _ug("Arua Main Prison", "Arua", "closed", 350, holds_veps=True),
        _ug("Mbarara Main Prison", "Mbarara", "closed", 420, holds_veps=True),
        _ug("Fort Portal Main Prison", "Fort Portal", "closed", 350),
        _ug("Mbale Main Prison", "Mbale", "closed", 400),
        _ug("Masaka Main Prison", "Masaka", "closed", 350),
        _ug("Lira Main Prison", "Lira", "closed", 320),
        _ug("Soroti Main Prison", "Soroti", "closed", 300),
        _ug("Masindi Main Prison", "Masindi", "closed", 300),
        _ug("Hoima Main Prison", "Hoima", "closed", 260),
        _ug("Kabale Main Prison", "Kabale", "closed", 260),
        _ug("Tororo Main Prison", "Tororo", "closed", 220),
        _ug("Mubende Main Prison", "Mubende", "closed", 220),
        _ug("Moroto Main Prison", "Moroto", "closed", 200),
        _ug("Kasese Main Prison", "Kasese", "closed", 200),
        _ug("Iganga Main Prison", "Iganga", "closed", 180),
        _ug("Kitgum Main Prison", "Kitgum", "closed", 160),
        _ug("Bushenyi Main Prison", "Bushenyi", "closed", 160),
    ]


def _uganda_remand_prisons() -> list[PrisonSpec]:
    return [
        _ug("Kampala Remand Prison", "Kampala", "remand", 700, holds_veps=True, women_wing=False),
        _ug("Kigo Prison", "Wakiso", "remand", 600),
        _ug("Masaka Ssaza Prison", "Masaka", "remand", 200, women_wing=True),
        _ug("Jinja Remand Prison", "Jinja", "remand", 220, women_wing=True),
    ]


def _uganda_women_prisons() -> list[PrisonSpec]:
    return [
        _ug("Luzira Women's Prison", "Kampala", "women", 400, holds_veps=True),
        _ug("Kigo Women's Prison", "Wakiso", "women", 150),
        _ug("Kirinya Women's Prison", "Jinja", "women", 120),
        _ug("Gulu Women's Prison", "Gulu", "women", 90),
        _ug("Mbarara Women's Prison", "Mbarara", "women", 90),
        _ug("Mbale Women's Prison", "Mbale", "women", 80),
        _ug("Arua Women's Prison", "Arua", "women", 70),
        _ug("Fort Portal Women's Prison", "Fort Portal", "women", 70),
        _ug("Lira Women's Prison", "Lira", "women", 70),
        _ug("Masaka Women's Prison", "Masaka", "women", 70),
        _ug("Soroti Women's Prison", "Soroti", "women", 60),
        _ug("Hoima Women's Prison", "Hoima", "women", 60),
        _ug("Kabale Women's Prison", "Kabale", "women", 50),
    ]


def _uganda_young_offenders_prisons() -> list[PrisonSpec]:
    return [
        _ug("Luzira Young Offenders' Prison", "Kampala", "juvenile", 150),
        _ug("Gulu Young Offenders' Prison", "Gulu", "juvenile", 80),
        _ug("Mbale Young Offenders' Prison", "Mbale", "juvenile", 80),
    ]


def _uganda_farms() -> list[PrisonSpec]:
    return [
        _ug("Ruimi Prison Farm", "Fort Portal", "open", 250, security="minimum"),
        _ug("Isimba Prison Farm", "Kamuli", "open", 220, security="minimum"),
        _ug("Kiburara Prison Farm", "Ibanda", "open", 220, security="minimum"),
        _ug("Lugore Prison Farm", "Gulu", "open", 200, security="minimum"),
        _ug("Patiko Prison Farm", "Gulu", "open", 150, security="minimum"),
        _ug("Ibuga Prison Farm", "Kasese", "open", 180, security="minimum"),
        _ug("Bugungu Prison Farm", "Mukono", "open", 200, security="minimum"),
        _ug("Erute Prison Farm", "Lira", "open", 180, security="minimum"),
        _ug("Kitalya Prison Farm", "Wakiso", "open", 250, security="minimum"),
        _ug("Loro Prison Farm", "Loro", "open", 150, security="minimum"),
        _ug("Kiryandongo Prison Farm", "Kiryandongo", "open", 180, security="minimum"),
        _ug("Mubuku Prison Farm", "Kasese", "open", 150, security="minimum"),
    ]


def _uganda() -> Catalogue:
    closed, remand, farms = _uganda_main_prisons(), _uganda_remand_prisons(), _uganda_farms()
    camps = [_ug("Murchison Bay Pre-release Camp", "Kampala", "semi_open", 150, security="minimum")]
    _add_uganda_district_prisons(closed, remand, farms, camps)
    regions = tuple(RegionSpec(code, name) for code, name, _towns in _UG_REGIONS)
    return Catalogue(
        regions,
        {
            "closed": closed,
            "remand": remand,
            "open": farms,
            "semi_open": camps,
            "women": _uganda_women_prisons(),
            "juvenile": _uganda_young_offenders_prisons(),
        },
    )


def _add_uganda_district_prisons(
    closed: list[PrisonSpec], remand: list[PrisonSpec], farms: list[PrisonSpec], camps: list[PrisonSpec]
) -> None:
    """District prisons, in the towns without a main or remand prison: small, most hold both
    remand and convicted prisoners, many with a women's wing. Sizes vary with a fixed pattern so
    that the catalogue is the same every run."""
    named_towns = {spec.town for group in (closed, remand) for spec in group}
    district_towns = _round_robin(UGANDA_TOWNS, skip=named_towns)
    for i, town in enumerate(district_towns):
        closed.append(_ug(f"{town} Prison", town, "closed", 40 + (i * 37) % 60, women_wing=i % 5 < 2))
    for i, town in enumerate(reversed(district_towns)):
        remand.append(_ug(f"{town} Remand Prison", town, "remand", 60 + (i * 41) % 90, women_wing=i % 3 == 0))
    named_farms = {spec.name for spec in farms}
    for i, town in enumerate(t for t in district_towns[::2] if f"{t} Prison Farm" not in named_farms):
        farms.append(_ug(f"{town} Prison Farm", town, "open", 120 + (i * 53) % 130, security="minimum"))
    for i, town in enumerate(district_towns[1::2]):
        camps.append(_ug(f"{town} Prison Camp", town, "semi_open", 60 + (i * 29) % 60, security="minimum"))


# ---------------------------------------------------------------------------------------------
# Kazakhstan: oblasts and the three cities of republican significance. Each institution is
# designated by its oblast's letters and number, as "Учреждение ЛА-155/14".

# code, name, letters, number, main town, and how many institutions of each type it has:
# remand, closed (maximum / medium / extreme), semi-open, women, juvenile.
_KZ_REGIONS: tuple[tuple[str, str, str, int, str, str], ...] = (
    ("KAR", "Карагандинская область", "АК", 159, "Караганда", "R1 X3 M3 E1 S2 W1 J1"),
    ("ALM", "Алматинская область", "ЛА", 155, "Конаев", "R1 X2 M1 S1 W1 J1"),
    ("AKM", "Акмолинская область", "ЕЦ", 166, "Кокшетау", "R1 X2 M2 S1 W1"),
    ("PAV", "Павлодарская область", "АП", 162, "Павлодар", "R1 X1 M2 S1"),
    ("VKO", "Восточно-Казахстанская область", "ОВ", 156, "Усть-Каменогорск", "R1 X1 M1 E1 S1"),
    ("KOS", "Костанайская область", "УК", 161, "Костанай", "R1 X1 M2 S1"),
    ("SHY", "г. Шымкент", "ОШ", 175, "Шымкент", "R1 M1 W1"),
    ("AST", "г. Астана", "ЕА", 173, "Астана", "R1 X1"),
    ("ALA", "г. Алматы", "ЛБ", 174, "Алматы", "R1"),
    ("ZHA", "Жамбылская область", "ЖД", 158, "Тараз", "R1 X1 M1 S1"),
    ("TUR", "Туркестанская область", "ОК", 170, "Туркестан", "R1 M2 S1"),
    ("AKT", "Актюбинская область", "ГМ", 172, "Актобе", "R1 X1 M1 S1"),
    ("SKO", "Северо-Казахстанская область", "ЕС", 164, "Петропавловск", "R1 M2 S1"),
    ("KZY", "Кызылординская область", "ЗК", 169, "Кызылорда", "R1 M2 S1"),
    ("ABA", "Абайская область", "КА", 168, "Семей", "R1 X1 M1"),
    ("ATY", "Атырауская область", "УГ", 157, "Атырау", "R1 M1 S1"),
    ("MAN", "Мангистауская область", "ЛГ", 163, "Актау", "R1 E1"),
    ("ZKO", "Западно-Казахстанская область", "ЛК", 160, "Уральск", "R1 M1 S1"),
    ("ZHE", "Жетысуская область", "ЖТ", 167, "Талдыкорган", "M1"),
    ("ULY", "Улытауская область", "УЛ", 171, "Жезказган", "M2"),
)

KAZAKHSTAN_TOWNS: dict[str, list[str]] = {code: [town] for code, _n, _l, _num, town, _plan in _KZ_REGIONS}

_KZ_KINDS = {
    # letter in the plan: prison type, designation suffix, security level, relative size
    "R": ("remand", "следственный изолятор", "medium", 480),
    "X": ("closed", "максимальная безопасность", "maximum", 1000),
    "M": ("closed", "средняя безопасность", "medium", 900),
    "E": ("closed", "чрезвычайная безопасность", "extreme", 400),
    "S": ("semi_open", "минимальная безопасность", "minimum", 250),
    "W": ("women", "для содержания женщин", "medium", 420),
    "J": ("juvenile", "для содержания несовершеннолетних", "medium", 150),
}
_KZ_NUMBERS = (1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 14, 15, 17, 18, 20, 21, 24, 25)


def _kazakhstan() -> Catalogue:
    by_type: dict[str, list[tuple[int, PrisonSpec]]] = {
        t: [] for t in ("closed", "remand", "semi_open", "women", "juvenile")
    }
    for code, _name, letters, number, town, plan in _KZ_REGIONS:
        counts = {item[0]: int(item[1:]) for item in plan.split()}
        seq = iter(_KZ_NUMBERS)
        big_city = code in {"ALA", "AST", "SHY", "KAR"}
        for kind in "RXMEWJS":
            prison_type, suffix, security, size = _KZ_KINDS[kind]
            for i in range(counts.get(kind, 0)):
                spec = PrisonSpec(
                    f"Учреждение {letters}-{number}/{next(seq)} ({suffix})",
                    code,
                    town,
                    prison_type,
                    size + (250 if big_city and kind == "R" else 0) - 80 * i,
                    holds_veps=kind in "XW",
                    women_wing=kind == "R",
                    security=security,
                )
                # Maximum security institutions first: they hold the VEPs a small demo must keep.
                by_type[prison_type].append(("XME".find(kind), spec))
    regions = tuple(RegionSpec(code, name) for code, name, *_rest in _KZ_REGIONS)
    return Catalogue(
        regions, {t: [spec for _p, spec in sorted(specs, key=lambda item: item[0])] for t, specs in by_type.items()}
    )


# ---------------------------------------------------------------------------------------------
# Tunisia: governorates and the civil prisons of the General Committee of Prisons.

_TN_REGIONS = (
    ("TUN", "Tunis"),
    ("ARI", "Ariana"),
    ("BEN", "Ben Arous"),
    ("MAN", "La Manouba"),
    ("BIZ", "Bizerte"),
    ("NAB", "Nabeul"),
    ("ZAG", "Zaghouan"),
    ("BEJ", "Béja"),
    ("JEN", "Jendouba"),
    ("KEF", "Le Kef"),
    ("SIL", "Siliana"),
    ("SOU", "Sousse"),
    ("MON", "Monastir"),
    ("MAH", "Mahdia"),
    ("KAI", "Kairouan"),
    ("KAS", "Kasserine"),
    ("SBZ", "Sidi Bouzid"),
    ("SFA", "Sfax"),
    ("GAF", "Gafsa"),
    ("TOZ", "Tozeur"),
    ("KEB", "Kébili"),
    ("GAB", "Gabès"),
    ("MED", "Médenine"),
    ("TAT", "Tataouine"),
)
TUNISIA_TOWNS: dict[str, list[str]] = {
    "TUN": ["تونس"],
    "ARI": ["أريانة"],
    "BEN": ["بن عروس"],
    "MAN": ["منوبة"],
    "BIZ": ["بنزرت"],
    "NAB": ["نابل"],
    "ZAG": ["زغوان"],
    "BEJ": ["باجة"],
    "JEN": ["جندوبة"],
    "KEF": ["الكاف"],
    "SIL": ["سليانة"],
    "SOU": ["سوسة"],
    "MON": ["المنستير"],
    "MAH": ["المهدية"],
    "KAI": ["القيروان"],
    "KAS": ["القصرين"],
    "SBZ": ["سيدي بوزيد"],
    "SFA": ["صفاقس"],
    "GAF": ["قفصة"],
    "TOZ": ["توزر"],
    "KEB": ["قبلي"],
    "GAB": ["قابس"],
    "MED": ["مدنين"],
    "TAT": ["تطاوين"],
}


def _tunisia() -> Catalogue:
    def p(name: str, region: str, prison_type: str, size: int, **kw: Any) -> PrisonSpec:
        return PrisonSpec(name, region, TUNISIA_TOWNS[region][0], prison_type, size, **kw)

    remand = [
        p("Prison civile de Mornaguia", "MAN", "remand", 4000, holds_veps=True, security="high"),
        p("Prison civile de Messaadine", "SOU", "remand", 1800, holds_veps=True, women_wing=True),
        p("Prison civile de Sfax", "SFA", "remand", 1800, women_wing=True),
        p("Prison civile de Bizerte", "BIZ", "remand", 900),
        p("Prison civile de Gabès", "GAB", "remand", 900, women_wing=True),
        p("Prison civile de Kairouan", "KAI", "remand", 900, women_wing=True),
        p("Prison civile de Gafsa", "GAF", "remand", 700),
        p("Prison civile de Kasserine", "KAS", "remand", 600),
        p("Prison civile de Sidi Bouzid", "SBZ", "remand", 500),
        p("Prison civile de Jendouba", "JEN", "remand", 500),
        p("Prison civile du Kef", "KEF", "remand", 400),
        p("Prison civile de Monastir", "MON", "remand", 500),
        p("Prison civile de Nabeul", "NAB", "remand", 500),
    ]
    closed = [
        p("Prison civile de Borj El Amri", "MAN", "closed", 1600, holds_veps=True, security="high"),
        p("Prison civile de Borj Erroumi", "BIZ", "closed", 1000, holds_veps=True, security="high"),
        p("Prison civile de Mahdia", "MAH", "closed", 1000, holds_veps=True),
        p("Prison civile de Harboub", "MED", "closed", 800),
        p("Prison civile de Nadhour", "ZAG", "closed", 700),
        p("Prison civile d'Oudhna", "BEN", "closed", 600),
        p("Prison civile de Siliana", "SIL", "closed", 400),
        p("Prison civile de Béja", "BEJ", "closed", 400),
        p("Prison civile de Kébili", "KEB", "closed", 300),
        p("Prison civile de Tataouine", "TAT", "closed", 300),
    ]
    semi_open = [
        p("Prison de Saouaf", "ZAG", "semi_open", 350, security="low"),
        p("Prison de Rjim Maatoug", "KEB", "semi_open", 300, security="low"),
        p("Prison de Sers", "KEF", "semi_open", 300, security="low"),
        p("Prison de Houareb", "KAI", "semi_open", 300, security="low"),
        p("Prison de Mornag", "BEN", "semi_open", 250, security="low"),
    ]
    juvenile = [
        p("Centre de rééducation des mineurs délinquants de Mghira", "BEN", "juvenile", 150),
        p("Centre de rééducation des mineurs délinquants de Sidi El Hani", "SOU", "juvenile", 120),
        p("Centre de rééducation des mineurs délinquants de Souk Jedid", "SBZ", "juvenile", 100),
        p("Centre de rééducation des mineurs délinquants de Medjez El Bab", "BEJ", "juvenile", 100),
    ]
    women = [
        p("Prison des femmes de La Manouba", "MAN", "women", 450, holds_veps=True),
        p("Prison des femmes de Sfax", "SFA", "women", 300),
    ]
    regions = tuple(RegionSpec(code, name) for code, name in _TN_REGIONS)
    return Catalogue(
        regions, {"closed": closed, "remand": remand, "semi_open": semi_open, "juvenile": juvenile, "women": women}
    )


def catalogue(country: str) -> Catalogue:
    return {"uganda": _uganda, "kazakhstan": _kazakhstan, "tunisia": _tunisia}[country]()


def towns(country: str) -> dict[str, list[str]]:
    return {"uganda": UGANDA_TOWNS, "kazakhstan": KAZAKHSTAN_TOWNS, "tunisia": TUNISIA_TOWNS}[country]
