"""What officers would write in each country's files, in its own language: offences as worded
in national law (beside their ICCS code), courts, warrants, property, injuries, complaints,
movements. Uganda in English, Kazakhstan in Russian, Tunisia in Arabic.

The wording is illustrative: plausible for each legal system, not a legal reference.

A text about a person agrees with them: where the wording names their sex ("States she was
slapped", "Заявила", "صرحت بأنها"), it is a Gendered pair, written of a man and of a woman, and
`agree` gives the one for the person. Texts that do not name it are plain strings.
"""

from dataclasses import dataclass

from custodia.register.choices import Sex


@dataclass(frozen=True)
class Gendered:
    """A text as written of a man and as written of a woman."""

    male: str
    female: str


Text = str | Gendered


def agree(text: Text, sex: str) -> str:
    """The text as written of a person of `sex` (of a man where the sex is not recorded)."""
    if isinstance(text, str):
        return text
    return text.female if sex == Sex.FEMALE else text.male


@dataclass(frozen=True)
class OffenceSpec:
    code: str  # ICCS 2015, see register/iccs.py
    wording: str
    weight: float  # how common among those held
    years: tuple[int, int]  # usual range of sentences
    life: float = 0.0  # share of life sentences among those convicted
    serious: bool = False  # tried by a higher court


def _o(code: str, wording: str, weight: float, lo: int, hi: int, life: float = 0.0) -> OffenceSpec:
    return OffenceSpec(code, wording, weight, (lo, hi), life, serious=hi >= 10)


@dataclass(frozen=True)
class CountryTexts:
    offences: tuple[OffenceSpec, ...]
    vep_offences: tuple[OffenceSpec, ...]
    returnee_offences: tuple[OffenceSpec, ...]
    juvenile_codes: frozenset[str]
    women_codes: frozenset[str]  # offences more common among women (weight doubled)
    remand_court: str  # {town}
    trial_court: str  # {town}
    high_court: str  # {town}
    vep_remand_court: str
    vep_trial_court: str
    appeal_court: str
    civil_court: str  # {town}
    case_number: str  # {n} {year} {yy}
    high_case_number: str
    vep_case_number: str
    civil_case_number: str
    remand_reference: str  # {case} {n}
    commitment_reference: str
    remand_reasons: str  # {offence}
    commitment_reasons: str  # {offence} {term}
    civil_reasons: str  # {case}
    readmission_reasons: str  # {offence}
    arrest_places: tuple[Text, ...]  # {town}
    returnee_arrest_place: str
    pre_trial_hearings: tuple[tuple[str, str], ...]  # purpose, outcome
    judgment: tuple[str, str]  # purpose, outcome with {term}
    next_hearing: tuple[str, ...]
    appeal_hearing: str
    civil_hearing: tuple[str, str]
    note_admission: str
    note_convicted: str  # {court}
    note_appeal: str
    note_probation: Text
    property: tuple[tuple[str, tuple[str, ...]], ...]  # description ({n} for cash), conditions
    cash: str  # {n}
    cash_range: tuple[int, int, int]  # low, high, step
    injuries: tuple[str, ...]
    complaints: tuple[Text, ...]  # {town}
    actions: tuple[Text, ...]
    lawyers: tuple[tuple[str, str], ...]  # template with {name} {family} {town}; "m", "f" or "" for either
    phone: str  # digits as {0} .. {7}
    # Where a child lives and who has custody, consistent with each other: (whereabouts with
    # {town}, agreeing with the child, custodian, "mother" / "father" where that parent has the
    # child, else "").
    child_places: tuple[tuple[Text, str, str], ...]
    school: Text  # added to the whereabouts of a child of school age
    child_in_prison: tuple[str, str]  # whereabouts {prison}, custodian
    adult_whereabouts: str  # {town}
    hospitals: tuple[str, ...]  # {town}
    hospital_reasons: tuple[str, ...]
    women_hospital_reasons: tuple[str, ...]
    transfer_after_conviction: Text
    transfer_reasons: tuple[Text, ...]
    transfer_to_open: Text
    cell_move_reasons: tuple[str, ...]
    escape_reasons: tuple[str, ...]
    recapture_reason: Text
    deaths: tuple[Text, ...]  # {hospital}
    release_reasons: dict[str, Text]  # release reason -> movement reason text, {court}
    years: tuple[str, str, str]  # one, few, many ({n}); see term()
    months: tuple[str, str, str]
    life_term: str
    term_prefix: str = ""  # around a fixed term: "السجن مدة 10 سنوات", "5 лет лишения свободы"
    term_suffix: str = ""


UGANDA = CountryTexts(
    offences=(
        _o("0101", "Murder c/s 188 and 189 of the Penal Code Act", 9, 15, 40, life=0.15),
        _o("0102", "Attempted murder c/s 204 of the Penal Code Act", 2, 7, 20),
        _o("0103", "Manslaughter c/s 187 and 190 of the Penal Code Act", 3, 5, 15),
        _o("0201", "Assault occasioning actual bodily harm c/s 236 of the Penal Code Act", 6, 1, 4),
        _o("0201", "Doing grievous harm c/s 219 of the Penal Code Act", 2, 3, 8),
        _o("0202", "Kidnapping with intent to murder c/s 243(1)(a) of the Penal Code Act", 1, 7, 20),
        _o("0204", "Trafficking in persons c/s 3 of the Prevention of Trafficking in Persons Act", 0.5, 5, 15),
        _o("0301", "Aggravated defilement c/s 129(3) and (4) of the Penal Code Act", 13, 10, 30, life=0.05),
        _o("0301", "Defilement c/s 129(1) of the Penal Code Act", 4, 5, 15),
        _o("0301", "Rape c/s 123 and 124 of the Penal Code Act", 3, 10, 25),
        _o("0401", "Aggravated robbery c/s 285 and 286(2) of the Penal Code Act", 12, 10, 30, life=0.05),
        _o("0401", "Simple robbery c/s 285 and 286(1)(b) of the Penal Code Act", 3, 3, 10),
        _o("0501", "Housebreaking and theft c/s 295(1) and 261 of the Penal Code Act", 4, 2, 6),
        _o("0502", "Theft c/s 254(1) and 261 of the Penal Code Act", 10, 1, 4),
        _o("0502", "Theft of cattle c/s 254(1) and 264 of the Penal Code Act", 4, 3, 7),
        _o("06011", "Possession of narcotic drugs, Narcotic Drugs and Psychotropic Substances (Control) Act", 4, 1, 3),
        _o(
            "06012", "Trafficking in narcotic drugs, Narcotic Drugs and Psychotropic Substances (Control) Act", 2, 5, 15
        ),
        _o("0701", "Obtaining money by false pretences c/s 305 of the Penal Code Act", 3, 1, 4),
        _o("0703", "Embezzlement c/s 19 of the Anti-Corruption Act", 1, 3, 8),
        _o("0901", "Unlawful possession of firearms c/s 3 of the Firearms Act", 2, 3, 10),
    ),
    vep_offences=(
        _o("09069", "Terrorism c/s 7(1)(b) and (2) of the Anti-Terrorism Act, 2002", 5, 10, 30, life=0.1),
        _o("09061", "Belonging to a terrorist organisation c/s 11(1) of the Anti-Terrorism Act, 2002", 6, 8, 20),
        _o("09069", "Aiding and abetting terrorism c/s 8 of the Anti-Terrorism Act, 2002", 3, 8, 20),
        _o("09062", "Funding terrorism, Anti-Terrorism Act, 2002 (as amended in 2015)", 2, 8, 20),
    ),
    returnee_offences=(),
    juvenile_codes=frozenset({"0201", "0301", "0401", "0501", "0502"}),
    women_codes=frozenset({"0502", "0701", "06012", "0204", "0101"}),
    remand_court="Chief Magistrate's Court of {town}",
    trial_court="Chief Magistrate's Court of {town}",
    high_court="High Court of Uganda at {town}",
    vep_remand_court="Chief Magistrate's Court of Nakawa",
    vep_trial_court="High Court of Uganda (International Crimes Division) at Kampala",
    appeal_court="Court of Appeal of Uganda",
    civil_court="Chief Magistrate's Court of {town} (civil division)",
    case_number="Criminal Case No. {n} of {year}",
    high_case_number="HCT-CR-SC-{n:04d}-{year}",
    vep_case_number="HCT-00-ICD-CR-SC-{n:04d}-{year}",
    civil_case_number="Civil Suit No. {n} of {year}",
    remand_reference="Remand warrant, {case}",
    commitment_reference="Commitment warrant, {case}",
    remand_reasons="Remanded in custody pending trial on a charge of {offence}.",
    commitment_reasons="To serve a sentence of {term} for {offence}.",
    civil_reasons="Committed to civil prison as a judgment debtor in default of payment ({case}).",
    readmission_reasons="Bail cancelled; remanded in custody on a charge of {offence}.",
    arrest_places=(
        "{town} town",
        "{town} trading centre",
        "{town} taxi park",
        "At home, {town}",
        "{town} market",
        "A village near {town}",
        "{town} bus park",
    ),
    returnee_arrest_place="Entebbe International Airport",
    pre_trial_hearings=(
        ("Plea", "Plea of not guilty entered; remanded in custody"),
        ("Mention", "Adjourned; remanded in custody"),
        ("Bail application", "Bail refused; remanded in custody"),
        ("Committal", "Committed for trial to the High Court"),
        ("Hearing", "Hearing adjourned: prosecution witnesses absent"),
    ),
    judgment=("Judgment and sentence", "Convicted and sentenced to {term}"),
    next_hearing=("Mention", "Hearing", "Bail application"),
    appeal_hearing="Hearing of the appeal",
    civil_hearing=("Application for execution", "Warrant of arrest of the judgment debtor issued"),
    note_admission="On admission",
    note_convicted="Convicted and sentenced by the {court}",
    note_appeal="Notice of appeal lodged",
    note_probation="",
    property=(
        ("Mobile phone (Tecno)", ("Working", "Cracked screen", "Switched off and sealed")),
        ("Mobile phone (Itel)", ("Working", "No battery")),
        ("National ID card", ("",)),
        ("Belt", ("Leather", "")),
        ("Pair of shoes", ("Worn", "")),
        ("Wristwatch", ("Working", "Glass broken")),
        ("Rosary", ("",)),
        ("Wallet", ("Empty", "")),
        ("Bunch of keys", ("Three keys", "")),
        ("Bag of clothes", ("",)),
    ),
    cash="Cash, UGX {n:,}",
    cash_range=(2_000, 150_000, 500),
    injuries=(
        "Healed scar on the left forearm",
        "Fresh bruises on the back",
        "Swelling of the right eye",
        "Bandaged wound on the head",
        "Abrasions on both wrists",
        "Limps on the right leg; says it is an old injury",
    ),
    complaints=(
        Gendered(
            "States he was beaten with sticks by the arresting officers at {town} police station.",
            "States she was beaten with sticks by the arresting officers at {town} police station.",
        ),
        Gendered(
            "States he was slapped and threatened during interrogation at {town} police station.",
            "States she was slapped and threatened during interrogation at {town} police station.",
        ),
        Gendered(
            "States he was held for nine days at a police post before being taken to court.",
            "States she was held for nine days at a police post before being taken to court.",
        ),
        Gendered(
            "States he was beaten by a crowd at arrest and the police did not intervene.",
            "States she was beaten by a crowd at arrest and the police did not intervene.",
        ),
    ),
    actions=(
        "Examined by the medical officer; injuries recorded; complaint forwarded to the Uganda Human Rights "
        "Commission and the Resident State Attorney.",
        "Complaint referred to the Professional Standards Unit of the Uganda Police Force; medical report attached.",
        "Medical examination done; the magistrate was informed at the next court production.",
    ),
    lawyers=(
        ("Legal Aid Project of the Uganda Law Society", ""),
        ("Justice Centres Uganda", ""),
        ("Counsel on state brief: {name}", ""),
        ("M/s {family} & Co. Advocates", "m"),
        ("{name}, Advocate", ""),
    ),
    phone="+256 7{0}{1} {2}{3}{4} {5}{6}{7}",
    child_places=(
        ("With the mother in {town}", "Mother", "mother"),
        ("With the father in {town}", "Father", "father"),
        ("With the grandmother in {town}", "Grandmother", ""),
        ("With an aunt in {town}", "Aunt", ""),
        ("With an uncle in {town}", "Uncle", ""),
        ("In a children's home in {town}", "Children's home, {town}", ""),
    ),
    school="; in school",
    child_in_prison=("In prison with the mother ({prison})", "Mother (in custody)"),
    adult_whereabouts="{town}",
    hospitals=("Mulago National Referral Hospital", "{town} Regional Referral Hospital", "{town} Health Centre IV"),
    hospital_reasons=(
        "Suspected tuberculosis: referred for tests",
        "Severe malaria",
        "Referred for surgery",
        "Fracture: referred for X-ray",
        "Referred to a specialist",
    ),
    women_hospital_reasons=("Antenatal care", "Delivery"),
    transfer_after_conviction="Transferred after conviction",
    transfer_reasons=("Decongestion", "Transferred nearer the family", "Security", "Transferred for trial"),
    transfer_to_open="Transferred to a farm prison for the last part of the sentence",
    cell_move_reasons=(
        "Reallocation of wards",
        "Medical: moved nearer the clinic",
        "Separated after a fight",
        "Moved at own request",
    ),
    escape_reasons=(
        "Escaped from an outside work party",
        "Escaped through the perimeter fence at night",
        "Escaped from the escort on the way back from court",
    ),
    recapture_reason="Rearrested by the police and returned",
    deaths=(
        "Died at {hospital} of pulmonary tuberculosis while receiving treatment. Next of kin informed; "
        "post-mortem examination; death reported to the Uganda Human Rights Commission and the Resident "
        "State Attorney for an inquest.",
        "Found unresponsive in the ward at dawn; pronounced dead by the medical officer. Police, next of kin "
        "and the Uganda Human Rights Commission informed; post-mortem examination ordered; inquest opened.",
        "Died at {hospital} of complications of a chronic illness. Next of kin informed; post-mortem "
        "examination; inquest by the magistrate.",
    ),
    release_reasons={
        "bail": "Released on bail by the {court}",
        "acquitted": "Acquitted by the {court}",
        "end_of_sentence": "Sentence served",
        "conditional": "Released on remission",
        "pardon": "Presidential pardon",
        "court_order": "Released on the order of the {court}",
        "deportation": "Handed over to the immigration authorities for deportation",
    },
    years=("{n} year", "{n} years", "{n} years"),
    months=("{n} month", "{n} months", "{n} months"),
    life_term="imprisonment for life",
)

KAZAKHSTAN = CountryTexts(
    offences=(
        _o("0101", "ст. 99 ч. 1 УК РК — Убийство", 6, 8, 15),
        _o("0101", "ст. 99 ч. 2 УК РК — Убийство при отягчающих обстоятельствах", 3, 15, 20, life=0.1),
        _o("0102", "ст. 24 ч. 3, ст. 99 ч. 1 УК РК — Покушение на убийство", 2, 5, 12),
        _o("0103", "ст. 104 УК РК — Причинение смерти по неосторожности", 1, 1, 3),
        _o("0201", "ст. 106 ч. 1 УК РК — Умышленное причинение тяжкого вреда здоровью", 6, 3, 8),
        _o("0202", "ст. 125 ч. 2 УК РК — Похищение человека", 1, 5, 10),
        _o("0204", "ст. 128 ч. 1 УК РК — Торговля людьми", 0.5, 5, 10),
        _o("0301", "ст. 120 ч. 1 УК РК — Изнасилование", 3, 5, 10),
        _o("0401", "ст. 191 ч. 2 УК РК — Грабёж", 6, 3, 7),
        _o("0401", "ст. 192 ч. 2 УК РК — Разбой", 6, 7, 12),
        _o("0501", "ст. 188 ч. 2 п. 3 УК РК — Кража с незаконным проникновением в жилище", 6, 2, 5),
        _o("0502", "ст. 188 ч. 1 УК РК — Кража", 11, 1, 3),
        _o("06011", "ст. 296 ч. 2 УК РК — Незаконный оборот наркотических средств без цели сбыта", 5, 1, 3),
        _o("06012", "ст. 297 ч. 2 УК РК — Незаконный сбыт наркотических средств", 10, 5, 10),
        _o("0701", "ст. 190 ч. 2 УК РК — Мошенничество", 6, 2, 5),
        _o("0701", "ст. 189 ч. 3 УК РК — Присвоение или растрата вверенного чужого имущества", 2, 2, 6),
        _o("0703", "ст. 366 ч. 3 УК РК — Получение взятки", 2, 5, 10),
        _o("0901", "ст. 287 ч. 1 УК РК — Незаконный оборот оружия", 2, 1, 4),
        _o("09051", "ст. 262 ч. 2 УК РК — Участие в преступной группе", 1, 5, 10),
    ),
    vep_offences=(
        _o("09061", "ст. 257 ч. 2 УК РК — Участие в деятельности террористической группы", 5, 5, 12),
        _o("09062", "ст. 258 ч. 1 УК РК — Финансирование террористической или экстремистской деятельности", 2, 5, 10),
        _o(
            "09069",
            "ст. 256 ч. 2 УК РК — Пропаганда терроризма или публичные призывы к совершению акта терроризма",
            5,
            7,
            12,
        ),
        _o(
            "09069",
            "ст. 174 ч. 2 УК РК — Возбуждение социальной, национальной, родовой, расовой, сословной "
            "или религиозной розни",
            4,
            3,
            8,
        ),
        _o(
            "09069",
            "ст. 405 ч. 2 УК РК — Участие в деятельности объединения, запрещённого в связи с "
            "осуществлением экстремизма или терроризма",
            3,
            2,
            6,
        ),
        _o(
            "09069",
            "ст. 259 ч. 1 УК РК — Вербовка или подготовка лиц в целях организации террористической "
            "или экстремистской деятельности",
            1,
            5,
            10,
        ),
    ),
    returnee_offences=(
        _o("09061", "ст. 257 ч. 2 УК РК — Участие в деятельности террористической организации за рубежом", 1, 5, 12),
    ),
    juvenile_codes=frozenset({"0201", "0401", "0501", "0502", "06011"}),
    women_codes=frozenset({"0502", "0701", "06012", "0204"}),
    remand_court="Специализированный следственный суд г. {town}",
    trial_court="Специализированный межрайонный суд по уголовным делам г. {town}",
    high_court="Специализированный межрайонный суд по уголовным делам г. {town}",
    vep_remand_court="Специализированный следственный суд г. Астаны",
    vep_trial_court="Специализированный межрайонный суд по уголовным делам г. Астаны",
    appeal_court="Апелляционная судебная коллегия по уголовным делам областного суда",
    civil_court="Специализированный межрайонный экономический суд г. {town}",
    case_number="№ 1-{n}/{year}",
    high_case_number="№ 1-{n}/{year}",
    vep_case_number="№ 1-{n}/{year} (ЕРДР № {yy}7100310000{n:02d})",
    civil_case_number="№ 2-{n}/{year}",
    remand_reference="Постановление о содержании под стражей № {n}, дело {case}",
    commitment_reference="Распоряжение об исполнении приговора, дело {case}",
    remand_reasons="Мера пресечения — содержание под стражей. Подозревается в совершении преступления: {offence}.",
    commitment_reasons="Для отбывания наказания: {term}. {offence}.",
    civil_reasons="Содержание под стражей по делу {case}.",
    readmission_reasons="Залог обращён в доход государства; мера пресечения изменена на содержание под стражей: "
    "{offence}.",
    arrest_places=(
        "г. {town}, по месту жительства",
        "г. {town}, ул. Абая",
        "г. {town}, мкр. Самал",
        "г. {town}, автовокзал",
        "г. {town}, рынок",
        "г. {town}, вокзал",
    ),
    returnee_arrest_place="Аэропорт г. Актау, по прибытии в рамках гуманитарной операции «Жусан»",
    pre_trial_hearings=(
        ("Санкционирование меры пресечения", "Мера пресечения санкционирована"),
        ("Продление срока содержания под стражей", "Срок содержания под стражей продлён"),
        ("Предварительное слушание", "Дело назначено к главному судебному разбирательству"),
        ("Главное судебное разбирательство", "Заседание отложено"),
    ),
    judgment=("Оглашение приговора", "Вынесен обвинительный приговор: {term}"),
    next_hearing=("Главное судебное разбирательство", "Продление срока содержания под стражей"),
    appeal_hearing="Рассмотрение апелляционной жалобы",
    civil_hearing=("Судебное заседание", "Отложено"),
    note_admission="При поступлении",
    note_convicted="Приговор {court} вступил в законную силу",
    note_appeal="Приговор не вступил в законную силу: подана апелляционная жалоба",
    note_probation=Gendered(
        "Условно-досрочно освобождён; поставлен на учёт службы пробации",
        "Условно-досрочно освобождена; поставлена на учёт службы пробации",
    ),
    property=(
        ("Мобильный телефон", ("исправен", "трещина на экране", "выключен, упакован")),
        ("Удостоверение личности", ("",)),
        ("Ремень", ("б/у", "")),
        ("Часы наручные", ("исправны", "без ремешка")),
        ("Шнурки", ("",)),
        ("Банковская карта", ("",)),
        ("Связка ключей", ("3 ключа", "")),
        ("Кольцо обручальное (жёлтый металл)", ("",)),
        ("Куртка зимняя", ("б/у",)),
    ),
    cash="Денежные средства: {n:,} тенге",
    cash_range=(500, 60_000, 100),
    injuries=(
        "Ссадины на запястьях",
        "Гематома в области левого глаза",
        "Зажившие рубцы на предплечьях",
        "Ушиб мягких тканей спины",
        "Перевязанная рана на голове",
    ),
    complaints=(
        Gendered(
            "Заявил, что при задержании в г. {town} к нему применялось физическое насилие сотрудниками полиции.",
            "Заявила, что при задержании в г. {town} к ней применялось физическое насилие сотрудниками полиции.",
        ),
        Gendered(
            "Заявил о психологическом давлении и угрозах во время допроса.",
            "Заявила о психологическом давлении и угрозах во время допроса.",
        ),
        Gendered(
            "Заявил, что во время допроса ему не давали спать и не допускали адвоката.",
            "Заявила, что во время допроса ей не давали спать и не допускали адвоката.",
        ),
    ),
    actions=(
        "Проведено медицинское освидетельствование; телесные повреждения зафиксированы; сообщение направлено "
        "прокурору.",
        "Заявление зарегистрировано и направлено в прокуратуру для проверки; уведомлён уполномоченный по "
        "правам человека.",
    ),
    lawyers=(
        ("Адвокат {name}, коллегия адвокатов г. {town}", ""),
        ("Адвокат по назначению: {name}", ""),
        ("Адвокат {name}", ""),
    ),
    phone="+7 70{0} {1}{2}{3} {4}{5} {6}{7}",
    child_places=(
        ("Проживает с матерью, г. {town}", "Мать", "mother"),
        ("Проживает с отцом, г. {town}", "Отец", "father"),
        ("Проживает с бабушкой, г. {town}", "Бабушка (опекун)", ""),
        ("Проживает с тётей, г. {town}", "Тётя (опекун)", ""),
        ("Детский дом, г. {town}", "Детский дом г. {town}", ""),
    ),
    school="; учится в школе",
    child_in_prison=("Дом ребёнка при учреждении ({prison})", "Мать (отбывает наказание)"),
    adult_whereabouts="г. {town}",
    hospitals=("Областная больница г. {town}", "Городская больница № 1 г. {town}"),
    hospital_reasons=(
        "Плановая госпитализация",
        "Оперативное вмешательство",
        "Обследование у специалиста",
        "Подозрение на туберкулёз",
    ),
    women_hospital_reasons=("Наблюдение по беременности", "Роды"),
    transfer_after_conviction=Gendered("Этапирован для отбывания наказания", "Этапирована для отбывания наказания"),
    transfer_reasons=(
        "Перевод по решению комиссии",
        "Перевод для обеспечения личной безопасности",
        Gendered("Этапирован для участия в следственных действиях", "Этапирована для участия в следственных действиях"),
    ),
    transfer_to_open=Gendered(
        "Переведён в учреждение минимальной безопасности по постановлению суда",
        "Переведена в учреждение минимальной безопасности по постановлению суда",
    ),
    cell_move_reasons=("Перевод в другую камеру", "По медицинским показаниям", "По соображениям безопасности"),
    escape_reasons=("Побег из-под конвоя", "Побег с территории учреждения"),
    recapture_reason=Gendered("Задержан и водворён обратно", "Задержана и водворена обратно"),
    deaths=(
        "Смерть наступила в медицинском учреждении ({hospital}) от острой сердечной недостаточности. Уведомлены "
        "прокурор и родственники; назначена судебно-медицинская экспертиза.",
        Gendered(
            "Обнаружен без признаков жизни в камере при утренней проверке; смерть констатирована врачом. "
            "Уведомлены прокурор и родственники; начато досудебное расследование.",
            "Обнаружена без признаков жизни в камере при утренней проверке; смерть констатирована врачом. "
            "Уведомлены прокурор и родственники; начато досудебное расследование.",
        ),
    ),
    release_reasons={
        "bail": "Мера пресечения изменена судом ({court})",
        "acquitted": Gendered("Оправдан приговором суда ({court})", "Оправдана приговором суда ({court})"),
        "end_of_sentence": Gendered("Освобождён по отбытии срока наказания", "Освобождена по отбытии срока наказания"),
        "conditional": "Условно-досрочное освобождение",
        "probation": "Условно-досрочное освобождение с постановкой на учёт службы пробации",
        "pardon": Gendered("Помилован указом Президента", "Помилована указом Президента"),
        "court_order": Gendered(
            "Освобождён по постановлению суда ({court})", "Освобождена по постановлению суда ({court})"
        ),
        "deportation": Gendered(
            "Выдворен за пределы Республики Казахстан", "Выдворена за пределы Республики Казахстан"
        ),
    },
    years=("{n} год", "{n} года", "{n} лет"),
    months=("{n} месяц", "{n} месяца", "{n} месяцев"),
    life_term="пожизненное лишение свободы",
    term_suffix=" лишения свободы",
)

TUNISIA = CountryTexts(
    offences=(
        _o("0101", "القتل العمد مع سابقية القصد طبق الفصل 201 من المجلة الجزائية", 2, 20, 30, life=0.4),
        _o("0101", "القتل العمد طبق الفصل 205 من المجلة الجزائية", 2, 15, 30, life=0.2),
        _o("0102", "محاولة القتل العمد", 2, 8, 15),
        _o("0201", "الاعتداء بالعنف الشديد طبق الفصل 218 من المجلة الجزائية", 8, 1, 5),
        _o("0204", "الاتجار بالأشخاص طبق القانون الأساسي عدد 61 لسنة 2016", 0.5, 10, 15),
        _o("0301", "الاغتصاب طبق الفصل 227 من المجلة الجزائية", 2, 10, 20),
        _o("0401", "السرقة باستعمال العنف طبق الفصل 260 من المجلة الجزائية", 5, 5, 12),
        _o("0501", "السرقة مع الخلع والتسور", 5, 5, 10),
        _o("0502", "السرقة المجردة طبق الفصل 264 من المجلة الجزائية", 10, 1, 5),
        _o("06011", "مسك واستهلاك مادة مخدرة طبق القانون عدد 52 لسنة 1992", 14, 1, 2),
        _o("06012", "ترويج مادة مخدرة طبق القانون عدد 52 لسنة 1992", 6, 6, 12),
        _o("0701", "إصدار شيك دون رصيد", 6, 1, 5),
        _o("0701", "التحيل طبق الفصل 291 من المجلة الجزائية", 4, 2, 5),
        _o("0703", "الارتشاء", 1, 5, 10),
        _o("0901", "مسك سلاح دون رخصة", 1, 1, 5),
        _o("09051", "تكوين وفاق بقصد الاعتداء على الأشخاص والأملاك طبق الفصل 131 من المجلة الجزائية", 3, 5, 12),
    ),
    vep_offences=(
        _o("09061", "الانضمام داخل تراب الجمهورية إلى تنظيم إرهابي طبق القانون الأساسي عدد 26 لسنة 2015", 6, 6, 12),
        _o("09061", "الانضمام خارج تراب الجمهورية إلى تنظيم إرهابي طبق القانون الأساسي عدد 26 لسنة 2015", 3, 10, 20),
        _o("09062", "توفير أموال لفائدة تنظيم إرهابي", 2, 6, 12),
        _o("09069", "الإشادة والتمجيد بتنظيم إرهابي", 3, 1, 5),
        _o("09069", "عدم إشعار السلط ذات النظر حالا بما أمكن له الاطلاع عليه من أفعال تتعلق بجرائم إرهابية", 4, 1, 5),
    ),
    returnee_offences=(),
    juvenile_codes=frozenset({"0201", "0401", "0502", "06011"}),
    women_codes=frozenset({"0502", "0701", "06012", "0204"}),
    remand_court="قاضي التحقيق بالمحكمة الابتدائية ب{town}",
    trial_court="المحكمة الابتدائية ب{town}",
    high_court="الدائرة الجنائية بالمحكمة الابتدائية ب{town}",
    vep_remand_court="قاضي التحقيق بالقطب القضائي لمكافحة الإرهاب",
    vep_trial_court="الدائرة الجنائية المختصة بقضايا الإرهاب بالمحكمة الابتدائية بتونس",
    appeal_court="محكمة الاستئناف",
    civil_court="المحكمة الابتدائية ب{town}",
    case_number="القضية عدد {n}/{yy}",
    high_case_number="القضية الجنائية عدد {n}/{yy}",
    vep_case_number="القضية التحقيقية عدد {n}/{yy}",
    civil_case_number="القضية المدنية عدد {n}/{yy}",
    remand_reference="بطاقة إيداع عدد {n} في {case}",
    commitment_reference="مضمون حكم في {case}",
    remand_reasons="إيداع بالسجن من أجل {offence}",
    commitment_reasons="تنفيذ حكم ب{term} من أجل {offence}",
    civil_reasons="الجبر بالسجن لعدم خلاص دين ({case})",
    readmission_reasons="إيداع بالسجن إثر صدور حكم غيابي من أجل {offence}",
    arrest_places=(
        "{town}",
        "{town}، وسط المدينة",
        Gendered("{town}، بمقر سكناه", "{town}، بمقر سكناها"),
        "الطريق الوطنية قرب {town}",
        "{town}، محطة الحافلات",
    ),
    returnee_arrest_place="مطار تونس قرطاج الدولي",
    pre_trial_hearings=(
        ("استنطاق", "الإبقاء بحالة إيقاف"),
        ("مكافحة", "تأخير لمواصلة الأبحاث"),
        ("مطلب إفراج", "رفض مطلب الإفراج"),
        ("جلسة", "تأخير الجلسة"),
    ),
    judgment=("التصريح بالحكم", "الإدانة والحكم ب{term}"),
    next_hearing=("جلسة", "استنطاق"),
    appeal_hearing="جلسة استئنافية",
    civil_hearing=("جلسة", "الجبر بالسجن"),
    note_admission="عند الإيداع",
    note_convicted="صدور حكم بالإدانة عن {court}",
    note_appeal="استئناف الحكم",
    note_probation="",
    property=(
        ("هاتف جوال", ("صالح", "الشاشة مكسورة")),
        ("بطاقة التعريف الوطنية", ("",)),
        ("حزام", ("",)),
        ("ساعة يد", ("صالحة", "")),
        ("محفظة", ("فارغة", "")),
        ("مفاتيح", ("",)),
        ("خاتم", ("معدن أصفر", "")),
    ),
    cash="مبلغ مالي قدره {n} دينارا",
    cash_range=(2, 250, 1),
    injuries=(
        "كدمات على مستوى الظهر",
        "جرح مضمد على مستوى الرأس",
        "انتفاخ في العين اليمنى",
        "خدوش على المعصمين",
        "آثار جروح قديمة على الذراع",
    ),
    complaints=(
        Gendered(
            "صرح بأنه تعرض للعنف أثناء الاحتفاظ به بمركز الأمن ب{town}",
            "صرحت بأنها تعرضت للعنف أثناء الاحتفاظ بها بمركز الأمن ب{town}",
        ),
        Gendered("صرح بأنه تعرض للتهديد أثناء البحث", "صرحت بأنها تعرضت للتهديد أثناء البحث"),
        Gendered(
            "صرح بأنه حرم من حقه في الاستعانة بمحام أثناء الاحتفاظ",
            "صرحت بأنها حرمت من حقها في الاستعانة بمحام أثناء الاحتفاظ",
        ),
    ),
    actions=(
        Gendered(
            "تم عرضه على طبيب السجن وتحرير تقرير طبي وإعلام النيابة العمومية",
            "تم عرضها على طبيب السجن وتحرير تقرير طبي وإعلام النيابة العمومية",
        ),
        "إحالة الشكاية على الهيئة الوطنية للوقاية من التعذيب وإعلام وكيل الجمهورية",
    ),
    lawyers=(
        ("الأستاذ {name}، محام", "m"),
        ("الأستاذة {name}، محامية", "f"),
        ("في إطار الإعانة العدلية: الأستاذ {name}", "m"),
    ),
    phone="+216 {0}{1} {2}{3}{4} {5}{6}{7}",
    child_places=(
        (Gendered("يقيم مع الأم في {town}", "تقيم مع الأم في {town}"), "الأم", "mother"),
        (Gendered("يقيم مع الأب في {town}", "تقيم مع الأب في {town}"), "الأب", "father"),
        (Gendered("يقيم مع الجدة في {town}", "تقيم مع الجدة في {town}"), "الجدة", ""),
        (Gendered("يقيم مع العم في {town}", "تقيم مع العم في {town}"), "العم", ""),
        (Gendered("يقيم مع الخالة في {town}", "تقيم مع الخالة في {town}"), "الخالة", ""),
    ),
    school=Gendered("، تلميذ", "، تلميذة"),
    child_in_prison=("مع الأم بالسجن ({prison})", "الأم (مودعة بالسجن)"),
    adult_whereabouts="{town}",
    hospitals=("المستشفى الجهوي ب{town}", "مستشفى شارل نيكول بتونس", "مستشفى الرابطة بتونس"),
    hospital_reasons=("فحوصات طبية", "عملية جراحية", "متابعة طبية لدى طبيب مختص"),
    women_hospital_reasons=("متابعة الحمل", "الولادة"),
    transfer_after_conviction="نقلة بعد صدور الحكم",
    transfer_reasons=("نقلة لتخفيف الاكتظاظ", "نقلة للتقريب من العائلة", "نقلة لأسباب أمنية"),
    transfer_to_open="نقلة إلى سجن شبه مفتوح",
    cell_move_reasons=("تغيير الغرفة", "لأسباب صحية", "لأسباب أمنية"),
    escape_reasons=("فرار أثناء النقل إلى المحكمة", "فرار من السجن"),
    recapture_reason=Gendered("إلقاء القبض عليه وإرجاعه إلى السجن", "إلقاء القبض عليها وإرجاعها إلى السجن"),
    deaths=(
        Gendered(
            "توفي ب{hospital} إثر أزمة قلبية. تم إعلام النيابة العمومية والعائلة والإذن بتشريح الجثة.",
            "توفيت ب{hospital} إثر أزمة قلبية. تم إعلام النيابة العمومية والعائلة والإذن بتشريح الجثة.",
        ),
        Gendered(
            "عثر عليه متوفى بالغرفة عند التفقد الصباحي. عاينه الطبيب؛ تم إعلام النيابة العمومية والعائلة وفتح بحث.",
            "عثر عليها متوفاة بالغرفة عند التفقد الصباحي. عاينها الطبيب؛ تم إعلام النيابة العمومية والعائلة وفتح بحث.",
        ),
    ),
    release_reasons={
        "bail": "الإفراج المؤقت بقرار من {court}",
        "acquitted": "عدم سماع الدعوى بحكم {court}",
        "end_of_sentence": "انقضاء العقاب",
        "conditional": "السراح الشرطي",
        "pardon": "عفو خاص من رئيس الجمهورية",
        "court_order": "الإفراج بقرار من {court}",
        "deportation": Gendered("الترحيل إلى بلده", "الترحيل إلى بلدها"),
    },
    years=("سنة واحدة", "{n} سنوات", "{n} سنة"),
    months=("شهر واحد", "{n} أشهر", "{n} شهرا"),
    life_term="السجن بقية العمر",
    term_prefix="السجن مدة ",
)

TEXTS = {"uganda": UGANDA, "kazakhstan": KAZAKHSTAN, "tunisia": TUNISIA}


def _plural(forms: tuple[str, str, str], n: int, country: str) -> str:
    one, few, many = forms
    if country == "kazakhstan":
        # Russian: 1, 21 год; 2-4, 22-24 года; 5-20 лет.
        if n % 10 == 1 and n % 100 != 11:
            return one.format(n=n)
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return few.format(n=n)
        return many.format(n=n)
    if country == "tunisia":
        # Arabic: one, two (dual), 3-10 plural, 11 and more singular accusative.
        if n == 1:
            return one.format(n=n)
        if n == 2:
            return "عامين" if "سنة" in one else "شهرين"
        return (few if n <= 10 else many).format(n=n)
    return (one if n == 1 else few).format(n=n)


def term(country: str, years: int, months: int, life: bool = False) -> str:
    """A sentence as the country writes it: "7 years 6 months", "5 лет", "10 سنوات"."""
    texts = TEXTS[country]
    if life:
        return texts.life_term
    parts = []
    if years:
        parts.append(_plural(texts.years, years, country))
    if months:
        parts.append(_plural(texts.months, months, country))
    joiner = " و" if country == "tunisia" else " "
    return f"{texts.term_prefix}{joiner.join(parts)}{texts.term_suffix}"
