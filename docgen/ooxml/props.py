"""Document properties of a made .docx: who wrote it, when, what it is.

A template carries the properties of whatever last saved it («python-docx», 2013, «Microsoft
Macintosh Word», a thumbnail of an empty page). A school's document must say the school made
it, at the time it was made, and name no software (File → Properties is the first thing an
auditor opens). These builders write the package's core and extended properties from scratch;
:func:`drop_thumbnail` removes the template's preview image from the package relationships.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from docgen.ooxml.text import xml_escape as escape

__all__ = ["THUMBNAIL_REL", "app_xml", "core_xml", "drop_thumbnail"]

THUMBNAIL_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_THUMBNAIL = re.compile(r'<Relationship\b[^>]*\bType="' + re.escape(THUMBNAIL_REL) + r'"[^>]*/>')
_TARGET = re.compile(r'\bTarget="/?([^"]+)"')


def _w3cdtf(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_xml(*, title: str, author: str, when: datetime) -> bytes:
    """``docProps/core.xml``: title, author and last modifier (the school), created = modified =
    ``when`` in UTC, revision 1; subject, keywords, description and category empty."""
    stamp = _w3cdtf(when)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject/><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:keywords/><dc:description/><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "<cp:category/></cp:coreProperties>"
    ).encode("utf-8")


def app_xml(*, company: str) -> bytes:
    """``docProps/app.xml`` with the school as the company and no application or version: the
    elements are optional, and a document should not claim a program that did not write it."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<DocSecurity>0</DocSecurity><Company>{escape(company)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode("utf-8")


def drop_thumbnail(package_rels: bytes) -> tuple[bytes, list[str]]:
    """The package relationships (``_rels/.rels``) without the thumbnail, and the part names the
    removed relationships pointed to (to leave out of the package)."""
    text = package_rels.decode("utf-8")
    targets = [m.group(1) for rel in _THUMBNAIL.findall(text) if (m := _TARGET.search(rel))]
    return _THUMBNAIL.sub("", text).encode("utf-8"), targets
