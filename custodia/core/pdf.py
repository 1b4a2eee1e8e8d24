"""HTML drawn as a PDF by WeasyPrint (the release summary, the information sheet), with Debian's
DejaVu fonts; nothing is fetched from anywhere while it is drawn."""


def html_to_pdf(html: str) -> bytes:
    # Imported on first use: it loads Pango, which most processes never need.
    from PIL import ImageFile
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint lets Pillow decode truncated images, for the whole process, when it is imported;
    # the register must go on refusing a photograph cut short in transfer. The documents drawn here
    # hold no image, so WeasyPrint loses nothing.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    # No protocol allowed: no stylesheet, font or image is fetched; the document is all in its HTML.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=frozenset())).write_pdf()


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, for the `content` of a page's margin boxes (who printed a
    document and when): every character but letters, digits and spaces is escaped, so that a name
    cannot end the string, the rule or the <style> element it is written in."""
    escaped = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'
