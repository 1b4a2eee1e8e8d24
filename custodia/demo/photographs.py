"""Photographs in the demo: a neutral silhouette, drawn here, for some of the people at the
demo's prison, so that the file and the list show where a photograph goes (Mandela Rule 7). No
face: nobody's likeness stands for a synthetic person. Drawn and kept through the rule every
photograph goes through (register.photographs.prepare), written like the demo's files, in bulk,
under the one audit event of the build."""

import io
from datetime import date

from django.db.models import Max
from django.utils import timezone
from PIL import Image, ImageDraw

from custodia.register import photographs
from custodia.register.models import Admission, Photograph, Prisoner

# Plain backgrounds, as a reception's wall would be; one per person in turn.
BACKGROUNDS = ((226, 230, 234), (232, 228, 220), (222, 232, 226))
FIGURE = (108, 117, 125)
# One person in PHOTOGRAPHED_EVERY has a photograph, so that the list shows both kinds of row.
PHOTOGRAPHED_EVERY = 3


def silhouette(background: tuple[int, int, int], size: tuple[int, int] = (480, 640)) -> bytes:
    """Head and shoulders in grey on a plain background, as a PNG."""
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    head = (width * 0.32, height * 0.16, width * 0.68, height * 0.52)
    draw.ellipse(head, fill=FIGURE)
    draw.rectangle((width * 0.44, height * 0.48, width * 0.56, height * 0.62), fill=FIGURE)  # the neck
    draw.ellipse((width * 0.08, height * 0.6, width * 0.92, height * 1.3), fill=FIGURE)  # the shoulders
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def make_photographs(*, workplace_id: int, today: date) -> int:
    """A silhouette for every PHOTOGRAPHED_EVERY-th person on the roll of the workplace, by
    number, dated the day of the person's latest admission there (never after `today`). Returns
    how many were made."""
    people = list(
        Prisoner.objects.filter(current_prison_id=workplace_id).order_by("number").values_list("pk", flat=True)
    )[::PHOTOGRAPHED_EVERY]
    latest = Admission.objects.filter(prisoner_id__in=people).values("prisoner_id").annotate(at=Max("admitted_at"))
    admitted = {row["prisoner_id"]: timezone.localdate(row["at"]) for row in latest}
    kept = [photographs.prepare(silhouette(background)) for background in BACKGROUNDS]
    Photograph.objects.bulk_create(
        Photograph(
            prisoner_id=prisoner_id,
            image=kept[i % len(kept)].image,
            thumbnail=kept[i % len(kept)].thumbnail,
            width=kept[i % len(kept)].width,
            height=kept[i % len(kept)].height,
            taken_on=min(admitted.get(prisoner_id, today), today),
        )
        for i, prisoner_id in enumerate(people)
    )
    return len(people)
