"""The demo's day at the largest prison: the work its staff's home pages count (core.home).

The files (demo/files.py) end the day before, everyone on roll in their cell, and nobody's
sentence ends within two weeks. After the assessments and classifications, today's work is
recorded through the services, as staff would record it (each step in the audit trail):

- three people on remand have their hearing today: two were taken to court this morning by the
  wing and are not back yet; one was taken to an outside hospital;
- three convicted people are due for release this week, one of them today: their sentence is set
  a few months shorter, so that its full term ends then (a preparation of demo data, as the files
  are, and the judgment's wording with it);
- the security officer records two non-associations;
- the director grants an exception to the separation of untried and convicted people for a person
  on remand, and the wing moves them into a unit of convicted people: the demo's only mixing of
  Rule 11's categories, on purpose and on record (its tests hold it to that);
- the director returns a classification proposal to the case manager, and a proposal for a person
  linked to violent extremism awaits headquarters.

People are taken in the order of their ids, so the same demo always gets the same day.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts.selectors import works_at
from custodia.classification import queries
from custodia.classification import services as classification_services
from custodia.classification.models import ClassificationDecision
from custodia.core.rights import right
from custodia.estate.models import Cell, Prison, PrisonType, Unit
from custodia.estate.selectors import active_profile
from custodia.placement import services as placement_services
from custodia.placement.rules import SeparationRule
from custodia.register import rules as register_rules
from custodia.register import services as register_services
from custodia.register.choices import CustodyStatus, LegalStatus, MovementKind
from custodia.register.models import Hearing, Prisoner, Sentence
from custodia.register.placing import cell_verdicts, placement_refusals
from custodia.security import services as security_services
from custodia.security.models import Level, NonAssociation, Reason, Role

from .classifications import TEXTS as CLASSIFICATION_TEXTS
from .held import on_roll_at
from .records import PrisonRec
from .texts import TEXTS as FILE_TEXTS
from .texts import Gendered, Text, agree, term

if TYPE_CHECKING:
    from .held import HeldPrisoner

WING, SECURITY, DIRECTOR, PROPOSER = "wing", "security", "director", "casemanager"
HEARINGS, AT_COURT = 3, 2
# Days from today on which the releases of the week fall.
RELEASES = (0, 2, 5)

# What the staff write, in the language the country's files are written in (demo/texts.py), agreeing
# with the person it is about.
TEXTS: dict[str, dict[str, Text]] = {
    "uganda": {
        "threats": "Threats in the yard over a debt; reported by the wing officer and confirmed by a witness.",
        "influence": Gendered(
            "Seen passing writings to younger men at prayers and meals; reported by two wing officers.",
            "Seen passing writings to younger women at prayers and meals; reported by two wing officers.",
        ),
        "exception": "Held in the convicted section until a bed is free in the remand block.",
        "return": "Please add the latest wing reports and say why the programme completed does not lower the level.",
    },
    "kazakhstan": {
        "threats": "Угрозы на прогулке из-за долга; со слов сотрудника отряда, подтверждено свидетелем.",
        "influence": Gendered(
            "Замечен при передаче записей молодым осуждённым во время молитвы и приёма пищи; "
            "рапорты двух сотрудников отряда.",
            "Замечена при передаче записей молодым осуждённым во время молитвы и приёма пищи; "
            "рапорты двух сотрудников отряда.",
        ),
        "exception": "Содержится в секции осуждённых до освобождения места в корпусе для подследственных.",
        "return": "Приложите последние характеристики отряда и поясните, почему пройденная программа "
        "не снижает уровень.",
    },
    "tunisia": {
        "threats": "تهديد في الساحة بسبب دين؛ حسب إفادة عون الجناح وبتأكيد من شاهد.",
        "influence": Gendered(
            "شوهد يمرّر كتابات لشبّان أصغر سنًّا أثناء الصلاة والوجبات؛ حسب تقريرَي عونين من الجناح.",
            "شوهدت تمرّر كتابات لشابّات أصغر سنًّا أثناء الصلاة والوجبات؛ حسب تقريرَي عونين من الجناح.",
        ),
        "exception": Gendered(
            "يُودع بجناح المحكوم عليهم إلى أن يتوفّر مكان بجناح الموقوفين.",
            "تُودع بجناح المحكوم عليهنّ إلى أن يتوفّر مكان بجناح الموقوفات.",
        ),
        "return": "يُرجى إرفاق آخر تقارير الجناح وبيان لماذا لا يخفّض البرنامج المُنجز المستوى.",
    },
}


@dataclass
class _Staff:
    wing: User
    security: User
    director: User
    proposer: User


def make_today(*, country: str, workplace: PrisonRec, today: date) -> dict[str, int]:
    """Today's work at the workplace; returns how much of each kind was recorded (nothing when its
    staff cannot record it there, for example accounts that existed before the demo)."""
    staff = _staff(Prison.objects.get(pk=workplace.pk))
    if staff is None:
        return {}
    texts = TEXTS.get(country, TEXTS["uganda"])
    people = on_roll_at(workplace.pk)
    cells = dict(Cell.objects.filter(unit__prison_id=workplace.pk).values_list("pk", "unit_id"))
    units = {p.pk: cells[p.current_cell_id] for p in people if p.current_cell_id is not None}
    done = {
        "court hearings today": _hearings(people, staff, today),
        "releases due this week": _releases(people, country, today),
        "non-associations": _non_associations(people, units, staff, texts),
    }
    # After the hospital's morning movement: the exception's move is recorded now.
    done["in an outside hospital"] = _hospital(people, staff, country, workplace, today)
    done["separation exceptions"] = _exception(people, units, staff, texts, today)
    done.update(_proposals(people, staff, country, texts, today))
    done.update(_planned_moves(staff, country, workplace, today))
    return {what: n for what, n in done.items() if n}


def _staff(prison: Prison) -> _Staff | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(WING, SECURITY, DIRECTOR, PROPOSER))}
    needed = {
        WING: "record_movement",
        SECURITY: "manage_non_associations",
        DIRECTOR: "approve_separation_exception",
        PROPOSER: "propose_classification",
    }
    if any(name not in users or not users[name].has_perm(right(r)) for name, r in needed.items()):
        return None
    if not all(works_at(user, prison) for user in users.values()):
        return None
    return _Staff(users[WING], users[SECURITY], users[DIRECTOR], users[PROPOSER])


def _morning(today: date, hour: int, minute: int = 0) -> datetime:
    """A time this morning, never after now (a movement is never recorded ahead of time)."""
    at = datetime.combine(today, time(hour, minute), tzinfo=timezone.get_current_timezone())
    return min(at, timezone.now() - timedelta(minutes=5))


def _in_custody(people: list["HeldPrisoner"]) -> Iterator["HeldPrisoner"]:
    return (p for p in people if p.custody_status == CustodyStatus.IN_CUSTODY)


def _hearings(people: list["HeldPrisoner"], staff: _Staff, today: date) -> int:
    """The next hearing of a few people on remand brought to today; the first ones taken to court."""
    on_remand = [p for p in _in_custody(people) if p.legal_status == LegalStatus.PRE_TRIAL]
    moved = 0
    for person in on_remand:
        hearing = Hearing.objects.filter(case__prisoner=person, held_on__gt=today).order_by("held_on").first()
        if hearing is None:
            continue
        Hearing.objects.filter(pk=hearing.pk).update(held_on=today)
        if moved < AT_COURT:
            data = register_services.MovementData(
                kind=MovementKind.COURT_PRODUCTION, occurred_at=_morning(today, 6, 45), reason=hearing.case.court
            )
            register_services.movement_record(actor=staff.wing, prisoner=person, data=data)
            person.custody_status = CustodyStatus.AT_COURT
        moved += 1
        if moved == HEARINGS:
            break
    return moved


def _hospital(people: list["HeldPrisoner"], staff: _Staff, country: str, workplace: PrisonRec, today: date) -> int:
    texts = FILE_TEXTS[country]
    person = next(_in_custody(people), None)
    if person is None:
        return 0
    hospital = texts.hospitals[0].format(town=workplace.spec.town)
    data = register_services.MovementData(
        kind=MovementKind.HOSPITAL,
        occurred_at=_morning(today, 9, 30),
        reason=f"{hospital}: {texts.hospital_reasons[0]}",
    )
    register_services.movement_record(actor=staff.wing, prisoner=person, data=data)
    person.custody_status = CustodyStatus.IN_HOSPITAL
    return 1


def _releases(people: list["HeldPrisoner"], country: str, today: date) -> int:
    """For each day of RELEASES, the sentence that can end then with the least change: a few
    months shorter (some days too, rarely), its dates and the judgment's wording with it."""
    convicted = {p.pk for p in people if p.legal_status == LegalStatus.CONVICTED}
    # Those admitted before the judgment: the order that committed them does not state the term.
    sentences = list(
        Sentence.objects.filter(prisoner_id__in=convicted, life=False, remand_credit_days__gt=0).order_by("prisoner_id")
    )
    fraction = active_profile().release.earliest_release_fraction
    done = 0
    for offset in RELEASES:
        target = today + timedelta(days=offset)
        found = [term for sentence in sentences if (term := _shortened(sentence, target)) is not None]
        if not found:
            continue
        # Whole months cut by at most two years if one such term ends then; else the smallest cut.
        chosen = min(found, key=lambda t: (not (t.days == 0 and t.cut <= 24), t.cut, t.days))
        _set_term(chosen, fraction, country)
        sentences.remove(chosen.sentence)
        done += 1
    return done


@dataclass(frozen=True)
class _Term:
    sentence: Sentence
    months: int
    days: int  # added to the months for the term to end on the day
    cut: int  # months less than the sentence's


def _shortened(sentence: Sentence, target: date) -> _Term | None:
    """The longest term in whole months (and days) shorter than the sentence's that ends on `target`."""
    total = sentence.years * 12 + sentence.months
    for months in range(total - 1, 0, -1):
        ends = register_rules.add_months(sentence.starts_on, months) - timedelta(days=sentence.remand_credit_days)
        if ends <= target:
            return _Term(sentence, months, (target - ends).days, total - months)
    return None


def _set_term(shortened: _Term, fraction: float, country: str) -> None:
    sentence, days = shortened.sentence, shortened.days
    years, months = divmod(shortened.months, 12)
    dates = register_rules.release_dates(
        starts_on=sentence.starts_on,
        years=years,
        months=months,
        days=days,
        remand_credit_days=sentence.remand_credit_days,
        earliest_fraction=fraction,
    )
    Sentence.objects.filter(pk=sentence.pk).update(
        years=years, months=months, days=days, full_term_release_on=dates.full_term, earliest_release_on=dates.earliest
    )
    purpose, outcome = FILE_TEXTS[country].judgment
    Hearing.objects.filter(case_id=sentence.case_id, held_on=sentence.imposed_on, purpose=purpose).update(
        outcome=outcome.format(term=term(country, years, months))
    )


def _non_associations(
    people: list["HeldPrisoner"], units: dict[int, int], staff: _Staff, texts: dict[str, Text]
) -> int:
    """A person linked to violent extremism kept from a man he was seen influencing, and two men
    kept apart after threats: each pair in different units (`units`: the unit of each person in a cell)."""
    held = [p for p in people if p.pk in units]
    veps = [p for p in held if p.is_vep]
    others = [p for p in held if not p.is_vep]
    pairs = []
    if veps:
        pairs.append((veps[0], others, Reason.EXTREMIST_INFLUENCE, Role.RECRUITER, Role.VULNERABLE_TO_RECRUITMENT))
    if others:
        pairs.append((others[-1], others, Reason.THREATS, Role.AGGRESSOR, Role.VICTIM))
    done = 0
    for person, pool, reason, role, other_role in pairs:
        other = next((p for p in pool if units[p.pk] != units[person.pk]), None)
        if other is None:
            continue
        security_services.non_association_open(
            actor=staff.security,
            prisoner=person,
            other=other,
            level=Level.UNIT,
            reason=reason,
            role=role,
            other_role=other_role,
            comment=agree(texts["influence" if reason == Reason.EXTREMIST_INFLUENCE else "threats"], person.sex),
        )
        done += 1
    return done


def _exception(
    people: list["HeldPrisoner"], units: dict[int, int], staff: _Staff, texts: dict[str, Text], today: date
) -> int:
    """The demo's one deliberate mixing of Rule 11's categories (the builder keeps them in units of
    their own): the director allows a person on remand to be held for a month in a unit of
    convicted people, and the wing moves them there, into its least crowded cell. Someone with a
    non-association is left where they are, which the placement check would refuse."""
    apart = {pk for pair in NonAssociation.objects.values_list("prisoner_a_id", "prisoner_b_id") for pk in pair}
    person = next(
        (
            p
            for p in _in_custody(people)
            if p.legal_status == LegalStatus.PRE_TRIAL and p.pk in units and p.pk not in apart
        ),
        None,
    )
    if person is None:
        return 0
    convicted_units = sorted(
        {
            units[p.pk]
            for p in people
            if p.pk in units and p.legal_status == LegalStatus.CONVICTED and p.sex == person.sex
        }
    )
    if not convicted_units:
        return 0
    unit = Unit.objects.get(pk=convicted_units[0])
    reason = agree(texts["exception"], person.sex)
    placement_services.separation_exception_grant(
        actor=staff.director,
        prisoner=person,
        rule=SeparationRule.UNTRIED_CONVICTED,
        unit=unit,
        reason=reason,
        valid_until=today + timedelta(days=30),
    )
    occupants = Counter(p.current_cell_id for p in people)
    cell = min(unit.cells.order_by("pk"), key=lambda c: occupants[c.pk] / c.capacity)
    placement_services.cell_move(
        actor=staff.wing,
        prisoner=person,
        cell=cell,
        reason=reason,
        over_capacity_confirmed=True,
    )
    return 1


def _proposals(
    people: list["HeldPrisoner"], staff: _Staff, country: str, texts: dict[str, Text], today: date
) -> dict[str, int]:
    """Among those not yet classified: a proposal the director returns to the case manager, and one
    for a person linked to violent extremism, which headquarters decides."""
    classified = set(ClassificationDecision.objects.values_list("prisoner_id", flat=True))
    waiting = [p for p in _in_custody(people) if p.pk not in classified]
    written = CLASSIFICATION_TEXTS.get(country, CLASSIFICATION_TEXTS["uganda"])
    done = {}
    person = next((p for p in waiting if not p.is_vep), None)
    if person is not None:
        decision = _propose(person, staff, written, today)
        classification_services.classification_return(
            actor=staff.director, decision=decision, comment=agree(texts["return"], person.sex)
        )
        done["proposals returned to the case manager"] = 1
    person = next((p for p in waiting if p.is_vep), None)
    if person is not None:
        _propose(person, staff, written, today)
        done["proposals awaiting headquarters"] = 1
    return done


def _propose(person: "HeldPrisoner", staff: _Staff, written: dict[str, Text], today: date) -> ClassificationDecision:
    return classification_services.classification_propose(
        actor=staff.proposer,
        prisoner=person,
        proposed_level=queries.compute_proposal(person, today=today)[0].level,
        rationale=agree(written["rationale"], person.sex),
        vep_placement="integration_dispersal" if person.is_vep else "",
        vep_placement_reason=agree(written["placement"], person.sex) if person.is_vep else "",
    )


# Moves planned ahead (register.models.PlannedMove): transfers expected at the workplace today,
# requested by the prisons that send them (whose staff the demo has no accounts for: the system
# asks), and the wing's own requests, cell moves and a transfer out. Each is asked only where the
# placement check would allow it now, so that the demo's requests carry no warning.
ARRIVALS, CELL_MOVES, TRANSFERS_OUT = 3, 2, 1
# At most this many people are tried for each kind, so that a demo whose estate suits no one ends.
TRIED = 60

MOVE_TEXTS = {
    "uganda": {
        "arrival": "Closer to the family's home, for visits; agreed by headquarters.",
        "cell_move": "Asked by the wing after a quarrel in the cell; a quieter cell in the same prison.",
        "transfer_out": "A place on the vocational programme of the receiving prison.",
    },
    "kazakhstan": {
        "arrival": "Ближе к месту жительства семьи, для свиданий; согласовано с управлением.",
        "cell_move": "По просьбе отряда после конфликта в камере; более спокойная камера в том же учреждении.",
        "transfer_out": "Место в программе профессионального обучения принимающего учреждения.",
    },
    "tunisia": {
        "arrival": "تقريبًا من مقرّ سكن العائلة لتيسير الزيارات؛ بموافقة الإدارة العامة.",
        "cell_move": "بطلب من الجناح إثر خلاف داخل الغرفة؛ غرفة أهدأ في السجن نفسه.",
        "transfer_out": "مكان في برنامج التكوين المهني بالسجن المستقبِل.",
    },
}


def _planned_moves(staff: _Staff, country: str, workplace: PrisonRec, today: date) -> dict[str, int]:
    texts = MOVE_TEXTS.get(country, MOVE_TEXTS["uganda"])
    prison = Prison.objects.get(pk=workplace.pk)
    # A plan is never dated before the real today, whatever day the demo is built for.
    day = max(today, timezone.localdate())
    # Read again: today's movements have moved some of the people the day started with.
    people = [p for p in _in_custody(on_roll_at(prison.pk)) if p.current_cell_id is not None]
    # A transfer goes where people of the same sex and legal status are held already.
    alike = set(Prisoner.objects.on_roll().values_list("current_prison_id", "sex", "legal_status").distinct())
    return {
        "transfers expected today": _arrivals(prison, alike, texts["arrival"], day),
        "cell moves requested": _cell_moves(people[:TRIED], prison, staff, texts["cell_move"], day),
        "transfers out requested": _transfers_out(people[-TRIED:], prison, alike, staff, texts["transfer_out"], day),
    }


def _request(actor: User | None, person: Prisoner, data: register_services.PlannedMoveData) -> None:
    requested = register_services.planned_move_request(actor=actor, prisoner=person, data=data)
    assert not requested.warnings, requested.warnings  # the place was checked before asking


def _arrivals(prison: Prison, alike: set[tuple[int, str, str]], reason: str, day: date) -> int:
    """People held elsewhere, of a sex and legal status held here, whom the placement check allows here."""
    elsewhere = (
        Prisoner.objects.on_roll()
        .filter(custody_status=CustodyStatus.IN_CUSTODY)
        .exclude(current_prison=prison)
        .exclude(current_prison__prison_type=PrisonType.JUVENILE)
        .select_related("current_prison")
        .order_by("pk")
    )
    candidates = (p for p in elsewhere.iterator() if (prison.pk, p.sex, p.legal_status) in alike)
    done = 0
    for person in islice(candidates, TRIED):
        if placement_refusals(person, prison, None):
            continue
        data = register_services.PlannedMoveData(MovementKind.TRANSFER, day, reason, to_prison=prison)
        _request(None, person, data)
        done += 1
        if done == ARRIVALS:
            break
    return done


def _cell_moves(people: list["HeldPrisoner"], prison: Prison, staff: _Staff, reason: str, day: date) -> int:
    """The first people who fit, each into the best cell the placement check allows them but their own."""
    cells = list(Cell.objects.filter(unit__prison=prison).select_related("unit"))
    done = 0
    for person in people:
        verdicts = cell_verdicts(person, prison, cells)
        # The best first (placing.cell_verdicts): in an overcrowded prison, the least crowded.
        cell = next((v.cell for v in verdicts if not v.refusals and v.cell.pk != person.current_cell_id), None)
        if cell is None:
            continue
        data = register_services.PlannedMoveData(
            MovementKind.CELL_MOVE, day + timedelta(days=done), reason, to_cell=cell
        )
        _request(staff.wing, person, data)
        done += 1
        if done == CELL_MOVES:
            break
    return done


def _transfers_out(
    people: list["HeldPrisoner"],
    prison: Prison,
    alike: set[tuple[int, str, str]],
    staff: _Staff,
    reason: str,
    day: date,
) -> int:
    """The last people who fit, to another prison holding people like them, in three days."""
    others = list(
        Prison.objects.filter(is_active=True)
        .exclude(pk=prison.pk)
        .exclude(prison_type=PrisonType.JUVENILE)
        .order_by("pk")
    )
    done = 0
    for person in reversed(people):
        fits = (o for o in others if (o.pk, person.sex, person.legal_status) in alike)
        other = next((o for o in fits if not placement_refusals(person, o, None)), None)
        if other is None:
            continue
        data = register_services.PlannedMoveData(
            MovementKind.TRANSFER, day + timedelta(days=3), reason, to_prison=other
        )
        _request(staff.wing, person, data)
        done += 1
        if done == TRANSFERS_OUT:
            break
    return done
