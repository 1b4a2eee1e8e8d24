"""The demo's photographs (demo/photographs.py): a silhouette on some files at the demo's prison,
kept as every photograph is, shown on the file and in the list."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from custodia.demo.builder import build
from custodia.demo.photographs import PHOTOGRAPHED_EVERY, silhouette
from custodia.register.models import Photograph, Prisoner

pytestmark = pytest.mark.django_db


def test_the_silhouette_is_drawn_the_same_every_time():
    assert silhouette((226, 230, 234)) == silhouette((226, 230, 234))
    image = Image.open(io.BytesIO(silhouette((226, 230, 234))))
    assert image.size == (480, 640)
    assert image.getpixel((5, 5)) == (226, 230, 234) and image.getpixel((240, 200)) != (226, 230, 234)


def test_one_person_in_three_at_the_workplace_has_a_photograph(client, sign_in):
    result = build(country="uganda", scale=0.01)
    reception = get_user_model().objects.get(username="reception")
    workplace = reception.assignment.prisons.get()
    on_roll = Prisoner.objects.filter(current_prison=workplace).count()
    assert result.photographs == len(range(0, on_roll, PHOTOGRAPHED_EVERY)) > 0
    assert Photograph.objects.count() == result.photographs
    assert not Photograph.objects.exclude(prisoner__current_prison=workplace).exists()
    photograph = Photograph.objects.select_related("prisoner").first()
    admitted_at = photograph.prisoner.admissions.order_by("-admitted_at").first().admitted_at
    assert photograph.taken_on == timezone.localdate(admitted_at)
    assert (photograph.width, photograph.height) == (480, 640) and bytes(photograph.image).startswith(b"\xff\xd8")

    sign_in(client, reception)
    file = client.get(reverse("register:prisoner_detail", args=[photograph.prisoner_id])).content.decode()
    assert reverse("register:photograph_image", args=[photograph.prisoner_id, photograph.pk]) in file
    listed = client.get(reverse("register:prisoner_list"), {"q": photograph.prisoner.number}).content.decode()
    assert reverse("register:photograph_thumbnail", args=[photograph.prisoner_id, photograph.pk]) in listed
