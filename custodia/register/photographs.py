"""The rule for a person's photograph (Nelson Mandela Rule 7(a): what identifies the person).

A photograph is kept in the database, beside the rest of the file, so that a backup carries it
and a restore brings it back with nothing else to copy. What is kept is never the file as it was
uploaded: a telephone's photograph carries the place it was taken (GPS), the device and its
owner in its metadata, and may be 12 megapixels; an officer's upload may be no image at all. So
every photograph is opened, turned upright (the camera's orientation tag applied), reduced to a
size that identifies a face, and saved again as a plain JPEG without metadata, with a thumbnail
for lists. The web form, the admission wizard, the services and the demo all go through
`prepare`; it touches no database.
"""

import io
import warnings
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

# What an upload may weigh: a telephone's photograph is 2-8 MB; more is not a photograph of a face.
MAX_UPLOAD_BYTES = 12 * 1024 * 1024
# A decoded image held in memory is 3 bytes a pixel: 40 megapixels is 120 MB, about the most an
# old server should spend on one upload. Pillow refuses decompression bombs only from 178 megapixels.
MAX_PIXELS = 40_000_000
# Enough to recognise a face on the file page and on a printed file; about 60-120 KB in JPEG.
LONGEST_SIDE = 800
THUMBNAIL_SIDE = 96
QUALITY = 85
# The formats cameras, telephones and scanners give; Pillow is not asked to guess any other.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")
CONTENT_TYPE = "image/jpeg"


class PhotographRefused(Exception):
    """The upload cannot be kept as a photograph; the message says why, in the user's language."""


@dataclass(frozen=True)
class Prepared:
    """A photograph as it is kept: JPEG bytes without metadata, upright, and its thumbnail."""

    image: bytes
    thumbnail: bytes
    width: int
    height: int


def prepare(data: bytes) -> Prepared:
    """The photograph in `data` as it is kept, or PhotographRefused saying why it cannot be."""
    if problem := size_problem(len(data)):
        raise PhotographRefused(problem)
    image = _opened(data)
    image = ImageOps.exif_transpose(image)
    image = _on_white(image)
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return Prepared(image=_jpeg(image), thumbnail=_jpeg(thumbnail), width=image.width, height=image.height)


def size_problem(size: int) -> str | None:
    """Why a file of `size` bytes cannot be a photograph, or None: for a form to refuse a large
    upload before reading it into memory."""
    if not size:
        return gettext("The file is empty.")
    if size > MAX_UPLOAD_BYTES:
        return gettext("The file is %(size)s; a photograph may be at most %(limit)s.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(MAX_UPLOAD_BYTES),
        }
    return None


def _opened(data: bytes) -> Image.Image:
    """The decoded image; its size is checked from the header, before any pixel is decoded."""
    too_large = gettext("The image has more than %(limit)s million pixels: this is not a photograph of a face.") % {
        "limit": MAX_PIXELS // 1_000_000
    }
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: here every bomb is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise PhotographRefused(too_large)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotographRefused(too_large) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        # Not an image of these formats, or a truncated or corrupt one, found when its pixels are read.
        raise PhotographRefused(gettext("This file is not a photograph: choose a JPEG, PNG or WebP image.")) from exc
    return image


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, with any transparent part on white (JPEG has no transparency; black would hide a face)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    """The image as a baseline JPEG; nothing but the pixels is written (no EXIF, no ICC profile, no comment)."""
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()
