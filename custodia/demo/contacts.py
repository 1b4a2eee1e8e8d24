"""Contacts with the outside world at the largest prison, made through the contact services:

- the family of three men on the file, recorded as contacts by reception and approved for visits
  and calls (the first also for video calls);
- a legal adviser for a man linked to violent extremism (where the prison holds one; otherwise
  for the first man), approved for visits (confidential);
- a friend restricted by the security officer for two weeks after a phone was found on him at a
  visit, who is the friend of another man too (the same identity document: a shared contact in
  the networks);
- a brother restricted by the director a month ago by court order, his review due today (the
  director's home page shows it).

Men only, from the first on roll (those the other parts of the demo chose are the last)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from custodia.contact import services
from custodia.contact.models import Contact, Restriction
from custodia.register.choices import Sex
from custodia.register.models import FamilyMember, Prisoner

from .held import on_roll_at

RECEPTION, SECURITY, DIRECTOR = "reception", "security", "director"


@dataclass(frozen=True)
class ContactTexts:
    lawyer: str
    lawyer_capacity: str
    friend: str
    friend_document: str
    phone_found: str
    court_order: str


TEXTS = {
    "uganda": ContactTexts(
        "Adv. Sarah Nakato",
        "Defence counsel",
        "Peter Ssemakula",
        "NIN CM85012345ABCD",
        "A phone was found in his shoe at the search.",
        "The magistrate's order forbids contact with the witness.",
    ),
    "kazakhstan": ContactTexts(
        "Адвокат Айгерим Сейтқали",
        "Защитник",
        "Ерлан Тусупов",
        "Удостоверение личности 045612378",
        "При досмотре в обуви обнаружен телефон.",
        "Постановлением суда запрещены контакты со свидетелем.",
    ),
    "tunisia": ContactTexts(
        "Me Leïla Ben Salah",
        "Avocate de la défense",
        "Karim Jaziri",
        "CIN 08452317",
        "Un téléphone trouvé dans sa chaussure à la fouille.",
        "L'ordonnance du juge interdit tout contact avec le témoin.",
    ),
}


@dataclass(frozen=True)
class ContactsMade:
    contacts: int
    restricted: int
    reviews_due: int


def make_contacts(*, country: str, workplace_id: int, today: date) -> ContactsMade | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(RECEPTION, SECURITY, DIRECTOR))}
    if len(users) < 3:
        return None  # accounts that existed before the demo: nothing to record with
    reception, security, director = users[RECEPTION], users[SECURITY], users[DIRECTOR]
    texts = TEXTS.get(country, TEXTS["uganda"])
    men = [p for p in on_roll_at(workplace_id) if p.sex == Sex.MALE]
    with_family = [p for p in men if FamilyMember.objects.filter(prisoner_id=p.pk).exists()][:3]
    veps = [p for p in men if p.is_vep]
    if len(with_family) < 3:
        return None
    for n, held in enumerate(with_family):
        for member in FamilyMember.objects.filter(prisoner_id=held.pk):
            contact = services.contact_from_family(actor=reception, family_member=member)
            services.contact_approve(actor=reception, contact=contact, may_visit=True, may_call=True, may_video=n == 0)
    first = Prisoner.objects.get(pk=with_family[0].pk)
    lawyer = services.contact_add(
        actor=reception,
        prisoner=Prisoner.objects.get(pk=(veps or with_family)[0].pk),
        data=services.ContactData("legal_adviser", texts.lawyer, relationship=texts.lawyer_capacity),
    )
    services.contact_approve(actor=reception, contact=lawyer, may_visit=True, may_call=True, may_video=False)
    friend_data = services.ContactData("friend", texts.friend, identity_document=texts.friend_document)
    friend = services.contact_add(actor=reception, prisoner=first, data=friend_data)
    # The same man is a friend of the third: the security officer's network links the two.
    services.contact_add(actor=reception, prisoner=Prisoner.objects.get(pk=with_family[2].pk), data=friend_data)
    services.contact_approve(actor=reception, contact=friend, may_visit=True, may_call=False, may_video=False)
    services.restriction_impose(
        actor=security,
        contact=friend,
        data=services.RestrictionData(
            "security", texts.phone_found, today - timedelta(days=2), today + timedelta(days=12)
        ),
    )
    relative = Contact.objects.filter(prisoner_id=with_family[1].pk, kind="family").first()
    if relative is not None:
        services.restriction_impose(
            actor=director,
            contact=relative,
            data=services.RestrictionData(
                "court_order", texts.court_order, today - timedelta(days=30), today + timedelta(days=60)
            ),
        )
    return ContactsMade(
        contacts=Contact.objects.count(),
        restricted=Restriction.objects.count(),
        reviews_due=Restriction.objects.filter(review_on__lte=today, lifted_on__isnull=True).count(),
    )
