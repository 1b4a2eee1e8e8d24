"""One prisoner's file, made from a planned Person: identity and names, family, admissions,
the court case with hearings, offences and sentence, legal status history, custody periods and
movements.

Movements are built as a timeline of events and then walked through the movement rule of
register/rules.py (movement_effect), the one services.movement_record applies, so every file is
a history the real services could have written. Nothing here queries the database:
rows go into the tables of writer.py, which the builder flushes in batches.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from random import Random
from typing import Any

from custodia.core.profiles import Profile
from custodia.register import models as register
from custodia.register import rules
from custodia.register.choices import CustodyStatus as S
from custodia.register.choices import LegalStatus as L
from custodia.register.choices import MovementKind as M
from custodia.register.choices import OffenceStatus, Relationship, ReleaseReason, Sex
from custodia.register.services import NameData, name_keys_of, search_text_of

from . import names as N
from .places import towns
from .records import DECEASED, ESCAPED, ON_ROLL, PROBATION, RELEASED, CellRec, Person, PrisonRec
from .styles import Style
from .texts import CountryTexts, OffenceSpec, agree, term
from .writer import Table

# The demo's history starts here: admissions from 2018 to yesterday.
HISTORY_START = date(2018, 1, 2)

PRE_TRIAL_RELEASES = {ReleaseReason.BAIL, ReleaseReason.ACQUITTED, ReleaseReason.COURT_ORDER}
NOT_CLOSED = ("open", "semi_open")
NO_ARREST: dict[str, Any] = {"arrested_at": None, "arrest_place": ""}


@dataclass
class Staff:
    """Ids of the demo users who record things."""

    reception: int
    wing: int
    director: int


class Tables:
    """A writer for each table of the prisoner file, parents first."""

    def __init__(self) -> None:
        self.prisoners = Table(register.Prisoner, defaulted=("gender_identity", "version", "merged_into_id"))
        self.admissions = Table(register.Admission)
        self.cases = Table(register.CourtCase)
        self.names = Table(register.PrisonerName)
        self.name_keys = Table(register.PrisonerNameKey)
        self.property = Table(register.PropertyItem)
        self.family = Table(register.FamilyMember)
        self.statuses = Table(register.LegalStatusChange)
        self.hearings = Table(register.Hearing)
        self.offences = Table(register.Offence)
        self.sentences = Table(register.Sentence)
        self.periods = Table(register.CustodyPeriod)
        self.movements = Table(register.Movement)

    def all(self) -> list[Table]:
        """Every table, in the order they were made: parents first."""
        return list(vars(self).values())

    def flush(self) -> int:
        return sum(table.flush() for table in self.all())


@dataclass
class Identity:
    nationality: str
    people: N.People | None  # None for Tunisia's names, chosen by nationality
    primary: N.Name
    others: list[N.Name]
    date_of_birth: date | None
    birth_year: int
    languages: str
    interpreter_needed: bool


@dataclass
class Relative:
    """A member of the person's family as the file records them."""

    name: str
    relationship: str
    birth_year: int
    whereabouts: str
    custodian: str = ""  # who looks after a child
    contact: str = ""  # an adult's telephone


@dataclass
class Legal:
    """The person's case: what they are charged with and what became of it."""

    offences: list[tuple[OffenceSpec, str]]
    admitted_as: str  # legal status on admission
    final_status: str
    convicted: int = 0  # date ordinals; 0 = did not happen
    appealed: int = 0
    end: int = 0  # release, escape or death of those no longer on roll
    release_reason: str = ""
    years: int = 0
    months: int = 0
    life: bool = False
    dates: rules.ReleaseDates | None = None

    @property
    def main(self) -> OffenceSpec | None:
        return self.offences[0][0] if self.offences else None


@dataclass
class CaseInfo:
    case_id: int
    number: str
    remand_court: str
    trial_court: str
    hearing_days: list[int]


@dataclass(order=True)
class Event:
    day: int
    minute: int
    seq: int
    kind: str = field(compare=False)
    prison: PrisonRec | None = field(default=None, compare=False)
    cell: CellRec | None = field(default=None, compare=False)
    reason: str = field(default="", compare=False)
    release_reason: str = field(default="", compare=False)
    death: str = field(default="", compare=False)
    admitted_at: datetime | None = field(default=None, compare=False)  # of an admission, to the minute


class Timeline:
    """Events of one file, kept on separate days so that no two episodes overlap."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.busy: set[int] = set()

    def add(self, day: int, minute: int, kind: str, **data: Any) -> Event:
        event = Event(day, minute, len(self.events), kind, **data)
        self.events.append(event)
        self.busy.add(day)
        return event

    def free(self, first: int, last: int) -> bool:
        return not any(day in self.busy for day in range(first, last + 1))

    def block(self, first: int, last: int) -> None:
        self.busy.update(range(first, last + 1))


@dataclass
class Stay:
    """The present stay while it is planned: the prison and cell the person was admitted to, and
    those holding them at the end. `moved` says a transfer or a recapture already brings them to
    the final cell."""

    start_prison: PrisonRec
    start_cell: CellRec
    final_prison: PrisonRec
    final_cell: CellRec
    moved: bool = False


class FileMaker:
    def __init__(
        self,
        *,
        country: str,
        profile: Profile,
        style: Style,
        texts: CountryTexts,
        rng: Random,
        today: date,
        tz: tzinfo,
        prisons: list[PrisonRec],
        staff: Staff,
        tables: Tables,
    ) -> None:
        self.country, self.profile, self.style, self.texts, self.rng = country, profile, style, texts, rng
        self.today = today.toordinal()
        self.this_year = today.year
        self.tz = tz
        # The movement rule's view of the build: it runs at the end of `today`, under the profile's date bounds.
        self.now = self.at(self.today + 1, 0)
        self.bounds = rules.DateBounds.of(profile, today)
        self.staff = staff
        self.t = tables
        self.fraction = profile.release.earliest_release_fraction
        self.prisons = prisons
        self.towns = [prison.spec.town for prison in prisons]
        self.region_towns = towns(country)
        self._offence_weights = [o.weight for o in texts.offences]

    # -- helpers --------------------------------------------------------------------------------

    def at(self, day: int, minute: int) -> datetime:
        return datetime.combine(date.fromordinal(day), time(minute // 60, minute % 60), tzinfo=self.tz)

    def days(self, median: float, sigma: float = 0.7) -> int:
        """A duration around `median` days with the long right tail durations have."""
        return max(1, int(median * math.exp(self.rng.gauss(0, sigma))))

    def phone(self) -> str:
        digits = [self.rng.randrange(10) for _ in range(8)]
        if self.country == "tunisia":
            digits[0] = self.rng.choice((2, 5, 9))
        return self.texts.phone.format(*digits)

    def free_day(self, tl: Timeline, first: int, last: int, tries: int = 6) -> int:
        """A day in [first, last] without another event, or 0."""
        if last < first:
            return 0
        for _ in range(tries):
            day = self.rng.randint(first, last)
            if day not in tl.busy:
                return day
        return 0

    # -- planning ---------------------------------------------------------------------------------

    def plan(self, person: Person) -> None:
        """Choose the offences and the date of admission: before the prisoner number can be
        given, since numbers run in the order people came in."""
        rng, style, today = self.rng, self.style, self.today
        start = HISTORY_START.toordinal()
        person.minute = rng.randint(13 * 60, 18 * 60 - 1)
        if person.legal_status == L.CIVIL:
            person.admitted = today - rng.randint(3, 180)
            return
        person.offences = self.pick_offences(person)
        if person.outcome != ON_ROLL:
            # Early enough to have been tried, convicted and released, or to have left otherwise.
            person.admitted = rng.randint(start, today - (500 if person.outcome == PROBATION else 120))
            return
        if person.juvenile:
            person.admitted = today - rng.randint(5, 300)
            if person.legal_status != L.PRE_TRIAL:
                person.years = rng.randint(1, 3)
                person.convicted = rng.randint(person.admitted, max(person.admitted, today - 3))
            return
        if person.legal_status == L.PRE_TRIAL:
            median = style.vep_remand_days if person.vep else style.remand_days
            person.admitted = max(start, today - self.days(median, 0.8))
        elif person.returnee:
            # Repatriated in the operations of 2019-2021, arrested on arrival.
            person.admitted = rng.randint(date(2019, 1, 6).toordinal(), date(2021, 2, 4).toordinal())
            person.years = max(rng.randint(*person.offences[0].years), (today - person.admitted) // 365 + 2)
            person.convicted = min(person.admitted + self.days(style.trial_days * 1.5), today - 3)
        else:
            main = person.offences[0]
            person.life = rng.random() < main.life
            person.years = rng.randint(*main.years)
            # Whoever is still held came in less than a term ago (time on remand is credited), and
            # long enough ago to have been tried; those in farms and semi-open prisons long enough
            # ago to have served a first part of the sentence in a closed prison.
            since = 120 if person.prison.prison_type in NOT_CLOSED else 3
            trial = self.days(style.trial_days * (1.5 if person.vep else 1))
            earliest = start if person.life else max(start, today - person.years * 365 + 45 + since)
            latest = today - since - trial
            if latest < earliest:
                latest = today - since
                trial = rng.randint(0, max(0, latest - earliest))
            person.admitted = rng.randint(earliest, latest) if earliest < latest else latest
            person.convicted = min(person.admitted + trial, today - since)
            if person.legal_status == L.UNDER_APPEAL:
                # An appeal is lodged within days of the judgment and heard within months.
                person.convicted = today - rng.randint(max(15, since), 300)
                person.admitted = max(start, person.convicted - trial)
                person.years = max(person.years, (today - person.admitted) // 365 + 1)
            elif not person.vep and rng.random() < 0.1:
                person.convicted = person.admitted  # tried while on bail, committed on conviction
        if not person.vep and person.admitted - start > 200 and rng.random() < 0.03:
            person.first_admitted = rng.randint(start, person.admitted - 60)

    # -- the file -------------------------------------------------------------------------------

    def make(self, person: Person) -> None:
        """Write one person's whole file into the tables."""
        t = self.t
        pid = t.prisoners.new_id()
        ident = self.identity(person)
        names = [ident.primary, *ident.others]
        for n in names:
            t.names.add(
                prisoner_id=pid, kind=n.kind, given_names=n.given_names, family_name=n.family_name, script=n.script
            )
        self.family(person, ident, pid)
        legal = self.legal(person, ident)
        case = self.case(person, legal, pid)
        custody = self.custody(person, legal, pid, case)
        named = [NameData(n.given_names, n.family_name, n.script, n.kind) for n in names]
        search_text = search_text_of(person.number, named)
        # The keys a search of names finds the person by, as the services write them.
        for key in name_keys_of(named):
            t.name_keys.add(prisoner_id=pid, key=key)
        t.prisoners.add(
            id=pid,
            number=person.number,
            display_name=ident.primary.full_name,
            search_text=search_text,
            sex=person.sex,
            date_of_birth=ident.date_of_birth,
            birth_year_estimated=None if ident.date_of_birth else ident.birth_year,
            nationality=ident.nationality,
            languages=ident.languages,
            interpreter_needed=ident.interpreter_needed,
            returnee=person.returnee,
            legal_status=legal.final_status,
            custody_status=custody.status,
            current_prison_id=custody.prison,
            current_cell_id=custody.cell,
            created_at=self.at(person.first_admitted or person.admitted, person.minute),
        )

    # -- identity -------------------------------------------------------------------------------

    def identity(self, person: Person) -> Identity:
        rng, style = self.rng, self.style
        male = person.sex == "male"
        foreign = person.release_reason == ReleaseReason.DEPORTATION or (
            not person.juvenile and not person.returnee and rng.random() < style.foreign_share
        )
        people: N.People | None = None
        if self.country == "tunisia":
            nationality = "TN"
            if foreign:
                nationality = rng.choices(
                    list(N.TUNISIA_NEIGHBOUR_WEIGHTS), weights=list(N.TUNISIA_NEIGHBOUR_WEIGHTS.values())
                )[0]
            primary, others = N.tunisia_names(rng, nationality, male, vep=person.vep)
            languages, interpreter = rng.choice(N.ARABIC_LANGUAGES[nationality]), False
        else:
            peoples: tuple[N.People, ...]
            weights: tuple[int, ...]
            if self.country == "uganda":
                peoples, weights = N.UGANDA_PEOPLES, N.UGANDA_PEOPLE_WEIGHTS
                neighbours, neighbour_weights, make_names = (
                    N.UGANDA_NEIGHBOURS,
                    N.UGANDA_NEIGHBOUR_WEIGHTS,
                    N.uganda_names,
                )
            else:
                peoples, weights = N.KAZAKHSTAN_PEOPLES, N.KAZAKHSTAN_PEOPLE_WEIGHTS
                neighbours, neighbour_weights, make_names = (
                    N.KAZAKHSTAN_NEIGHBOURS,
                    N.KAZAKHSTAN_NEIGHBOUR_WEIGHTS,
                    N.kazakhstan_names,
                )
            if foreign:
                nationality = rng.choices(list(neighbour_weights), weights=list(neighbour_weights.values()))[0]
                people = neighbours[nationality]
            else:
                nationality = style.nationality
                people = rng.choices(peoples, weights=weights)[0]
            primary, others = make_names(rng, people, male)
            languages = rng.choice(people.languages)
            interpreter = rng.random() < people.interpreter_share
        dob = self.date_of_birth(person)
        estimated = not person.juvenile and rng.random() < (0.15 if foreign else style.estimated_birth_share)
        ident = Identity(
            nationality,
            people,
            primary,
            others,
            None if estimated else dob,
            dob.year + (rng.choice((-1, 0, 0, 1)) if estimated else 0),
            languages,
            interpreter,
        )
        return self.seeded(person, ident) if person.seeded else ident

    def seeded(self, person: Person, drawn: Identity) -> Identity:
        """The identity the demo chose for one of the two files of a seeded duplicate
        (demo/duplicates.py), in place of the one drawn (drawn all the same, so that every other
        file of the demo stays as it was)."""
        seed = person.seeded
        assert seed is not None
        names = [N.Name(given, family, script, kind) for given, family, script, kind in seed.names]
        people, languages = drawn.people, drawn.languages
        if self.country == "tunisia":
            languages = N.ARABIC_LANGUAGES[seed.nationality][0]
        elif seed.people:
            peoples = N.UGANDA_PEOPLES if self.country == "uganda" else N.KAZAKHSTAN_PEOPLES
            people = next(p for p in peoples if p.key == seed.people)
            languages = people.languages[0]
        born = seed.date_of_birth
        return Identity(seed.nationality, people, names[0], names[1:], born, born.year, languages, False)

    def date_of_birth(self, person: Person) -> date:
        rng = self.rng
        if person.juvenile:
            # Under 18 today and at least 14 on admission.
            oldest = rules.add_months(date.fromordinal(self.today), -18 * 12) + timedelta(days=1)
            youngest = rules.add_months(date.fromordinal(person.admitted), -14 * 12)
            return oldest + timedelta(days=rng.randint(0, max(0, (youngest - oldest).days)))
        # Adults are 18 or more on their first admission; most in their twenties and thirties.
        first = date.fromordinal(person.first_admitted or person.admitted)
        age = 18 + min(int(rng.gammavariate(2.2, 6.0)), 55)
        return rules.add_months(first, -12 * age) - timedelta(days=rng.randint(0, 364))

    def family(self, person: Person, ident: Identity, pid: int) -> None:
        """The family of most people: parents, a spouse, brothers and sisters, and children, who
        live in or near one of the towns of the service's prisons."""
        if person.seeded is not None and not person.seeded.family:
            return  # an older file recorded in haste (demo/duplicates.py)
        if self.rng.random() < 0.15:
            return  # no family recorded
        town = self.rng.choice(self.towns)
        adults = self.adult_relatives(person, ident, town)
        children = self.children(person, ident, town)
        self.write_family(pid, adults, children)

    def adult_relatives(self, person: Person, ident: Identity, town: str) -> list[Relative]:
        rng, born = self.rng, ident.birth_year
        age = self.this_year - born
        relatives: list[Relative] = []
        if person.juvenile or age < 25 or rng.random() < 0.4:
            parent = self.relative_name(ident, "parent", male=rng.random() < 0.4)
            relatives.append(self.adult(parent, Relationship.PARENT, born - rng.randint(18, 40), town))
        if not person.juvenile and age >= 20 and rng.random() < 0.55:
            spouse = self.relative_name(ident, "spouse", male=person.sex != "male")
            relatives.append(self.adult(spouse, Relationship.SPOUSE, born + rng.randint(-6, 8), town))
        if rng.random() < 0.3:
            sibling = self.relative_name(ident, "sibling", male=rng.random() < 0.5)
            relatives.append(self.adult(sibling, Relationship.SIBLING, born + rng.randint(-8, 8), town))
        return relatives

    def adult(self, name: str, relationship: str, birth_year: int, town: str) -> Relative:
        whereabouts = self.texts.adult_whereabouts.format(town=town)
        return Relative(name, relationship, birth_year, whereabouts, contact=self.phone())

    def children(self, person: Person, ident: Identity, town: str) -> list[Relative]:
        """Children born before the person was taken into custody, none before the age of 18."""
        born = ident.birth_year
        last_birth = date.fromordinal(person.first_admitted or person.admitted).year
        if person.juvenile or born + 18 > last_birth:
            return []
        children = []
        for _ in range(self.rng.choice((0, 0, 1, 1, 2, 2, 3, 4))):
            child_born = self.rng.randint(max(born + 18, self.this_year - 30), last_birth)
            boy = self.rng.random() < 0.5
            whereabouts, custodian = self.child_whereabouts(person, self.this_year - child_born, boy, town)
            name = self.relative_name(ident, "child", male=boy)
            children.append(Relative(name, Relationship.CHILD, child_born, whereabouts, custodian))
        return children

    def child_whereabouts(self, person: Person, child_age: int, boy: bool, town: str) -> tuple[str, str]:
        """Where a child lives and who looks after them (Bangkok Rule 3)."""
        rng, texts = self.rng, self.texts
        if child_age >= 18:
            return texts.adult_whereabouts.format(town=town), ""
        mother = person.sex != "male"
        if (
            mother
            and child_age <= 2
            and person.outcome == ON_ROLL
            and person.prison.prison_type == "women"
            and rng.random() < 0.5
        ):
            # Bangkok Rules: a baby may live with the mother in a women's prison.
            return texts.child_in_prison[0].format(prison=person.prison.name), texts.child_in_prison[1]
        # With the other parent, a grandparent or another relative; never with the one in prison.
        places = [place for place in texts.child_places if place[2] != ("mother" if mother else "father")]
        where, custodian, _parent = rng.choice(places)
        sex = Sex.MALE if boy else Sex.FEMALE
        school = agree(texts.school, sex) if 6 <= child_age else ""
        return agree(where, sex).format(town=town) + school, custodian.format(town=town)

    def write_family(self, pid: int, adults: list[Relative], children: list[Relative]) -> None:
        """The rows, with one adult as the emergency contact and the first as next of kin."""
        emergency = self.rng.randrange(len(adults)) if adults else -1
        for i, relative in enumerate([*adults, *children]):
            self.t.family.add(
                prisoner_id=pid,
                name=relative.name,
                relationship=relative.relationship,
                birth_year=relative.birth_year,
                whereabouts=relative.whereabouts,
                custodian=relative.custodian,
                contact=relative.contact,
                is_emergency_contact=i == emergency,
                is_next_of_kin=i == 0 and bool(adults),
            )

    def relative_name(self, ident: Identity, relation: str, *, male: bool) -> str:
        """A relative's name in the person's own naming customs: in Tunisia and Kazakhstan
        the family name (in its gender's form) is shared, a Tunisian father is the one the
        person's name says they are the son or daughter of."""
        rng = self.rng
        if self.country == "tunisia":
            primary, _others = N.tunisia_names(rng, ident.nationality, male)
            given = primary.given_names.split(" ")[0]
            family = ident.primary.family_name
            words = ident.primary.given_names.split(" ")
            father = words[2] if len(words) > 2 and words[1] in ("بن", "بنت") else ""
            if relation == "parent" and male:
                return f"{father or given} {family}"
            if relation in ("child", "sibling"):
                link = "بن" if male else "بنت"
                if relation == "sibling" and father:
                    return f"{given} {link} {father} {family}"
                return f"{given} {family}"
            return primary.full_name
        assert ident.people is not None
        if self.country == "kazakhstan":
            primary, _others = N.kazakhstan_names(rng, ident.people, male)
            if relation in ("parent", "child", "sibling"):
                surname = N.masculine_surname(ident.primary.family_name)
                given = primary.given_names if relation == "parent" else primary.given_names.split(" ")[0]
                return f"{given} {surname if male else N.feminine_surname(surname)}"
            return primary.full_name
        primary, _others = N.uganda_names(rng, ident.people, male)
        return primary.full_name

    # -- the legal situation --------------------------------------------------------------------

    def pick_offences(self, person: Person) -> list[OffenceSpec]:
        rng, texts = self.rng, self.texts
        if person.vep:
            pool = (
                list(texts.returnee_offences)
                if person.returnee and texts.returnee_offences
                else list(texts.vep_offences)
            )
            first = rng.choices(pool, weights=[o.weight for o in pool])[0]
            second = rng.choice(texts.vep_offences)
            return [first] if second is first or rng.random() < 0.6 else [first, second]
        weights = self._offence_weights
        if person.juvenile:
            weights = [w if o.code in texts.juvenile_codes else 0 for o, w in zip(texts.offences, weights, strict=True)]
        elif person.sex == "female":
            weights = [
                w * (2 if o.code in texts.women_codes else 1) for o, w in zip(texts.offences, weights, strict=True)
            ]
        first = rng.choices(texts.offences, weights=weights)[0]
        if rng.random() < 0.22:
            second = rng.choices(texts.offences, weights=weights)[0]
            if second is not first:
                return [first, second]
        return [first]

    def legal(self, person: Person, ident: Identity) -> Legal:
        rng, today = self.rng, self.today
        status = person.legal_status
        if status == L.CIVIL:
            return Legal([], L.CIVIL, L.CIVIL)
        offences = person.offences
        a = person.admitted
        legal = Legal([], L.PRE_TRIAL, status)
        if status in (L.CONVICTED, L.UNDER_APPEAL):
            if person.outcome == ON_ROLL:
                legal.convicted = person.convicted
            elif person.first_admitted == 0 and not person.vep and rng.random() < 0.1:
                legal.convicted = a  # tried while on bail, committed on conviction
            else:
                # Those not on roll were convicted early enough to have left since.
                trial = self.style.trial_days * (1.5 if person.vep else 1)
                legal.convicted = max(a, min(a + self.days(trial), today - 40))
            if legal.convicted == a:
                legal.admitted_as = L.CONVICTED
            if status == L.UNDER_APPEAL:
                legal.appealed = min(legal.convicted + rng.randint(3, 14), today - 1)
            self.sentence(person, legal, offences[0])
        if person.outcome != ON_ROLL:
            self.ending(person, legal, person.release_reason)
        # Offences follow the outcome: convicted of the first, perhaps acquitted of a second count.
        if legal.convicted:
            statuses = [OffenceStatus.CONVICTED] + [
                OffenceStatus.CONVICTED if rng.random() < 0.6 else OffenceStatus.ACQUITTED for _ in offences[1:]
            ]
        elif legal.release_reason == ReleaseReason.ACQUITTED:
            statuses = [OffenceStatus.ACQUITTED if rng.random() < 0.7 else OffenceStatus.WITHDRAWN for _ in offences]
        else:
            statuses = [OffenceStatus.CHARGED for _ in offences]
        legal.offences = list(zip(offences, statuses, strict=True))
        return legal

    def sentence(self, person: Person, legal: Legal, offence: OffenceSpec) -> None:
        rng, today = self.rng, self.today
        lo, hi = offence.years
        if person.juvenile:
            hi = min(hi, 3 if self.country == "uganda" else 5)
            lo = min(lo, hi)
        if person.outcome == ON_ROLL:
            legal.life = person.life
            years = person.years
        else:
            legal.life = not person.juvenile and rng.random() < offence.life
            years = rng.randint(lo, hi)
        if legal.life:
            return
        months = rng.choice((0, 0, 0, 6, 3, 9)) if years < 10 else 0
        if person.outcome == ON_ROLL:
            # Whoever is still held has not reached the end of the sentence.
            while True:
                dates = self.release_dates(legal, person, years, months)
                if dates.full_term.toordinal() > today + 14:
                    break
                years += 1
        elif person.outcome in (RELEASED, PROBATION) and legal.final_status == L.CONVICTED:
            years, months = self.short_term(legal, person, years, months)
        legal.years, legal.months = years, months
        legal.dates = self.release_dates(legal, person, years, months)

    def release_dates(self, legal: Legal, person: Person, years: int, months: int) -> rules.ReleaseDates:
        starts = date.fromordinal(legal.convicted)
        return rules.release_dates(
            starts_on=starts,
            years=years,
            months=months,
            days=0,
            remand_credit_days=legal.convicted - person.admitted,
            earliest_fraction=self.fraction,
        )

    def short_term(self, legal: Legal, person: Person, years: int, months: int) -> tuple[int, int]:
        """A term short enough to have been served (or earned early release) by yesterday."""
        total = years * 12 + months
        while total > 1:
            dates = self.release_dates(legal, person, total // 12, total % 12)
            if legal.convicted < dates.earliest.toordinal() < self.today - 1:
                break
            total = total * 2 // 3
        years, months = divmod(max(total, 1), 12)
        return years, months

    def ending(self, person: Person, legal: Legal, reason: str) -> None:
        """When and how a person not on roll left."""
        rng, style, today = self.rng, self.style, self.today
        a = person.admitted
        if person.outcome == PROBATION:
            legal.final_status = L.PROBATION
            # Released early to probation supervision: at the earliest release date where it has
            # passed, otherwise by a court's decision on an earlier date.
            earliest = legal.dates.earliest.toordinal() if legal.dates else today
            legal.end = (
                earliest
                if legal.convicted < earliest < today
                else rng.randint(min(legal.convicted + 365, today - 2), today - 1)
            )
            legal.release_reason = ReleaseReason.PROBATION
            return
        if person.outcome == RELEASED:
            legal.release_reason = reason
            if legal.convicted and legal.dates is not None:
                full, earliest = legal.dates.full_term.toordinal(), legal.dates.earliest.toordinal()
                if reason == ReleaseReason.END_OF_SENTENCE and full < today:
                    legal.end = full
                elif reason in (ReleaseReason.END_OF_SENTENCE, ReleaseReason.CONDITIONAL) and earliest < today:
                    legal.release_reason, legal.end = ReleaseReason.CONDITIONAL, earliest
                else:
                    legal.release_reason = ReleaseReason.PARDON if reason != ReleaseReason.DEPORTATION else reason
                    legal.end = rng.randint(legal.convicted + 1, max(legal.convicted + 1, min(today, full) - 1))
                legal.end = max(legal.end, legal.convicted + 1)
                return
            if legal.convicted:  # a life sentence: only a pardon ends it early
                legal.release_reason = ReleaseReason.PARDON
                legal.end = rng.randint(legal.convicted + 1, today - 1)
                return
            legal.end = min(a + self.days(style.remand_days * 0.6), today - 1)
            return
        # Escaped or died: after conviction if convicted, during the stay otherwise.
        start = legal.convicted or a
        legal.end = min(start + self.days(120, 1.0), today - 1)
        if legal.dates is not None:
            legal.end = min(legal.end, legal.dates.full_term.toordinal() - 1)
        legal.end = max(legal.end, start + 1)
        if legal.end >= today:
            legal.end = today - 1

    # -- court case, offences, sentence, legal status history -----------------------------------

    def courts(self, person: Person, legal: Legal) -> tuple[str, str]:
        """(the court that remanded or committed the person, the court that tries them)."""
        texts = self.texts
        town = person.prison.spec.town
        if person.vep:
            return texts.vep_remand_court, texts.vep_trial_court
        if legal.final_status == L.CIVIL:
            court = texts.civil_court.format(town=town)
            return court, court
        main = legal.main
        if main and main.serious:
            # Higher courts sit in the regional centre.
            trial = texts.high_court.format(town=self.region_towns[person.prison.spec.region][0])
        else:
            trial = texts.trial_court.format(town=town)
        return texts.remand_court.format(town=town), trial

    def case(self, person: Person, legal: Legal, pid: int) -> CaseInfo:
        """The court case: its number and lawyer, the offences and sentence, the legal status
        history and the hearings."""
        remand_court, trial_court = self.courts(person, legal)
        number = self.case_number(person, legal)
        lawyer = self.lawyer(person)
        case_id = self.t.cases.add(
            prisoner_id=pid,
            court=trial_court,
            case_number=number,
            legal_representative=lawyer,
            representative_contact=self.phone() if lawyer else "",
        )
        case = CaseInfo(case_id, number, remand_court, trial_court, [])
        self.write_offences(person, legal, pid, case_id)
        if legal.convicted:
            self.write_sentence(person, legal, pid, case_id)
        self.legal_status_history(person, legal, pid, trial_court)
        self.hearings(person, legal, case)
        return case

    def case_number(self, person: Person, legal: Legal) -> str:
        """In the form of the court that hears it: civil, terrorism, high court or magistrates."""
        texts = self.texts
        year = date.fromordinal(person.first_admitted or person.admitted).year
        n = self.rng.randint(1, 2400)
        if legal.final_status == L.CIVIL:
            number = texts.civil_case_number
        elif person.vep:
            number = texts.vep_case_number
        else:
            number = texts.high_case_number if legal.main and legal.main.serious else texts.case_number
        return number.format(n=n, year=year, yy=year % 100)

    def lawyer(self, person: Person) -> str:
        """Most people have a lawyer, named in the country's customs; "" for those who have none."""
        rng = self.rng
        if rng.random() >= 0.7:
            return ""
        template, sex = rng.choice(self.texts.lawyers)
        male = sex == "m" or (sex == "" and rng.random() < 0.6)
        name = self.relative_name(self.lawyer_identity(), "lawyer", male=male)
        return template.format(name=name, family=name.split(" ")[-1], town=person.prison.spec.town)

    def write_offences(self, person: Person, legal: Legal, pid: int, case_id: int) -> None:
        for spec, status in legal.offences:
            self.t.offences.add(
                prisoner_id=pid,
                case_id=case_id,
                iccs_code=spec.code,
                national_wording=spec.wording,
                terrorism_link=person.vep,
                status=status,
            )

    def write_sentence(self, person: Person, legal: Legal, pid: int, case_id: int) -> None:
        dates = legal.dates
        convicted_on = date.fromordinal(legal.convicted)
        self.t.sentences.add(
            prisoner_id=pid,
            case_id=case_id,
            imposed_on=convicted_on,
            starts_on=convicted_on,
            years=legal.years,
            months=legal.months,
            days=0,
            remand_credit_days=legal.convicted - person.admitted,
            life=legal.life,
            full_term_release_on=dates.full_term if dates else None,
            earliest_release_on=dates.earliest if dates else None,
        )

    def legal_status_history(self, person: Person, legal: Legal, pid: int, trial_court: str) -> None:
        """The status on each admission, then each change."""
        texts = self.texts
        history: list[tuple[int, str, str]] = []
        if person.first_admitted:
            history.append((person.first_admitted, L.PRE_TRIAL, texts.note_admission))
        history.append((person.admitted, legal.admitted_as, texts.note_admission))
        if legal.convicted and legal.admitted_as != L.CONVICTED:
            history.append((legal.convicted, L.CONVICTED, texts.note_convicted.format(court=trial_court)))
        if legal.appealed:
            history.append((legal.appealed, L.UNDER_APPEAL, texts.note_appeal))
        if legal.final_status == L.PROBATION:
            history.append((legal.end, L.PROBATION, agree(texts.note_probation, person.sex)))
        for day, status, note in history:
            self.t.statuses.add(
                prisoner_id=pid,
                status=status,
                effective_on=date.fromordinal(day),
                note=note,
                recorded_by_id=self.staff.reception,
                recorded_at=self.at(day, 18 * 60 + self.rng.randint(0, 120)),
            )

    def hearings(self, person: Person, legal: Legal, case: CaseInfo) -> None:
        """Before judgment, the judgment, and what is still to come. The days of those before the
        judgment go into `case.hearing_days`: the person is produced in court on most of them."""
        rng, texts, today = self.rng, self.texts, self.today
        if legal.final_status == L.CIVIL:
            purpose, outcome = texts.civil_hearing
            self.hearing(case, person.admitted - rng.randint(1, 10), purpose, outcome)
            return
        self.pre_trial_hearings(person, legal, case)
        if legal.convicted:
            self.judgment(person, legal, case)
        if legal.release_reason == ReleaseReason.ACQUITTED:
            acquittal = agree(texts.release_reasons[ReleaseReason.ACQUITTED], person.sex).format(court=case.trial_court)
            self.hearing(case, legal.end, texts.judgment[0], acquittal)
        if person.outcome == ON_ROLL and legal.final_status == L.PRE_TRIAL:
            self.hearing(case, today + rng.randint(1, 45), rng.choice(texts.next_hearing), "")
        if legal.appealed and rng.random() < 0.6:
            self.hearing(case, today + rng.randint(20, 200), texts.appeal_hearing, "")

    def pre_trial_hearings(self, person: Person, legal: Legal, case: CaseInfo) -> None:
        """Up to four, one every two months or so, between admission and judgment or release."""
        rng, texts, today = self.rng, self.texts, self.today
        horizon = min(legal.end - 1 if legal.end else today - 1, (legal.convicted - 1) if legal.convicted else today)
        span = horizon - person.admitted
        if legal.admitted_as == L.CONVICTED or span <= 3:
            return
        count = min(4, 1 + span // 60)
        case.hearing_days = sorted({rng.randint(person.admitted + 2, horizon) for _ in range(count)})
        for i, day in enumerate(case.hearing_days):
            # The first hearing is the first step of the procedure (plea, warrant, interrogation).
            purpose, outcome = texts.pre_trial_hearings[0] if i == 0 else rng.choice(texts.pre_trial_hearings[1:])
            self.hearing(case, day, purpose, outcome)

    def judgment(self, person: Person, legal: Legal, case: CaseInfo) -> None:
        purpose, outcome = self.texts.judgment
        sentence_text = term(self.country, legal.years, legal.months, legal.life)
        self.hearing(case, legal.convicted, purpose, outcome.format(term=sentence_text))
        if legal.convicted > person.admitted:
            case.hearing_days.append(legal.convicted)

    def hearing(self, case: CaseInfo, day: int, purpose: str, outcome: str) -> None:
        self.t.hearings.add(case_id=case.case_id, held_on=date.fromordinal(day), purpose=purpose, outcome=outcome)

    def lawyer_identity(self) -> Identity:
        rng = self.rng
        if self.country == "tunisia":
            return Identity("TN", None, N.Name("", "", ""), [], None, 1980, "", False)
        peoples = N.UGANDA_PEOPLES if self.country == "uganda" else N.KAZAKHSTAN_PEOPLES
        return Identity(self.style.nationality, rng.choice(peoples), N.Name("", "", ""), [], None, 1980, "", False)

    # -- custody: admissions, periods and movements ---------------------------------------------

    def origin_prison(
        self, person: Person, *tiers: tuple[str, ...], besides: PrisonRec | None = None
    ) -> PrisonRec | None:
        """Another prison holding people like this one, of the types of the first tier that has one:
        in the same region where possible."""
        rng = self.rng
        candidates: list[PrisonRec] = []
        for types in tiers:
            candidates = [
                p
                for p in self.prisons
                if p is not person.prison and p is not besides and p.prison_type in types and p.holds(person.group)
            ]
            if candidates:
                break
        near = [p for p in candidates if p.spec.region == person.prison.spec.region]
        return rng.choice(near or candidates) if candidates else None

    def custody(self, person: Person, legal: Legal, pid: int, case: CaseInfo) -> rules.Custody:
        """The admissions and movements of the file, planned as a timeline and then walked through
        the movement rule; returns where the person is at the end."""
        tl = Timeline()
        last_day = legal.end - 1 if legal.end else self.today - 1  # the last day other events may use
        stay = self.transfers(person, legal, tl, last_day)
        self.escape_and_recapture(person, stay, tl)
        self.cell_move(person, stay, tl, last_day)
        if legal.end:
            self.end_events(person, legal, tl, case)
        self.court_productions(person, case, tl, last_day)
        self.hospital_stay(person, stay, tl, last_day)
        self.admissions(person, legal, pid, case, stay, tl)
        return self.walk(person, tl, pid)

    def route(self, person: Person, legal: Legal, tl: Timeline, last_day: int) -> list[tuple[PrisonRec, int, str]]:
        """The prisons the person was held in before this one, and the day they left each: a
        remand prison until conviction, a closed prison before a farm or semi-open prison, now and
        then another prison of the same type."""
        rng, texts, a = self.rng, self.texts, person.admitted
        sex = person.sex
        route: list[tuple[PrisonRec, int, str]] = []
        if person.juvenile or legal.final_status == L.CIVIL:
            return route
        remand_first = legal.convicted > a and (self.style.remand_only or rng.random() < self.style.transfer_share)
        before = ("remand",) if self.style.remand_only else ("remand", "closed", "women")
        if person.prison.prison_type in NOT_CLOSED and legal.convicted:
            closed = self.origin_prison(person, ("closed", "women"))
            moved = self.free_day(tl, max(legal.convicted, a) + 60, last_day, tries=20) if closed else 0
            if closed and moved:
                route.append((closed, moved, agree(texts.transfer_to_open, sex)))
                remand = self.origin_prison(person, before, besides=closed) if remand_first else None
                left = self.free_day(tl, legal.convicted + 2, min(legal.convicted + 40, moved - 1), tries=20)
                if remand and left:
                    route.insert(0, (remand, left, agree(texts.transfer_after_conviction, sex)))
        elif remand_first and person.prison.prison_type not in ("remand", "juvenile"):
            remand = self.origin_prison(person, before, ("closed", "women"))
            left = self.free_day(tl, legal.convicted + 2, min(legal.convicted + 40, last_day)) or self.free_day(
                tl, legal.convicted + 1, last_day, tries=20
            )
            if remand and left:
                route.append((remand, left, agree(texts.transfer_after_conviction, sex)))
        elif rng.random() < 0.04:
            other = self.origin_prison(person, (person.prison.prison_type,))
            left = self.free_day(tl, a + 10, last_day)
            if other and left:
                route.append((other, left, agree(rng.choice(texts.transfer_reasons), sex)))
        return route

    def transfers(self, person: Person, legal: Legal, tl: Timeline, last_day: int) -> Stay:
        """The transfers along the route, and where the present stay begins and ends."""
        rng, group = self.rng, person.group
        stay = Stay(person.prison, person.cell, person.prison, person.cell)
        route = self.route(person, legal, tl, last_day)
        if (
            self.style.remand_only
            and not route
            and person.outcome != ON_ROLL
            and legal.convicted != person.admitted
            and person.prison.prison_type not in ("remand", "juvenile")
        ):
            # Left before they could be sent on from remand (released at the judgment, died or
            # escaped while awaiting trial): they were held in a remand prison.
            remand = self.origin_prison(person, ("remand",))
            if remand:
                stay.final_prison = stay.start_prison = remand
                stay.final_cell = stay.start_cell = rng.choice(remand.cells_for(group))
        for i, (_prison, day, reason) in enumerate(route):
            to_prison = route[i + 1][0] if i + 1 < len(route) else stay.final_prison
            to_cell = stay.final_cell if to_prison is stay.final_prison else rng.choice(to_prison.cells_for(group))
            tl.add(day, rng.randint(8 * 60, 11 * 60), M.TRANSFER, prison=to_prison, cell=to_cell, reason=reason)
        if route:
            stay.start_prison = route[0][0]
            stay.start_cell = rng.choice(stay.start_prison.cells_for(group))
            stay.moved = True  # the move into the final cell is the transfer
        return stay

    def escape_and_recapture(self, person: Person, stay: Stay, tl: Timeline) -> None:
        """Now and then someone on roll once escaped and was brought back to their cell."""
        rng, texts = self.rng, self.texts
        if person.outcome != ON_ROLL or stay.moved or person.juvenile or rng.random() >= 0.0006:
            return
        escape = self.free_day(tl, person.admitted + 10, self.today - 30)
        if not escape:
            return
        back = escape + rng.randint(1, 20)
        tl.block(escape, back)
        stay.start_cell = rng.choice(stay.final_prison.cells_for(person.group))
        tl.add(escape, rng.randint(19 * 60, 23 * 60), M.ESCAPE, reason=rng.choice(texts.escape_reasons))
        tl.add(
            back,
            rng.randint(9 * 60, 17 * 60),
            M.RECAPTURE,
            prison=stay.final_prison,
            cell=stay.final_cell,
            reason=agree(texts.recapture_reason, person.sex),
        )
        stay.moved = True

    def cell_move(self, person: Person, stay: Stay, tl: Timeline, last_day: int) -> None:
        """Now and then someone on roll came to their cell from another one in the same prison."""
        rng = self.rng
        if person.outcome != ON_ROLL or stay.moved or rng.random() >= 0.2:
            return
        cells = [c for c in stay.final_prison.cells_for(person.group) if c is not stay.final_cell]
        day = self.free_day(tl, person.admitted + 1, last_day) if cells else 0
        if not day:
            return
        stay.start_cell = rng.choice(cells)
        tl.add(
            day,
            rng.randint(10 * 60, 15 * 60),
            M.CELL_MOVE,
            prison=stay.final_prison,
            cell=stay.final_cell,
            reason=rng.choice(self.texts.cell_move_reasons),
        )

    def court_productions(self, person: Person, case: CaseInfo, tl: Timeline, last_day: int) -> None:
        """To court on most hearing days, and back the same evening."""
        rng = self.rng
        for day in case.hearing_days:
            if person.admitted < day <= last_day and day not in tl.busy and rng.random() < 0.85:
                tl.add(day, rng.randint(6 * 60 + 30, 8 * 60 + 30), M.COURT_PRODUCTION, reason=case.trial_court)
                tl.add(day, rng.randint(16 * 60, 18 * 60 + 30), M.RETURN)

    def hospital_stay(self, person: Person, stay: Stay, tl: Timeline, last_day: int) -> None:
        """Now and then a stay in an outside hospital."""
        rng, texts = self.rng, self.texts
        if rng.random() >= (0.05 if person.sex == "female" else 0.03):
            return
        first = self.free_day(tl, person.admitted + 1, last_day)
        days = rng.choice((0, 0, 1, 2, 3, 5, 8))
        if first and first + days <= last_day and tl.free(first, first + days):
            hospital = rng.choice(texts.hospitals).format(town=stay.final_prison.spec.town)
            reasons = texts.hospital_reasons + (texts.women_hospital_reasons if person.sex == "female" else ())
            tl.add(first, rng.randint(9 * 60, 12 * 60), M.HOSPITAL, reason=f"{hospital}: {rng.choice(reasons)}")
            tl.add(first + days, rng.randint(14 * 60, 17 * 60), M.RETURN)
            tl.block(first, first + days)

    def admissions(self, person: Person, legal: Legal, pid: int, case: CaseInfo, stay: Stay, tl: Timeline) -> None:
        """The admission records and movements: an earlier stay ended on bail, then the present one."""
        rng, texts, group = self.rng, self.texts, person.group
        if person.first_admitted:
            # That stay was on remand, in a prison that holds remand prisoners.
            before = ("remand",) if self.style.remand_only else ("remand", "closed", "women")
            start = stay.start_prison
            old_prison = start if start.prison_type in before else (self.origin_prison(person, before) or start)
            old_cell = rng.choice(old_prison.cells_for(group))
            released = rng.randint(person.first_admitted + 5, max(person.first_admitted + 5, person.admitted - 20))
            minute = rng.randint(13 * 60, 18 * 60)
            _old, at = self.admission(person, legal, pid, case, old_prison, person.first_admitted, minute, earlier=True)
            tl.add(person.first_admitted, minute, M.ADMISSION, prison=old_prison, cell=old_cell, admitted_at=at)
            tl.add(
                released,
                rng.randint(10 * 60, 16 * 60),
                M.RELEASE,
                release_reason=ReleaseReason.BAIL,
                reason=agree(texts.release_reasons[ReleaseReason.BAIL], person.sex).format(court=case.remand_court),
            )
        admission, at = self.admission(person, legal, pid, case, stay.start_prison, person.admitted, person.minute)
        tl.add(
            person.admitted, person.minute, M.ADMISSION, prison=stay.start_prison, cell=stay.start_cell, admitted_at=at
        )
        self.property(admission)

    def end_events(self, person: Person, legal: Legal, tl: Timeline, case: CaseInfo) -> None:
        rng, texts = self.rng, self.texts
        end = legal.end
        if person.outcome in (RELEASED, PROBATION):
            reason_text = agree(texts.release_reasons.get(legal.release_reason, ""), person.sex).format(
                court=case.trial_court
            )
            if legal.release_reason == ReleaseReason.ACQUITTED:
                # Acquitted at court and released from there.
                tl.add(end, rng.randint(6 * 60 + 30, 8 * 60), M.COURT_PRODUCTION, reason=case.trial_court)
                tl.add(
                    end,
                    rng.randint(13 * 60, 17 * 60),
                    M.RELEASE,
                    release_reason=legal.release_reason,
                    reason=reason_text,
                )
            else:
                tl.add(
                    end,
                    rng.randint(9 * 60, 15 * 60),
                    M.RELEASE,
                    release_reason=legal.release_reason,
                    reason=reason_text,
                )
        elif person.outcome == ESCAPED:
            tl.add(end, rng.randint(5 * 60, 22 * 60), M.ESCAPE, reason=rng.choice(texts.escape_reasons))
        elif person.outcome == DECEASED:
            hospital = rng.choice(texts.hospitals).format(town=person.prison.spec.town)
            before = end - rng.randint(1, 10)
            if rng.random() < 0.5 and before > person.admitted and tl.free(before, end):
                tl.add(
                    before,
                    rng.randint(8 * 60, 20 * 60),
                    M.HOSPITAL,
                    reason=f"{hospital}: {rng.choice(texts.hospital_reasons)}",
                )
                tl.block(before, end)
            death = agree(rng.choice(texts.deaths), person.sex).format(hospital=hospital)
            tl.add(end, rng.randint(0, 23 * 60), M.DEATH, death=death)
        tl.busy.add(end)

    def admission(
        self,
        person: Person,
        legal: Legal,
        pid: int,
        case: CaseInfo,
        prison: PrisonRec,
        day: int,
        minute: int,
        *,
        earlier: bool = False,
    ) -> tuple[int, datetime]:
        """The admission record (Rule 7): commitment, arrest, condition on arrival."""
        rng, texts = self.rng, self.texts
        admitted_at = self.at(day, minute)
        status = L.PRE_TRIAL if earlier else legal.admitted_as
        commitment = self.commitment(person, legal, case, status, earlier=earlier)
        # Someone committed on conviction comes from court: the arrest is on the earlier records.
        arrest = self.arrest(person, prison, admitted_at) if status != L.CONVICTED else NO_ARREST
        injuries = rng.choice(texts.injuries) if rng.random() < 0.06 else ""
        complaint = self.ill_treatment(person, prison, admitted_at)
        order_date = date.fromordinal(day - rng.choice((0, 0, 0, 1, 2)))
        admission_id = self.t.admissions.add(
            prisoner_id=pid,
            prison_id=prison.pk,
            admitted_at=admitted_at,
            commitment_date=order_date,
            visible_injuries=injuries,
            admitted_by_id=self.staff.reception,
            **commitment,
            **arrest,
            **complaint,
        )
        return admission_id, admitted_at

    def commitment(self, person: Person, legal: Legal, case: CaseInfo, status: str, *, earlier: bool) -> dict[str, Any]:
        """Who committed the person, under which reference and why: a civil court's order, a
        committal on conviction, or a remand warrant."""
        texts = self.texts
        offence_text = legal.main.wording if legal.main else ""
        n = self.rng.randint(100, 9999)
        if status == L.CIVIL:
            authority, reference = case.remand_court, case.number
            reasons = texts.civil_reasons.format(case=case.number)
        elif status == L.CONVICTED:
            authority = case.trial_court
            reference = texts.commitment_reference.format(case=case.number, n=n)
            reasons = texts.commitment_reasons.format(
                offence=offence_text, term=term(self.country, legal.years, legal.months, legal.life)
            )
        else:
            authority = case.remand_court
            reference = texts.remand_reference.format(case=case.number, n=n)
            template = texts.readmission_reasons if person.first_admitted and not earlier else texts.remand_reasons
            reasons = template.format(offence=offence_text)
        return {"commitment_authority": authority, "commitment_reference": reference, "commitment_reasons": reasons}

    def arrest(self, person: Person, prison: PrisonRec, admitted_at: datetime) -> dict[str, Any]:
        """When and where a person who comes in before judgment was arrested: days before."""
        rng, texts = self.rng, self.texts
        arrested_at = admitted_at - timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 600))
        if person.returnee:
            place = texts.returnee_arrest_place
        else:
            place = agree(rng.choice(texts.arrest_places), person.sex).format(town=prison.spec.town)
        return {"arrested_at": arrested_at, "arrest_place": place}

    def ill_treatment(self, person: Person, prison: PrisonRec, admitted_at: datetime) -> dict[str, Any]:
        """A few people complain of ill-treatment before admission (Rule 7(d)). Most complaints
        have had action recorded; the rest still show on the director's list."""
        rng, texts = self.rng, self.texts
        complaint: dict[str, Any] = {
            "ill_treatment_complaint": "",
            "ill_treatment_action": "",
            "ill_treatment_action_at": None,
            "ill_treatment_action_by_id": None,
        }
        if rng.random() >= 0.012:
            return complaint
        complaint["ill_treatment_complaint"] = agree(rng.choice(texts.complaints), person.sex).format(
            town=prison.spec.town
        )
        acted_at = admitted_at + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6))
        if rng.random() < 0.65 and acted_at < self.at(self.today, 0):
            complaint["ill_treatment_action"] = agree(rng.choice(texts.actions), person.sex)
            complaint["ill_treatment_action_at"] = acted_at
            complaint["ill_treatment_action_by_id"] = self.staff.director
        return complaint

    def property(self, admission_id: int) -> None:
        rng, texts = self.rng, self.texts
        if rng.random() < 0.4:
            return
        items = rng.sample(texts.property, k=min(len(texts.property), rng.choice((1, 1, 2, 2, 3, 4))))
        for description, conditions in items:
            self.t.property.add(
                admission_id=admission_id, description=description, quantity=1, condition=rng.choice(conditions)
            )
        if rng.random() < 0.5:
            lo, hi, step = texts.cash_range
            cash = texts.cash.format(n=rng.randrange(lo, hi, step))
            self.t.property.add(admission_id=admission_id, description=cash, quantity=1, condition="")

    def walk(self, person: Person, tl: Timeline, pid: int) -> rules.Custody:
        """Apply the events in time order as services.movement_record does: each movement checked
        (rules.movement_problems) and applied (rules.movement_effect) by the register's movement
        rule, then the movements and custody periods written; returns where the person is at the end."""
        custody, last_at = rules.NOT_YET_ADMITTED, None
        applied: list[tuple[rules.Move, rules.MovementEffect]] = []
        for event in sorted(tl.events):
            move = self.move_of(event)
            problems = rules.movement_problems(
                custody, move, last_at=last_at, now=self.now, bounds=self.bounds, tz=self.tz
            )
            if problems:
                raise AssertionError(f"{person.number}: the services would refuse {move}: {problems}")
            effect = rules.movement_effect(custody, move)
            self.write_movement(pid, custody, move, effect)
            applied.append((move, effect))
            custody, last_at = effect.after, move.occurred_at
        self.write_periods(pid, applied)
        held = rules.Custody(S.IN_CUSTODY, person.prison.pk, person.cell.pk)
        if person.outcome == ON_ROLL and custody != held:
            raise AssertionError(f"{person.number}: history does not end where the person is held")
        return custody

    def move_of(self, event: Event) -> rules.Move:
        return rules.Move(
            event.kind,
            event.admitted_at or self.at(event.day, event.minute),
            to_prison=event.prison.pk if event.prison else None,
            to_cell=event.cell.pk if event.cell else None,
            cell_prison=event.cell.unit.prison.pk if event.cell else None,
            reason=event.reason,
            release_reason=event.release_reason,
            death_circumstances=event.death,
        )

    def write_movement(self, pid: int, before: rules.Custody, move: rules.Move, effect: rules.MovementEffect) -> None:
        # Reception admits and releases; the wing records the rest.
        recorder = self.staff.reception if move.kind in (M.ADMISSION, M.RELEASE) else self.staff.wing
        self.t.movements.add(prisoner_id=pid, recorded_by_id=recorder, **rules.movement_row(before, move, effect))

    def write_periods(self, pid: int, applied: list[tuple[rules.Move, rules.MovementEffect]]) -> None:
        """The custody periods the movements open and end, the last one open while the person is held."""
        periods: list[dict[str, Any]] = []
        for move, effect in applied:
            if effect.ends_period and periods and periods[-1]["ended_at"] is None:
                periods[-1]["ended_at"] = move.occurred_at
            if effect.opens_period_in is not None:
                periods.append(
                    {
                        "prisoner_id": pid,
                        "prison_id": effect.opens_period_in,
                        "started_at": move.occurred_at,
                        "ended_at": None,
                    }
                )
        for period in periods:
            self.t.periods.add(**period)
