"""A made document names the school as its author and the run's time, never the software that
built its template (issue 15, §4.4: «python-docx», 2013, a thumbnail of an empty page)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timezone

import openpyxl
import pytest
from lxml import etree

from docgen import api
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)
NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}


def _short_name() -> str:
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)["Организация"]
    return next(r[1] for r in ws.iter_rows(values_only=True) if r[0] == "Сокращённое наименование")


def _core(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("docProps/core.xml"))
    return {k: (root.findtext(k, namespaces=NS) or "") for k in
            ("dc:title", "dc:creator", "cp:lastModifiedBy", "dc:description", "dcterms:created", "dcterms:modified")}


def _all_bytes(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist())


def test_documents_name_the_school_and_the_run_time(tmp_path):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    result = api.make(["order_intro", "consent_parent"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                      orders=api.OrderOptions(register=False), outputs=api.Outputs(merge=True),
                      select=api.Selection.parse(where=["Класс=5А"]))
    after = datetime.now(timezone.utc)
    school = _short_name()
    files = [*result.files, *result.print_files]
    assert len(files) > 3
    for path in files:
        core = _core(path)
        assert core["dc:creator"] == core["cp:lastModifiedBy"] == school
        assert core["dc:description"] == ""
        created = datetime.strptime(core["dcterms:created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert core["dcterms:modified"] == core["dcterms:created"] and before <= created <= after
        package = _all_bytes(path)
        assert b"python-docx" not in package and b"Microsoft Macintosh Word" not in package
        with zipfile.ZipFile(path) as z:
            assert not [n for n in z.namelist() if "thumbnail" in n]
            assert b"thumbnail" not in z.read("_rels/.rels")
    order = result.by_template["order_intro"][0]
    assert _core(order)["dc:title"] == "Приказ № 118-од «О внедрении целевой модели наставничества»"
    consent = result.by_template["consent_parent"][0]
    assert _core(consent)["dc:title"] == "Согласие родителя на обработку персональных данных несовершеннолетнего"


def test_source_date_epoch_pins_the_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795424400")
    result = api.make(["working_group_list"], EXAMPLE, tmp_path / "out", as_of=AS_OF)
    assert _core(result.files[0])["dcterms:created"] == "2026-11-23T09:00:00Z"


@pytest.mark.slow  # the whole demo
def test_no_document_names_the_software(tmp_path):
    """No text a reader sees (body, headers, footers, charts) and no property names the software."""
    import re

    result = api.demo(tmp_path / "demo", as_of=AS_OF)
    for path in [*result.files, *result.print_files]:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith(".xml") or "_rels" in name:
                    continue
                xml = z.read(name).decode("utf-8")
                text = " ".join(re.findall(r">([^<]+)<", xml)).lower()
                assert "docgen" not in text and "python-docx" not in text, (path.name, name)
