"""docgen.output.pdf on the real LibreOffice: a batch on two instances with the same names in
different folders, and a document LibreOffice cannot load failing the batch loudly."""

from __future__ import annotations

import zipfile

import pytest

from docgen.errors import OutputError
from docgen.output.pdf import convert_to_pdf, page_count
from tests.helpers import pdf_pages
from tests.output.pdf_support import inputs, make_docx, pdf_text, processes_mentioning

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


def test_converts_a_batch_on_two_instances_with_same_names_in_different_folders(tmp_path, private_tmp):
    src = tmp_path / "src"
    docs, expected = [], []
    for i in range(10):
        folder = "Согласия" if i % 2 else "Соглашения"
        pages = 1 + i % 3
        text = f"Согласие родителя № {i}: Иванова Мария Петровна, ёжик «Ъ»"
        docs.append(make_docx(src / folder / f"Ученик {i}.docx", [text, "Подпись ____"], pages))
        expected.append((text, pages))
    for folder in ("Согласия", "Соглашения"):  # identical names in different folders
        text = f"Документ из папки {folder}: Щукин Эдуард"
        docs.append(make_docx(src / folder / "Иванов Иван.docx", [text]))
        expected.append((text, 1))
    calls: list[tuple[int, int]] = []

    out = tmp_path / "out"
    result = convert_to_pdf(docs, out, workers=2, chunk=5, progress=lambda d, t: calls.append((d, t)))

    assert len(result) == len(docs) == 12
    assert len(set(result)) == 12
    assert result[-2] == out / "Согласия" / "Иванов Иван.pdf"
    assert result[-1] == out / "Соглашения" / "Иванов Иван.pdf"
    for path, (text, pages) in zip(result, expected):
        assert path.is_file() and path.read_bytes().startswith(b"%PDF")
        assert text in pdf_text(path)
        assert page_count(path) == pages == pdf_pages(path)
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == \
        sorted(p.relative_to(out) for p in result)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and calls[-1] == (12, 12)
    assert len(calls) >= 3  # chunks of at most 5
    assert list(private_tmp.iterdir()) == []
    assert processes_mentioning(str(private_tmp)) == []


def test_a_document_libreoffice_cannot_load_fails_the_batch_loudly(tmp_path, private_tmp):
    docs = inputs(tmp_path, 3)
    # A zip with the right parts passes the pre-check, but its document.xml is cut in half
    # (as by an interrupted write), and LibreOffice cannot load it.
    broken = tmp_path / "docs" / "Петров Пётр.docx"
    with zipfile.ZipFile(docs[0]) as z, zipfile.ZipFile(broken, "w") as o:
        for name in z.namelist():
            data = z.read(name)
            o.writestr(name, data[:len(data) // 2] if name == "word/document.xml" else data)
    out = tmp_path / "out"

    with pytest.raises(OutputError) as info:
        convert_to_pdf([*docs, broken], out, workers=2, chunk=2)

    message = str(info.value)
    assert "не смог преобразовать" in message and "1 из 4" in message
    assert str(broken) in message and "Документ 0" not in message
    assert not out.exists()
    assert list(private_tmp.iterdir()) == []
