"""Names matched across scripts and spellings (docs/search.md): pure rules, no database.

A name in any script is cut into tokens, each with its recorded form (case-folded, without accents
or Arabic vowel marks), a normalised Latin form and a consonant skeleton:

- transliteration: `anyascii` turns any script to Latin, after the rules Kazakh and Arabic need:
  the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І written as passports write them (a, g, k, n, o, u, u, h, i);
  Arabic hamza and alef variants made one alef, alef maqsura an "a", taa marbuta an "a", the
  article (al-, el-, ad-, et-...) and the particles ben, bin, ibn, bint, ould left out of the
  tokens, and "Abd ..." and "Abu ..." joined to the name they are part of;
- spelling rules on the Latin: Russian against passport spellings (Zh/J, Kh/H, Y/I, -ev/-yev,
  Ye-/E-), French spellings of Arabic (ou/u, ch/sh, dj/j), c/k/q, doubled letters written once
  (Uganda's Ssali and Sali, Mohammed and Mohamed);
- the skeleton: the Latin without its vowels (Arabic does not write short vowels), a word that
  begins with a vowel keeping one "a" for it, so that "Mohamed", "Muhammad", "Mukhammed" and
  "محمد" all give "mhmd"; and a coarser phonetic key (kh a k, no h, no n or m before a
  consonant; l/r, b/p, d/t, g/k/j, s/z/sh, f/v merged) for the sounds spellings confuse.

`keys_of_names` gives the keys a person is found by (register.models.PrisonerNameKey holds them);
`query_words` the keys a search looks for, word by word; `best_match` ranks a person found against
the search with rapidfuzz, and says why it matched.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from .choices import MatchReason, Script

# Keys longer than this are cut: no name word is that long, and the column stays small.
KEY_MAX_LENGTH = 60

# The kinds of key, as the first letter of each key stored: a key is only letters a-z, so that
# a range of keys (those that begin with a name typed in part) is the same in every collation.
LATIN, SKELETON, PHONETIC = "l", "s", "p"

# --- Tokens -----------------------------------------------------------------------------------

# Arabic letters written in more than one way: the hamza carriers are taken apart by NFKD (its
# mark dropped with the other marks), the rest here. Persian and Urdu kaf and yeh are Arabic's.
_ARABIC_LETTERS = str.maketrans(
    {
        "ٱ": "a",  # alef wasla
        "ى": "a",  # alef maqsura, read "a" (Mustafa, Issa)
        "ة": "a",  # taa marbuta, read "a" (Fatma, Aicha)
        "ء": "",  # hamza on its own
        "ـ": "",  # tatweel, a stretch of the line
        "ک": "ك",
        "ی": "ي",
        # anyascii writes alef as nothing and ayn as a backtick: both are a vowel's place.
        "ا": "a",
        "ع": "a",
    }
)
# The Kazakh letters, as passports and the Russian transliteration write them.
_KAZAKH_LETTERS = str.maketrans(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
)
# Words that are not a name of their own: the Arabic article and the words for "son of",
# "daughter of" (Arabic, French and English spellings; Kazakh and Turkic patronymic words).
ARTICLES = frozenset({"al", "el", "ul", "il", "ad", "ed", "at", "et", "as", "es", "ar", "er", "an", "en", "az", "ez"})
PARTICLES = frozenset(
    "ben bin ibn bent bint ould uld walad".split()  # Arabic, in French and English spellings
    + "uly uli ulu kyzy qyzy kizi ogly ogli".split()  # Kazakh and Turkic, written apart
)
_ARABIC_PARTICLES = frozenset({"بن", "ابن", "بنت", "ولد"})
# Words joined to the name after them: "Abd al-Qadir" is one name, Abdelkader.
_ABD = frozenset({"abd", "abdel", "abdal", "abdul", "abdoul", "abdol", "abdu", "abdou", "abdelal", "abdil"})
_ABU = frozenset({"abu", "abou", "abo"})
_ARABIC_ABD = frozenset({"عبد"})
_ARABIC_ABU = frozenset({"ابو"})
_APOSTROPHES = str.maketrans({"'": "", "’": "", "`": "", "ʼ": "", "ʻ": "", "‘": "", "ʿ": "", "ʾ": ""})
_NOT_A_LETTER = re.compile(r"[^\w]+|[\d_]+")


def fold(text: str) -> str:
    """Case-folded, without accents or Arabic vowel marks (rules.search_key's form, which
    Prisoner.search_text holds), hamza carriers taken apart."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def script_of(word: str) -> str:
    """The script of a folded word, by its first letter."""
    for ch in word:
        code = ord(ch)
        if code < 0x250:
            return Script.LATIN
        if 0x400 <= code < 0x530:
            return Script.CYRILLIC
        if 0x600 <= code < 0x700 or 0x750 <= code < 0x780 or 0xFB50 <= code < 0xFF00:
            return Script.ARABIC
        return Script.OTHER
    return Script.OTHER


@dataclass(frozen=True, eq=False)
class Token:
    """One word of a name (or two joined), in the forms it is matched by. Made by token() only,
    which keeps one for each word: compared and hashed as the object it is, quickly."""

    text: str  # folded, in its own script: "мухаммед"
    script: str  # a Script code
    latins: tuple[str, ...]  # normalised Latin forms, the first the main one: ("muhamed",)
    skeleton: str  # "mhmd"
    phonetic: str  # "mgmd", with the sounds spellings confuse merged
    begun: str  # the main Latin form as the beginning of a longer name: "moh" ("mo" whole)


@dataclass(frozen=True)
class Name:
    """A name cut into tokens, with the words run together two by two ("Ben Ali" is also
    "benali", "Nur Sultan" also "nursultan")."""

    tokens: tuple[Token, ...]
    joined: tuple[str, ...]  # normalised Latin forms of each two words run together
    joined_of: tuple[tuple[str, ...], ...]  # for each token, those of `joined` it is part of


def _words(text: str) -> list[str]:
    return [w for w in _NOT_A_LETTER.split(fold(text).translate(_APOSTROPHES)) if w]


def _strip_arabic_article(word: str) -> str:
    """An Arabic word without its article; "الله" read "allah" once its article is off."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.endswith("له") and len(word) <= 3:
        word = word[:-1] + "ا"  # (Abd) Allah
    return word


# Arabic letters anyascii writes with two Latin letters: one each here, so that two letters side
# by side (س and ه, "sh" read as ش) are never read as one. "x" stands for the sound of sh.
_ARABIC_DIGRAPHS = {"kh": "h", "sh": "x", "th": "t", "dh": "d", "gh": "g"}


def _latin(word: str) -> str:
    """The transliteration of a folded word, in lower-case letters a-z: Cyrillic with the Kazakh
    letters as passports write them, Arabic letter by letter, one Latin letter each."""
    script = script_of(word)
    if script == Script.ARABIC:
        letters = (anyascii(ch).lower() for ch in word.translate(_ARABIC_LETTERS))
        return "".join(_ARABIC_DIGRAPHS.get(latin, latin) for latin in letters if latin.isalpha())
    if script == Script.CYRILLIC:
        word = word.translate(_KAZAKH_LETTERS)
    return "".join(ch for ch in anyascii(word).lower() if "a" <= ch <= "z")


# Spelling rules on a transliteration. First the letters written with two or three (Kh, Zh, Sh,
# Dj; French ch and tch; and Greek ch in English names), each made one in a single pass, so that
# Askhat stays s + kh; then, in order, the rules on single letters.
_DIGRAPHS = {
    "x": "ks",
    "shch": "x",
    "sch": "x",
    "tch": "x",
    "dzh": "j",
    "chr": "kr",  # Christine, Christopher
    "chael": "kael",  # Michael
    "nichol": "nikol",  # Nicholas, Nicole
    "dj": "j",
    "zh": "j",
    "kh": "h",
    "gh": "g",
    "ph": "f",
    "th": "t",
    "dh": "d",
    "sh": "x",
    "ch": "x",
}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_LETTER_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"c(?=[eiy])", "s"),  # French and English: Youcef, Belkacem, Francis
        (r"ck|q|c", "k"),
        (r"ou", "u"),  # French: Youssef, Mourad
        (r"w", "u"),
        (r"y", "i"),
        (r"(?<=[aeiou])ie", "e"),  # Sergeyevich, Aliyev: the y of Russian е after a vowel
        (r"^ie", "e"),  # Yerlan, Yevgeniy: Russian е at the start
        (r"(.)\1+", r"\1"),  # doubled letters once: Ssali, Mohammed, Aliia
        (r"(?<=[aeiou])h$", ""),  # Fatimah, Abdallah
    )
)
_VOWELS = frozenset("aeiou")
_DOUBLED = re.compile(r"(.)\1+")
_PHONETIC = str.maketrans({"r": "l", "p": "b", "t": "d", "k": "g", "s": "z", "x": "z", "f": "v", "j": "g"})


def _letters(latin: str, rules: Sequence[tuple[re.Pattern[str], str]] = _LETTER_RULES) -> str:
    for pattern, replacement in rules:
        latin = pattern.sub(replacement, latin)
    return latin


def spelling(latin: str, *, script: str = Script.LATIN, whole: bool = True) -> str:
    """A transliteration with the spelling rules applied: "Mukhammed" and "Mohammed" give
    "muhamed" and "mohamed". An Arabic one has one letter for each already. Not `whole`: the
    beginning of a word, whose last h is not the end of the name ("Moh" for Mohamed)."""
    if script != Script.ARABIC:
        latin = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group()], latin)
    return _letters(latin, _LETTER_RULES if whole else _LETTER_RULES[:-1])


def phonetic(latin: str, *, script: str = Script.LATIN) -> str:
    """The coarsest key: the skeleton with kh a k and no h at all (Тоқтаров and Tokhtarov,
    Мұқанов and Mukhanov), no n or m before a consonant, and the sounds spellings confuse merged
    (Luganda's l and r, b and p, d and t, g and k, s, z and sh, f and v, j and g)."""
    if script != Script.ARABIC:
        latin = latin.replace("kh", "k")
    # No h at all, and no n or m before a consonant (Vincent and Vicent, Mbabazi and Babazi).
    spelt = re.sub(r"[mn](?=[^aeiou])", "", spelling(latin, script=script).replace("h", ""))
    bones = skeleton(spelt)
    return _DOUBLED.sub(r"\1", bones.translate(_PHONETIC))


def skeleton(latin: str) -> str:
    """The consonants of a normalised Latin form, an "a" for a vowel it begins with, doubled
    consonants once, a final h dropped: "mohamed", "muhamad" and "mhmd" give "mhmd"."""
    if not latin:
        return ""
    head = "a" if latin[0] in _VOWELS else latin[0]
    rest = "".join(ch for ch in latin[1:] if ch not in _VOWELS)
    bones = _DOUBLED.sub(r"\1", head + rest)
    return bones[:-1] if len(bones) > 2 and bones.endswith("h") else bones


def _abd_rest(rest: str) -> str:
    """What follows "abd" in one word, without the article: elkader, errazak, ulaziz, allah."""
    return re.sub(r"^(?:[aeiou]{1,2}l(?=[aeiou])|[aeiou]{1,2}l?(?=[^aeiou]))", "", rest)


@lru_cache(maxsize=200_000)
def token(word: str) -> Token:
    """The forms of one folded word (cached: a population has some thousands of distinct words)."""
    script = script_of(word)
    # Words joined ("abd kader", "abu bakr", with a space) are spelt each on its own, so that
    # "abd hamid" keeps its h; so are Abd and the rest of a word that begins with it, without the
    # article ("Abdelkader", "Abderrazak", "Абдуллаев").
    parts = [_latin(part) for part in word.split(" ")]
    if len(parts) == 1 and parts[0].startswith("abd") and len(parts[0]) > 5:
        parts = ["abd", _abd_rest(parts[0][3:])]
    latin = "".join(parts)
    main = _DOUBLED.sub(r"\1", "".join(spelling(part, script=script) for part in parts))
    latins = [main]
    if script == Script.LATIN:
        # An article written onto the name (Elmansouri, Ettounsi, Ezzahra): the name without it
        # is looked for too.
        if re.match(r"^[ae]l[^aeiou]", main) and len(main) >= 7:
            latins.append(main[2:])
        elif re.match(r"^[ae]([dnrstz])\1", latin) and len(latin) >= 5:
            latins.append(spelling(latin[2:]))
        elif re.match(r"^l[aeiou]", latin) and len(latin) >= 6:
            latins.append(spelling(latin[1:]))  # Laabidi, Lassoued: al- written as an L
    begun = _DOUBLED.sub(r"\1", "".join(spelling(part, script=script, whole=False) for part in parts))
    return Token(word, script, tuple(latins), skeleton(main), phonetic(latin, script=script), begun)


def _joined_token(first: str, second: str, script: str) -> Token:
    """ "Abd" or "Abu" and the name after it, as one token."""
    if script == Script.ARABIC:
        return token(first + " " + _strip_arabic_article(second))
    return token(("abd" if first in _ABD else "abu") + " " + second)


@lru_cache(maxsize=300_000)
def name_of(text: str) -> Name:
    """A name (given and family names, in any order and script) cut into its tokens."""
    words = _words(text)
    tokens: list[Token] = []
    # Every word's Latin form, particles and articles included, with the token it is (or None):
    # the words run together two by two are made of them.
    runs: list[tuple[str, int | None]] = []
    i = 0
    while i < len(words):
        word = words[i]
        script = script_of(word)
        if script == Script.ARABIC:
            if word in _ARABIC_PARTICLES:
                runs.append((_latin(word), None))
                i += 1
                continue
            if (word in _ARABIC_ABD or word in _ARABIC_ABU) and i + 1 < len(words):
                made = _joined_token(word, words[i + 1], script)
                i += 2
            else:
                made = token(_strip_arabic_article(word))
                i += 1
        else:
            latin = token(word).latins[0]
            if latin in ARTICLES or latin in PARTICLES or word in ARTICLES or word in PARTICLES:
                runs.append((latin, None))
                i += 1
                continue
            if (word in _ABD or word in _ABU) and i + 1 < len(words):
                following = i + 1
                while following < len(words) - 1 and token(words[following]).latins[0] in ARTICLES:
                    following += 1
                made = _joined_token(word, words[following], script)
                i = following + 1
            else:
                made = token(word)
                i += 1
        runs.append((made.latins[0], len(tokens)))
        tokens.append(made)
    joined: list[str] = []
    joined_of: list[list[str]] = [[] for _ in tokens]
    for (a, at), (b, bt) in zip(runs, runs[1:], strict=False):
        if a and b:
            run = _DOUBLED.sub(r"\1", a + b)
            joined.append(run)
            for t in (at, bt):
                if t is not None:
                    joined_of[t].append(run)
    return Name(tuple(tokens), tuple(dict.fromkeys(joined)), tuple(tuple(runs_of) for runs_of in joined_of))


# --- Keys -------------------------------------------------------------------------------------


def _cut(key: str) -> str:
    return key[:KEY_MAX_LENGTH]


PHONETIC_MIN_LENGTH = 3


def token_keys(t: Token) -> set[str]:
    """The keys a token is found by: each Latin form, the skeleton and the phonetic key; without
    the "a" of a first vowel too where the rest is long enough not to find everyone (Smail and
    Ismail, Brahim and Ibrahim)."""
    keys = {_cut(LATIN + latin) for latin in t.latins if latin}
    if t.skeleton:
        keys.add(_cut(SKELETON + t.skeleton))
        if t.skeleton[0] == "a" and len(t.skeleton) >= 4:
            keys.add(_cut(SKELETON + t.skeleton[1:]))
    # A phonetic key of two letters would find half the register: from three on.
    if len(t.phonetic) >= PHONETIC_MIN_LENGTH:
        keys.add(_cut(PHONETIC + t.phonetic))
    return keys


def keys_of_names(names: Iterable[str]) -> set[str]:
    """Every key a person with these names (each "given family", in any script) is found by."""
    keys: set[str] = set()
    for text in names:
        name = name_of(text)
        for t in name.tokens:
            keys |= token_keys(t)
        keys |= {_cut(LATIN + latin) for latin in name.joined}
    return keys


@dataclass(frozen=True)
class QueryWord:
    """A word of a search and the keys that find it: its own, those of it run together with the
    word before or after it, and the Latin forms it begins (`prefix`, for a name typed in part)."""

    token: Token
    keys: frozenset[str]
    prefix: str  # a key (LATIN + the start of a name) that matching keys begin with; "" for none

    @property
    def strong(self) -> frozenset[str]:
        """The keys of the word's own Latin forms: a person found by them is found as written or
        through a transliteration, closer than by a skeleton."""
        return frozenset(_cut(LATIN + latin) for latin in self.token.latins)


# A word typed in part finds the names it begins from this length on ("muk" finds Mukasa).
PREFIX_MIN_LENGTH = 3


def query_tokens(text: str) -> tuple[Token, ...]:
    """The tokens of a search: those of a name, or, for a search of articles and particles alone
    ("Ben", "El"), its words as they are."""
    tokens = name_of(text).tokens
    return tokens or tuple(token(word) for word in _words(text))


def query_words(text: str) -> list[QueryWord]:
    """The words of a search, each with the keys any of which it may be found by: its own, and
    those of it run together with the word before or after it ("Nur Sultan" finds Nursultan)."""
    name = name_of(text)
    tokens = query_tokens(text)
    words = []
    for i, t in enumerate(tokens):
        prefix = _cut(LATIN + t.begun) if len(t.begun) >= PREFIX_MIN_LENGTH else ""
        joined = {_cut(LATIN + run) for run in name.joined_of[i]} if name.tokens else set()
        words.append(QueryWord(t, frozenset(token_keys(t) | joined), prefix))
    return words


def prefix_end(prefix: str) -> str | None:
    """The first key after every key that begins with `prefix` (keys are letters a-z): None when
    there is none ("zz..." is the last)."""
    kept = prefix.rstrip("z")
    return kept[:-1] + chr(ord(kept[-1]) + 1) if kept else None


# --- Scores -----------------------------------------------------------------------------------

# The lowest score each word searched must reach for a person to be shown: below it, keys met
# by chance (Mahmoud for Mohamed, Anna for Inna), and a family name shared does not bring in
# every other given name.
MIN_SCORE = 81.0
EXACT_SCORE = 100.0
TRANSLITERATION_SCORE = 96.0
SAME_SKELETON_SCORE = 90.0  # against a name in Arabic, whose short vowels are not written
DIFFERENT_VOWELS_SCORE = 75.0  # the same consonants, but a long vowel Arabic writes is not there
PARTIAL_SCORE = 82.0
PHONETIC_SCORE = 95.0  # the skeletons' similarity when only the phonetic keys agree


@dataclass(frozen=True)
class Scored:
    score: float
    reason: MatchReason


def _cross(a: Token, b: Token) -> MatchReason | None:
    """The transliteration a match between two tokens goes through, if their scripts differ."""
    if a.script == b.script:
        return None
    scripts = {a.script, b.script}
    if Script.ARABIC in scripts:
        return MatchReason.ARABIC
    if Script.CYRILLIC in scripts:
        return MatchReason.CYRILLIC
    return MatchReason.VARIANT


# The vowels a spelling may give for a long vowel Arabic writes (ا, و, ي).
_VOWEL_SPELLINGS = {"a": "ae", "u": "uo", "i": "ie"}


def _long_vowels_kept(arabic: str, latin: str) -> bool:
    """Whether the letters of an Arabic word's transliteration (consonants and the long vowels
    it writes) come in this order in a Latin spelling; a vowel the Arabic word begins with (alef,
    ayn) may be spelt as any vowel or left out."""
    at = 0
    for i, letter in enumerate(arabic):
        accepted = _VOWEL_SPELLINGS.get(letter, letter)
        start = at
        while at < len(latin) and latin[at] not in accepted:
            if letter in _VOWEL_SPELLINGS and latin[at] not in _VOWELS:
                break  # a consonant where the long vowel should be
            at += 1
        if at == len(latin) or latin[at] not in accepted:
            if i == 0 and letter in _VOWEL_SPELLINGS:
                at = start
                continue
            return False
        at += 1
    return True


@lru_cache(maxsize=500_000)
def score_tokens(q: Token, n: Token) -> Scored:
    """How close a word searched is to a word of a name, 0 to 100, and why it matched."""
    cross = _cross(q, n)
    if q.text == n.text:
        return Scored(EXACT_SCORE, MatchReason.EXACT)
    if set(q.latins) & set(n.latins):
        return Scored(TRANSLITERATION_SCORE, cross or MatchReason.VARIANT)
    reason = cross or MatchReason.VARIANT
    if Script.ARABIC in (q.script, n.script) and cross:
        # Arabic writes no short vowels: the skeletons are compared, and the long vowels it
        # writes must be in the other spelling (محمد is Mohamed, محمود is not).
        arabic, other = (q, n) if q.script == Script.ARABIC else (n, q)
        if q.skeleton == n.skeleton:
            vowels = _long_vowels_kept(arabic.latins[0], other.latins[0])
            return Scored(SAME_SKELETON_SCORE if vowels else DIFFERENT_VOWELS_SCORE, reason)
        return Scored(fuzz.ratio(q.skeleton, n.skeleton) * 0.9, reason)
    written = max(fuzz.ratio(a, b) for a in q.latins for b in n.latins)
    # Sounds spellings confuse (Luganda's l and r, b and p...) count almost as the same letters.
    if q.skeleton == n.skeleton:
        bones = 100.0
    else:
        bones = PHONETIC_SCORE if q.phonetic == n.phonetic else fuzz.ratio(q.skeleton, n.skeleton)
    score = 0.6 * written + 0.4 * bones
    if len(q.begun) >= PREFIX_MIN_LENGTH and n.latins[0].startswith(q.begun) and score < PARTIAL_SCORE:
        return Scored(PARTIAL_SCORE, MatchReason.PARTIAL)
    return Scored(score, reason)


# Which reason a person's match is given, the words matching in different ways: the furthest
# from the name as written.
_REASON_ORDER = (MatchReason.EXACT, MatchReason.PARTIAL, MatchReason.VARIANT, MatchReason.CYRILLIC, MatchReason.ARABIC)
# Two words searched are tried as one ("Nur Sultan" for Nursultan) when, run together, they are
# at least this close to a word of the names.
MERGED_SCORE = 90.0


@dataclass(frozen=True)
class NameMatch:
    score: float  # the mean of each searched word's best score
    reason: MatchReason
    extra: int  # words of the person's closest name the search did not name: fewer first
    weakest: float = 0.0  # the score of the searched word the names match least

    @property
    def found(self) -> bool:
        """Whether the person is close enough to be shown at all."""
        return self.weakest >= MIN_SCORE


@dataclass(frozen=True)
class SearchMatch:
    """Why a person was found, as the list and the API show it."""

    score: float
    reason: MatchReason

    @property
    def label(self) -> str:
        return str(self.reason.label)


NOT_FOUND = NameMatch(0.0, MatchReason.VARIANT, 0)


def _best(q: Token, tokens: Sequence[Token], joined: Sequence[str]) -> tuple[Scored, Token | None]:
    """The word of the names closest to a searched word; a run of two words written as one
    ("Benali" for Ben Ali) counts as a spelling variant."""
    best, best_token = Scored(0.0, MatchReason.VARIANT), None
    for n in tokens:
        scored = score_tokens(q, n)
        # Of two words as close, the one written as the search is (Aigerim rather than Айгерім).
        if scored.score > best.score or (
            scored.score == best.score and _REASON_ORDER.index(scored.reason) < _REASON_ORDER.index(best.reason)
        ):
            best, best_token = scored, n
    if best.score < TRANSLITERATION_SCORE and q.latins[0] in joined:
        best, best_token = Scored(TRANSLITERATION_SCORE, MatchReason.VARIANT), None
    return best, best_token


def _score_words(
    words: Sequence[Token], tokens: Sequence[Token], joined: Sequence[str]
) -> tuple[NameMatch, set[Token]]:
    total, weakest = 0.0, EXACT_SCORE
    reasons: set[MatchReason] = set()
    used: set[Token] = set()
    for q in words:
        best, best_token = _best(q, tokens, joined)
        total += best.score
        weakest = min(weakest, best.score)
        reasons.add(best.reason)
        if best_token is not None:
            used.add(best_token)
    reason = max(reasons, key=_REASON_ORDER.index) if reasons else MatchReason.VARIANT
    return NameMatch(total / len(words), reason, 0, weakest), used


def best_match(query: str, names: Iterable[str]) -> NameMatch:
    """How close a person's names (each "given family", in any script) are to a search: each
    searched word's best match among all the words of all the names, in any order (a given name
    from an alias and the family name from the name itself count), then their mean. Two searched
    words that the names run together ("Nur Sultan", "Nursultan") are tried as one as well."""
    words = query_tokens(query)
    parsed = [name_of(text) for text in names]
    tokens = list(dict.fromkeys(t for name in parsed for t in name.tokens))
    joined = [latin for name in parsed for latin in name.joined]
    if not words or not tokens:
        return NOT_FOUND
    best, used = _score_words(words, tokens, joined)
    if len(words) > 1 and best.score < EXACT_SCORE:
        for i in range(len(words) - 1):
            merged = token(words[i].text + " " + words[i + 1].text)
            if _best(merged, tokens, joined)[0].score < MERGED_SCORE:
                continue
            tried, tried_used = _score_words([*words[:i], merged, *words[i + 2 :]], tokens, joined)
            if tried.score > best.score:
                best, used = tried, tried_used
    extra = min(len(name.tokens) - len(used.intersection(name.tokens)) for name in parsed)
    return NameMatch(best.score, best.reason, extra, best.weakest)
