"""Which files may be an organisation's logo in the page header: small, and only formats a browser shows as an
image without running anything (PNG, JPEG, WebP, or an SVG that only draws). Used by services.set_logo and
the demo loader."""

from __future__ import annotations

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

LOGO_MAX_BYTES = 200_000
_RASTER_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# Elements that run code or pull in other documents; an SVG logo needs none of them.
_SVG_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "animate", "set", "handler"}
)


def logo_problem(data: bytes) -> tuple[str, str]:
    """The content type of an acceptable logo and '', or '' and why it is refused (in the reader's
    language)."""
    if not data:
        return "", str(_("The file is empty."))
    if len(data) > LOGO_MAX_BYTES:
        return "", str(
            _("The file is %(size)s kB; a logo may be at most %(max)s kB.")
            % {"size": len(data) // 1000, "max": LOGO_MAX_BYTES // 1000}
        )
    for signature, content_type in _RASTER_SIGNATURES:
        if data.startswith(signature):
            return content_type, ""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", ""
    return _svg_problem(data)


def _svg_problem(data: bytes) -> tuple[str, str]:
    not_an_image = str(_("This is not a PNG, JPEG, WebP or SVG image."))
    head = data[:2048].lstrip().lower()
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")):
        return "", not_an_image
    # No document type: it is where entities (and their expansion) are declared.
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        return "", str(_("The SVG file declares a document type or entities; save it as plain SVG."))
    try:
        # defusedxml: no document type, entities or external references, whatever the check above missed.
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return "", str(_("The SVG file declares a document type or entities; save it as plain SVG."))
    except ParseError as error:
        return "", str(_("The SVG file cannot be read (line %(line)s).") % {"line": error.position[0]})
    if root.tag != f"{_SVG_NAMESPACE}svg":
        return "", not_an_image
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in _SVG_FORBIDDEN_ELEMENTS:
            return "", str(_("The SVG file contains <%(name)s>; a logo may only draw.") % {"name": name})
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return "", str(_("The SVG file contains a script attribute (%(name)s).") % {"name": local})
            if local == "href" and not value.startswith("#"):
                return "", str(_("The SVG file links to another file; a logo must be self-contained."))
            if "url(" in value.lower() and "url(#" not in value.lower().replace(" ", ""):
                return "", str(_("The SVG file links to another file; a logo must be self-contained."))
        if name == "style" and element.text and ("@import" in element.text or "url(" in element.text):
            return "", str(_("The SVG file links to another file; a logo must be self-contained."))
    return "image/svg+xml", ""
