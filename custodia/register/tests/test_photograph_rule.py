"""The rule for photographs (register.photographs): what is kept of an upload, and what is refused.
Plain unit tests: no database."""

import io

import pytest
from PIL import Image

from custodia.register import photographs

from .pictures import picture

JPEG_START = b"\xff\xd8\xff"
ORIENTATION, MAKE, GPS_INFO = 0x0112, 0x010F, 0x8825


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_large_photograph_is_reduced_keeping_its_shape_and_a_thumbnail_made():
    prepared = photographs.prepare(picture(3000, 4000))
    assert (prepared.width, prepared.height) == (600, 800)
    image, thumbnail = opened(prepared.image), opened(prepared.thumbnail)
    assert image.format == "JPEG" and image.size == (600, 800) and image.mode == "RGB"
    assert thumbnail.format == "JPEG" and thumbnail.size == (72, 96)
    assert prepared.image.startswith(JPEG_START)


def test_a_small_photograph_is_not_enlarged():
    prepared = photographs.prepare(picture(200, 150, format="PNG"))
    assert (prepared.width, prepared.height) == (200, 150)
    assert opened(prepared.image).format == "JPEG"


def test_the_cameras_orientation_is_applied():
    # Tag 6: the camera was turned a quarter clockwise; the stored 600 × 800 picture shows 800 × 600.
    prepared = photographs.prepare(picture(600, 800, exif={ORIENTATION: 6}))
    image = opened(prepared.image)
    assert image.size == (800, 600)
    # The dark corner, top left as stored, is top right once turned.
    assert sum(image.getpixel((790, 10))) < 60
    assert sum(image.getpixel((10, 10))) > 200
    assert ORIENTATION not in image.getexif()


def test_no_metadata_is_kept():
    upload = picture(exif={MAKE: "Officer's telephone", ORIENTATION: 1, GPS_INFO: {1: "N", 2: (0.0, 19.0, 0.0)}})
    assert b"Officer's telephone" in upload
    prepared = photographs.prepare(upload)
    for kept in (prepared.image, prepared.thumbnail):
        assert b"Officer's telephone" not in kept and b"Exif" not in kept
        image = opened(kept)
        assert not image.getexif() and "icc_profile" not in image.info and "comment" not in image.info


def test_a_transparent_image_is_kept_on_white():
    prepared = photographs.prepare(picture(100, 100, format="PNG", mode="RGBA", color=(0, 0, 0, 0)))
    assert opened(prepared.image).getpixel((80, 80)) >= (250, 250, 250)


def test_a_photograph_kept_once_is_kept_the_same_size_again():
    """The admission checks a photograph on its step and the service keeps it at Confirm: the
    second pass changes neither its size nor its shape."""
    once = photographs.prepare(picture(1200, 1600))
    twice = photographs.prepare(once.image)
    assert (twice.width, twice.height) == (once.width, once.height)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4 not a photograph", "This file is not a photograph"),
        (picture()[:2000], "This file is not a photograph"),  # cut short in transfer
        (picture(format="PPM"), "This file is not a photograph"),  # a format no camera gives
    ],
)
def test_what_is_not_a_photograph_is_refused_saying_why(data, said):
    with pytest.raises(photographs.PhotographRefused, match=said):
        photographs.prepare(data)


def test_a_file_too_large_is_refused_before_it_is_read():
    assert photographs.size_problem(photographs.MAX_UPLOAD_BYTES) is None
    problem = photographs.size_problem(photographs.MAX_UPLOAD_BYTES + 1)
    assert problem is not None and "a photograph may be at most 12.0" in problem


def test_an_image_of_too_many_pixels_is_refused_from_its_header(monkeypatch):
    monkeypatch.setattr(photographs, "MAX_PIXELS", 100 * 100)
    with pytest.raises(photographs.PhotographRefused, match="more than"):
        photographs.prepare(picture(101, 100, format="PNG"))
    assert photographs.prepare(picture(100, 100, format="PNG")).width == 100
