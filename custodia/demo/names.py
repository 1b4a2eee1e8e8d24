"""Personal names for demo files, per country, people and script.

Small hand-written lists (no library, no network): common names of each people, with the
feminine surname forms where a language has them (Luganda Na-, Luo A-, Russian and Kazakh
-ова/-ева/-ина/-ская). Kazakhstan's and Tunisia's names are written in their own script, with a
Latin transliteration as an officer would type it from a Latin keyboard.
"""

from dataclasses import dataclass
from random import Random

from custodia.register.choices import NameKind, Script


@dataclass(frozen=True)
class Name:
    given_names: str
    family_name: str
    script: str
    kind: str = NameKind.PRIMARY

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)


@dataclass(frozen=True)
class People:
    """One people's names. `family_female` is None where surnames do not change with sex."""

    key: str
    script: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    family_female: tuple[str, ...] | None
    languages: tuple[str, ...]  # what such a person typically speaks, one string per variant
    interpreter_share: float = 0.0  # of them who need an interpreter in this country's prisons


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---------------------------------------------------------------------------------------------
# Uganda: Latin script. Given names are mostly Christian or Muslim names; surnames are the
# person's own people's names.

_UG_MALE = _t(
    "John Joseph Moses Peter Paul David Emmanuel Isaac Ronald Patrick Godfrey Fred Charles Denis Brian "
    "Ivan Julius Richard Robert Samuel Simon Francis Geoffrey Henry Andrew Allan Herbert Lawrence Vincent "
    "Martin George James Edward Nicholas Stephen Tom Alex Rogers Innocent Gerald Ambrose Kenneth Hillary "
    "Arthur Jimmy Eric Collins Derrick Bosco Benon Enock Jackson Wilson"
)
_UG_FEMALE = _t(
    "Sarah Grace Florence Prossy Harriet Joyce Agnes Annet Betty Esther Ruth Mary Rose Juliet Immaculate "
    "Scovia Winnie Brenda Doreen Sylvia Lydia Christine Josephine Patience Stella Margaret Irene Olivia "
    "Peace Jackline Gloria Sharon Evelyn Resty Teddy"
)
_UG_MUSLIM_MALE = _t(
    "Hassan Abdul Yusuf Musa Sulaiman Ramadhan Twaha Ali Ibrahim Hamza Shafik Muhammad Ismail Jamal "
    "Abdallah Swaibu Kassim Umar Haruna Rashid"
)
_UG_MUSLIM_FEMALE = _t("Aisha Zaitun Hadija Mariam Sauda Fatuma Rehema Shamim Sumaya Asha Zaina")

UG_MUSLIM_SHARE = 0.14

UGANDA_PEOPLES = (
    People(
        "baganda",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t(
            "Ssempijja Mukasa Kato Ssebunya Nsubuga Kiggundu Lubega Ssekandi Kasozi Mugerwa Ssali Kaggwa "
            "Walusimbi Ssentongo Kizito Lwanga Mutebi Ssemwogerere Kyeyune Musoke Sserwadda Mayanja Kigozi "
            "Ssenyonga Luyombya Kalule Ssekitoleko Mulindwa Bbosa Ssemakula"
        ),
        _t(
            "Nakato Nansubuga Namusoke Nalubega Nakimuli Nabukenya Namutebi Nakiganda Nakayiza Nassali "
            "Namukasa Nakku Nambooze Nantongo Nalwoga Nakalema Nakawesi Nanyonga Nabatanzi Nabaggala"
        ),
        ("Luganda, English", "Luganda", "Luganda, Swahili"),
    ),
    People(
        "acholi",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t(
            "Okello Ocen Opiyo Odong Ojok Okot Komakech Oryem Kidega Labeja Ocaya Olanya Obwona Oloya Onen "
            "Ochola Kilama Ouma Lakony Ongom"
        ),
        _t("Akello Acen Apiyo Adong Aber Lamwaka Atim Aol Akot Ayaa Lanyero Auma Anena Akumu Laker Amony"),
        ("Acholi, English", "Acholi", "Acholi, Swahili"),
        0.03,
    ),
    People(
        "langi",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t("Ogwang Otim Opio Ebong Okullo Odongo Okwir Ogwal Ojuka Odyek Olet Okao Omara Engola Okwera"),
        _t("Akullo Atim Ayo Adongo Akao Aceng Amongi Akite Alum Anyango Apio Akullu"),
        ("Lango, English", "Lango"),
        0.03,
    ),
    People(
        "banyankole",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t(
            "Tumusiime Twinomugisha Ahimbisibwe Byaruhanga Mugisha Kamugisha Turyahikayo Tumwesigye Rwabwogo "
            "Asiimwe Atuhaire Arinaitwe Tumuhairwe Nuwagaba Byamukama Mwesigye Beinomugisha Muhwezi Kansiime"
        ),
        _t(
            "Tumusiime Ahimbisibwe Asiimwe Atuhaire Kansiime Natukunda Kyomuhendo Ainembabazi Ninsiima "
            "Kemigisha Kobusingye Nyinakiiza Kyarisiima Atukunda Kyomugisha"
        ),
        ("Runyankore, English", "Runyankore", "Runyankore, Luganda"),
    ),
    People(
        "bakiga",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t(
            "Turyamureeba Tibenderana Byamugisha Twesigye Bainomugisha Kanyesigye Tumukunde Arinda Niwagaba "
            "Tusiime Turinawe Baguma"
        ),
        _t("Kyarikunda Ayebare Kembabazi Ampeire Tusiime Arinda Turinawe Komuhendo"),
        ("Rukiga, English", "Rukiga"),
    ),
    People(
        "lugbara",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t("Drani Anguyo Ezati Onzima Adriko Aluma Oguzu Bayoa Ayume Draga Asiku Okuonzi Andrua Baiga Yikii"),
        _t("Candiru Draru Ayikoru Eyotaru Eyoru Ajidiru Amviko Driciru Letaru Ezaru"),
        ("Lugbara", "Lugbara, Swahili", "Lugbara, English"),
        0.10,
    ),
    People(
        "basoga",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t(
            "Waiswa Kakaire Isabirye Mugoya Kirunda Mukisa Bagenda Tenywa Balikowa Kaliisa Gabula Muwanika "
            "Wambuzi Mulondo"
        ),
        _t("Babirye Kagoya Nabirye Mutesi Naigaga Namukose Kawala Nangobi Namuwaya Nakirya"),
        ("Lusoga, Luganda", "Lusoga, English", "Lusoga"),
    ),
    People(
        "bagisu",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t("Wanyama Wamala Masaba Wepukhulu Mafabi Wakoli Gidudu Khaukha Wasike Nandala Mabonga Wetaka"),
        _t("Nabwire Nambozo Nandutu Nafuna Nekesa Namono Nasimiyu Khisa Nabifo Nabulo"),
        ("Lumasaba, English", "Lumasaba, Swahili"),
    ),
    People(
        "iteso",
        Script.LATIN,
        _UG_MALE,
        _UG_FEMALE,
        _t("Okiror Emuron Opolot Okurut Ekwaro Omoding Emaru Oluka Ekiring Etyang Oonyu Olupot"),
        _t("Akiror Amuron Akurut Apolot Amoding Asio Aguti Alupo Among Acom"),
        ("Ateso, English", "Ateso"),
        0.05,
    ),
)
UGANDA_PEOPLE_WEIGHTS = (28, 9, 8, 13, 7, 6, 11, 8, 10)
_UGANDAN = {people.key for people in UGANDA_PEOPLES}

UGANDA_NEIGHBOURS = {
    "KE": People(
        "kenya",
        Script.LATIN,
        _t("John Peter Kevin Dennis Brian Collins Evans Kennedy Joseph Samuel Geoffrey Moses"),
        _t("Mary Faith Mercy Caroline Beatrice Jane Lucy Purity"),
        _t("Kamau Otieno Odhiambo Mwangi Njoroge Ochieng Kiprono Mutua Wafula Kiptoo Onyango Kariuki"),
        _t("Wanjiku Achieng Akinyi Wambui Njeri Atieno Chebet Mwende Nyambura Otieno Mutua"),
        ("Swahili, English", "Luo, Swahili, English", "Kikuyu, Swahili"),
    ),
    "CD": People(
        "congo",
        Script.LATIN,
        _t("Jean-Pierre Patrick Dieudonné Fiston Héritier Christian Papy Blaise Trésor Jonathan Serge Moïse"),
        _t("Christelle Mamie Gloire Nathalie Esther Grâce Falonne Merveille Kavira Masika"),
        _t(
            "Mukendi Kabongo Tshibangu Ilunga Mbuyi Kasongo Lukusa Mulumba Kalala Nzuzi Kambale Paluku "
            "Mugisho Bahati Kahindo"
        ),
        None,
        ("French, Swahili", "Lingala, French", "Kinande, Swahili", "Swahili"),
        0.55,
    ),
    "SS": People(
        "south_sudan",
        Script.LATIN,
        _t("Deng Garang Majok Lual Akol Ladu Lomoro Peter James John Gabriel Mabior Kuol Wani Taban"),
        _t("Nyandeng Achol Abuk Ayen Nyibol Mary Rebecca Poni Kiden Jane"),
        _t("Deng Garang Majok Lual Akol Ladu Lomoro Mabior Kuol Wani Malual Bol Lado Jada Loku Makuei"),
        None,
        ("Juba Arabic, Bari", "Dinka, Juba Arabic", "Nuer, English", "Bari, English"),
        0.6,
    ),
    "RW": People(
        "rwanda",
        Script.LATIN,
        _t("Emmanuel Eric Innocent Olivier Théoneste Jean-Claude Fabrice Patrick Alexis"),
        _t("Claudine Jeanne Alice Diane Solange Vestine Clarisse"),
        _t("Habimana Niyonzima Nshimiyimana Hakizimana Mugabo Nsengiyumva Ndayisaba Bizimana Twagirayezu Iradukunda"),
        _t("Uwimana Mukamana Ingabire Uwase Mukandayisenga Iradukunda Umutoni"),
        ("Kinyarwanda, English", "Kinyarwanda, French", "Kinyarwanda, Swahili"),
        0.3,
    ),
    "TZ": People(
        "tanzania",
        Script.LATIN,
        _t("Juma Hamisi Salum Baraka Emmanuel Joseph Athumani Said Rashidi Abdallah"),
        _t("Rehema Neema Zawadi Mwanaisha Halima Upendo"),
        _t("Mwakalinga Massawe Mushi Juma Mollel Mrema Kimaro Mwakyusa Lyimo Swai Saidi Mfinanga"),
        None,
        ("Swahili", "Swahili, English"),
        0.03,
    ),
}
UGANDA_NEIGHBOUR_WEIGHTS = {"KE": 30, "CD": 30, "SS": 20, "RW": 12, "TZ": 8}

UGANDA_NICKNAMES_MALE = _t("Mzee Kadogo Junior Bobi Captain Doctor Boss Mukulu Toto Kawuka Chairman")
UGANDA_NICKNAMES_FEMALE = _t("Nalongo Maama Jajja Sister Nakawunde")

# ---------------------------------------------------------------------------------------------
# Kazakhstan: Cyrillic (Kazakh letters where the person's documents use them). Patronymics
# are part of the given names, as in Kazakh and Russian documents.

_KZ_FATHERS = _t(
    "Серик Ерлан Марат Болат Кайрат Бахыт Нурлан Жанат Талгат Берик Ермек Асхат Мурат Даулет Есен "
    "Серикбай Канат Сакен Жумабек Амантай"
)
_KZ_FATHERS_KAZAKH = _t(
    "Серік Ерлан Марат Болат Қайрат Бақыт Нұрлан Жанат Талғат Берік Ермек Асхат Мұрат Дәулет Есен "
    "Серікбай Қанат Сәкен Жұмабек Амантай"
)
_RU_FATHERS = (
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Владимирович", "Владимировна"),
    ("Николаевич", "Николаевна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Андреевич", "Андреевна"),
    ("Михайлович", "Михайловна"),
    ("Иванович", "Ивановна"),
    ("Анатольевич", "Анатольевна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Валерьевич", "Валерьевна"),
    ("Петрович", "Петровна"),
    ("Игоревич", "Игоревна"),
    ("Васильевич", "Васильевна"),
)

KAZAKHSTAN_PEOPLES = (
    People(
        "kazakh",
        Script.CYRILLIC,
        _t(
            "Нурлан Ерлан Серик Бауыржан Асхат Данияр Ержан Мейрам Айдос Қайрат Арман Талгат Ербол Жандос "
            "Дәурен Ерболат Нұрсұлтан Асылбек Бекзат Руслан Марат Тимур Азамат Әділет Ерасыл Самат Ернар "
            "Олжас Берік Мұрат Дархан Алмас Бақытжан Ғалым Жасұлан Медет Нұржан Рустем Санжар Темірлан"
        ),
        _t(
            "Айгерім Гүлнара Динара Жанар Сәуле Айжан Мадина Әсел Назерке Ақмарал Жұлдыз Гүлмира Алия "
            "Ботагөз Дана Аружан Салтанат Меруерт Жансая Камила Ләззат Перизат Анара Гаухар Индира"
        ),
        _t(
            "Ахметов Сәрсенбаев Жұмабаев Омаров Қасымов Ермеков Тоқтаров Серікбаев Әбдірахманов Байжанов "
            "Мұқанов Жақсылықов Оспанов Тұрсынов Кенжебаев Нұрмағамбетов Искаков Сұлтанов Есенов Әлиев "
            "Садықов Абдуллаев Жанибеков Исаев Мамыров Утегенов Шәкенов Төлеуов Айтбаев Бейсенов Смағұлов "
            "Қалиев Нұрпейісов Досжанов Ибраев Сейтжанов Кудайбергенов Мусин Сапаров Касымов Жумабаев"
        ),
        None,
        ("казахский, русский", "казахский", "русский, казахский"),
    ),
    People(
        "russian",
        Script.CYRILLIC,
        _t(
            "Александр Сергей Дмитрий Андрей Алексей Владимир Николай Евгений Игорь Виктор Максим Денис "
            "Павел Роман Артём Иван Михаил Олег Вадим Константин Юрий Антон Никита"
        ),
        _t("Елена Ольга Наталья Татьяна Светлана Ирина Анна Юлия Екатерина Марина Оксана Людмила Валентина Анастасия"),
        _t(
            "Иванов Петров Смирнов Кузнецов Попов Соколов Ковалев Морозов Новиков Волков Федоров Мельников "
            "Никитин Белов Зайцев Павлов Семенов Голубев Виноградов Богданов Медведев Степанов Козлов Лебедев "
            "Орлов Андреев Макаров Егоров Шевченко Бондаренко Ткаченко Кравченко Завадский Островский Шмидт "
            "Миллер Ким Пак Цой Сафин Хабибуллин"
        ),
        None,
        ("русский", "русский, казахский"),
    ),
    People(
        "uzbek",
        Script.CYRILLIC,
        _t("Шерзод Бахтиёр Улугбек Жасур Рустам Дилшод Фарход Ойбек Акмал Баходир Отабек Санжар Шухрат"),
        _t("Дилноза Гулноза Нигора Мохира Феруза Шахло Зарина Малика"),
        _t("Рахимов Юсупов Каримов Турсунов Абдуллаев Хасанов Нурматов Исмоилов Эргашев Мирзаев Содиков Холматов"),
        None,
        ("узбекский, русский", "узбекский, казахский, русский"),
    ),
    People(
        "uyghur",
        Script.CYRILLIC,
        _t("Ильшат Мурат Азат Дильмурат Нурахмет Ильхам Алимжан Абдулла"),
        _t("Гульнур Мадина Айнур Мунира Рейхангуль"),
        _t("Масимов Аблимитов Турдиев Юсупов Ниязов Розиев Кадыров Исламов"),
        None,
        ("уйгурский, русский", "уйгурский, казахский, русский"),
    ),
)
KAZAKHSTAN_PEOPLE_WEIGHTS = (72, 19, 6, 3)

KAZAKHSTAN_NEIGHBOURS = {
    "UZ": People(
        "uzbekistan",
        Script.CYRILLIC,
        KAZAKHSTAN_PEOPLES[2].male,
        KAZAKHSTAN_PEOPLES[2].female,
        KAZAKHSTAN_PEOPLES[2].family,
        None,
        ("узбекский", "узбекский, русский"),
        0.45,
    ),
    "RU": People(
        "russia",
        Script.CYRILLIC,
        KAZAKHSTAN_PEOPLES[1].male,
        KAZAKHSTAN_PEOPLES[1].female,
        KAZAKHSTAN_PEOPLES[1].family,
        None,
        ("русский",),
    ),
    "KG": People(
        "kyrgyzstan",
        Script.CYRILLIC,
        _t("Алмазбек Нурбек Бакыт Эрлан Азамат Кубанычбек Мирлан Улан Талант Чынгыз"),
        _t("Айпери Бермет Гулзат Нургуль Жылдыз Айгуль Чолпон"),
        _t("Асанов Жумабеков Осмонов Токтогулов Сыдыков Мамытов Турдубаев Абдыкадыров Керимбеков"),
        None,
        ("кыргызский, русский", "кыргызский"),
        0.15,
    ),
    "TJ": People(
        "tajikistan",
        Script.CYRILLIC,
        _t("Фаридун Далер Рустам Шухрат Сухроб Бахтовар Фируз Манучехр Джамшед Парвиз Умед"),
        _t("Мадина Нилуфар Гулшан Зарина Мехрона Шахноза"),
        _t("Рахмонов Назаров Саидов Шарипов Сафаров Холов Мирзоев Давлатов Каримов"),
        None,
        ("таджикский", "таджикский, русский"),
        0.6,
    ),
}
KAZAKHSTAN_NEIGHBOUR_WEIGHTS = {"UZ": 45, "RU": 25, "KG": 18, "TJ": 12}

KAZAKHSTAN_NICKNAMES = _t("Шрам Малой Седой Бурый Тимоха Казах Хан Боксёр Кузя Лысый Батя")

# ---------------------------------------------------------------------------------------------
# Tunisia and its neighbours: Arabic script with the French-style Latin spelling used on
# Tunisian documents. Tunisian names: given name, "بن" (son of) or "بنت" (daughter of) and the
# father's name, then the family name.


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in text.split(";"):
        arabic, latin = item.split("=")
        pairs.append((arabic.strip(), latin.strip()))
    return tuple(pairs)


TN_MALE = _pairs(
    "محمد=Mohamed; أحمد=Ahmed; علي=Ali; يوسف=Youssef; حمزة=Hamza; أيمن=Aymen; وليد=Walid; سفيان=Sofiene; "
    "أنيس=Anis; بلال=Bilel; مهدي=Mehdi; هيثم=Haythem; كريم=Karim; رضا=Ridha; منير=Mounir; نبيل=Nabil; "
    "خالد=Khaled; سامي=Sami; فتحي=Fethi; الهادي=Hedi; الطاهر=Tahar; الصادق=Sadok; لطفي=Lotfi; شكري=Chokri; "
    "عماد=Imed; وائل=Wael; أسامة=Oussama; صابر=Saber; مروان=Marouen; جوهر=Jawher; طارق=Tarek; نزار=Nizar; "
    "ماهر=Maher; حاتم=Hatem; سليم=Slim; رياض=Riadh; زياد=Ziad; عبد الرزاق=Abderrazek; مراد=Mourad"
)
TN_FEMALE = _pairs(
    "فاطمة=Fatma; مريم=Meriem; آمنة=Amna; خديجة=Khadija; سنية=Sonia; ليلى=Leila; نجلاء=Najla; هالة=Hela; "
    "إيمان=Imen; سلوى=Salwa; رحمة=Rahma; أميرة=Amira; ياسمين=Yasmine; سارة=Sarra; منى=Mouna; وفاء=Wafa; "
    "نادية=Nadia; سهام=Sihem; ريم=Rim; أسماء=Asma"
)
TN_FAMILY = _pairs(
    "الطرابلسي=Trabelsi; الجبالي=Jebali; الغربي=Gharbi; الحمامي=Hammami; العياري=Ayari; الدريدي=Dridi; "
    "المرزوقي=Marzouki; السعيدي=Saidi; الشابي=Chebbi; الماجري=Mejri; الرياحي=Riahi; الخليفي=Khelifi; "
    "الجلاصي=Jelassi; الكعبي=Kaabi; العبيدي=Abidi; بن سالم=Ben Salem; بن عمر=Ben Amor; بن يوسف=Ben Youssef; "
    "بن حسين=Ben Hassine; بوعزيزي=Bouazizi; بوزيد=Bouzid; الفرجاني=Ferjani; الزواري=Zouari; السويسي=Souissi; "
    "التونسي=Tounsi; المستيري=Mestiri; الخميري=Khemiri; النفطي=Nefti; القابسي=Gabsi; الصفاقسي=Sfaxi; "
    "الشريف=Cherif; المبروك=Mabrouk; الورغي=Ouerghi; الهمامي=Hamami; الزغلامي=Zaghlami"
)
MAGHREB_FAMILY = {
    "DZ": _pairs(
        "بلقاسم=Belkacem; بومدين=Boumediene; حداد=Haddad; خليفة=Khelifa; المنصوري=Mansouri; السعدي=Saadi; "
        "زروقي=Zerrouki; بن عيسى=Benaissa; بوطالب=Boutaleb"
    ),
    "LY": _pairs(
        "الورفلي=Warfalli; المصراتي=Misrati; الزنتاني=Zintani; العبيدي=Obeidi; الغرياني=Ghariani; "
        "الفزاني=Fezzani; الترهوني=Tarhouni; الككلي=Kikli"
    ),
    "MA": _pairs(
        "الإدريسي=El Idrissi; العلوي=Alaoui; بناني=Bennani; التازي=Tazi; برادة=Berrada; الفاسي=El Fassi; "
        "العمراني=Amrani; بنجلون=Benjelloun"
    ),
}
TUNISIA_NEIGHBOUR_WEIGHTS = {"DZ": 45, "LY": 35, "MA": 20}
ARABIC_LANGUAGES = {
    "TN": ("العربية", "العربية، الفرنسية"),
    "DZ": ("العربية، الفرنسية", "العربية، الأمازيغية"),
    "LY": ("العربية",),
    "MA": ("العربية، الفرنسية", "العربية، الأمازيغية"),
}

# ---------------------------------------------------------------------------------------------

_CYRILLIC_TO_LATIN = {
    # ICAO 9303, as on Kazakh and Russian passports, Kazakh letters included.
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


def cyrillic_to_latin(text: str) -> str:
    """Latin spelling of a Cyrillic name (ICAO 9303): Сәрсенбаева -> Sarsenbaeva."""
    out = []
    for ch in text:
        latin = _CYRILLIC_TO_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        elif ch.isupper():
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def feminine_surname(surname: str) -> str:
    """Russian and Kazakh feminine form: Ахметов -> Ахметова, Островский -> Островская;
    other surnames (Ким, Шевченко, Миллер) do not change."""
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def masculine_surname(surname: str) -> str:
    """The masculine form of a Russian or Kazakh surname: Ахметова -> Ахметов."""
    if surname.endswith("ская") or surname.endswith("цкая"):
        return surname[:-2] + "ий"
    if surname.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return surname[:-1]
    return surname


def _russian_patronymic(father: str, male: bool) -> str:
    """Серик -> Серикович / Сериковна, Амантай -> Амантаевич / Амантаевна."""
    if father.endswith("й"):
        return father[:-1] + ("евич" if male else "евна")
    return father + ("ович" if male else "овна")


def _fathers(people: People) -> list[str]:
    """Fathers' names of a people that take a Russian-style patronymic simply (ending in a consonant)."""
    return [name for name in people.male if name[-1] not in "аеёиоуыэюяьəіұүө"]


def uganda_names(rng: Random, people: People, male: bool) -> tuple[Name, list[Name]]:
    """The primary name and any other names of a person in Uganda."""
    muslim = rng.random() < UG_MUSLIM_SHARE
    if people.key in _UGANDAN:
        pool = (_UG_MUSLIM_MALE if male else _UG_MUSLIM_FEMALE) if muslim else (people.male if male else people.female)
    else:
        pool = people.male if male else people.female
    given = rng.choice(pool)
    if rng.random() < 0.15:
        second = rng.choice(pool)
        if second != given:
            given = f"{given} {second}"
    family = rng.choice(people.family if male or people.family_female is None else people.family_female)
    primary = Name(given, family, Script.LATIN)
    others: list[Name] = []
    roll = rng.random()
    if roll < 0.05:
        nickname = rng.choice(UGANDA_NICKNAMES_MALE if male else UGANDA_NICKNAMES_FEMALE)
        others.append(Name(nickname, family, Script.LATIN, NameKind.ALIAS))
    elif roll < 0.09:
        # Known under another surname of the same people (a clan name or a parent's name).
        other = rng.choice(people.family if male or people.family_female is None else people.family_female)
        if other != family:
            others.append(Name(given, other, Script.LATIN, NameKind.ALIAS))
    return primary, others


def kazakhstan_names(rng: Random, people: People, male: bool) -> tuple[Name, list[Name]]:
    given = rng.choice(people.male if male else people.female)
    surname = rng.choice(people.family)
    family = surname if male else feminine_surname(surname)
    style = rng.random()
    if people.key == "kazakh" and style < 0.55:
        given = f"{given} {_russian_patronymic(rng.choice(_KZ_FATHERS), male)}"
    elif people.key == "kazakh" and style < 0.8:
        given = f"{given} {rng.choice(_KZ_FATHERS_KAZAKH)}{'ұлы' if male else 'қызы'}"
    elif people.key in {"russian", "russia"} and style < 0.9:
        father = rng.choice(_RU_FATHERS)
        given = f"{given} {father[0] if male else father[1]}"
    elif people.key in {"uzbek", "uyghur", "kyrgyzstan", "tajikistan", "uzbekistan"} and style < 0.5:
        given = f"{given} {_russian_patronymic(rng.choice(_fathers(people)), male)}"
    primary = Name(given, family, Script.CYRILLIC)
    others = [Name(cyrillic_to_latin(given), cyrillic_to_latin(family), Script.LATIN, NameKind.TRANSLITERATION)]
    roll = rng.random()
    if roll < 0.05:
        others.append(Name(rng.choice(KAZAKHSTAN_NICKNAMES), "", Script.CYRILLIC, NameKind.ALIAS))
    elif not male and roll < 0.35:
        # A married woman's surname before marriage.
        maiden = feminine_surname(rng.choice(people.family))
        if maiden != family:
            others.append(Name(given, maiden, Script.CYRILLIC, NameKind.FORMER))
    return primary, others


def tunisia_names(rng: Random, nationality: str, male: bool, *, vep: bool = False) -> tuple[Name, list[Name]]:
    given_ar, given_lat = rng.choice(TN_MALE if male else TN_FEMALE)
    family_ar, family_lat = rng.choice(TN_FAMILY if nationality == "TN" else MAGHREB_FAMILY[nationality])
    if nationality == "TN" and rng.random() < 0.85:
        father_ar, father_lat = rng.choice(TN_MALE)
        link_ar, link_lat = ("بن", "Ben") if male else ("بنت", "Bent")
        given_ar, given_lat = f"{given_ar} {link_ar} {father_ar}", f"{given_lat} {link_lat} {father_lat}"
        if rng.random() < 0.25:
            grandfather_ar, grandfather_lat = rng.choice(TN_MALE)
            given_ar, given_lat = f"{given_ar} بن {grandfather_ar}", f"{given_lat} Ben {grandfather_lat}"
    primary = Name(given_ar, family_ar, Script.ARABIC)
    others = [Name(given_lat, family_lat, Script.LATIN, NameKind.TRANSLITERATION)]
    # A kunya ("father of ...") used as a name; more often recorded for those held for terrorism.
    if rng.random() < (0.3 if vep else 0.04):
        child_ar, _child_lat = rng.choice(TN_MALE)
        others.append(Name(f"{'أبو' if male else 'أم'} {child_ar}", "", Script.ARABIC, NameKind.ALIAS))
    return primary, others
