"""Images made on the spot for the tests of photographs: no file in the repository, and each
test says what its image is (size, format, orientation tag, metadata)."""

import io

from PIL import Image


def picture(
    width: int = 600,
    height: int = 800,
    *,
    format: str = "JPEG",
    mode: str = "RGB",
    color: tuple[int, ...] = (90, 120, 160),
    exif: dict[int, object] | None = None,
) -> bytes:
    """An image of one colour with a darker square in its top-left quarter, so that a turn shows."""
    image = Image.new(mode, (width, height), color)
    image.paste((0,) * len(color), (0, 0, max(1, width // 4), max(1, height // 4)))
    tags = Image.Exif()
    for tag, value in (exif or {}).items():
        tags[tag] = value
    out = io.BytesIO()
    image.save(out, format=format, **({"exif": tags} if exif else {}))
    return out.getvalue()
