"""docgen.output.pdf: PDFs through headless LibreOffice.

The happy path and a document LibreOffice cannot load run on the real LibreOffice
(tests/acceptance/test_pdf.py). Here, fake ``soffice`` scripts (via DOCGEN_SOFFICE) stand in for
failures the real one cannot be made to produce on demand: hanging, and silently skipping files
while exiting 0; and the inputs are checked before any converter starts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from docgen import soffice
from docgen.errors import OutputError
from docgen.output import pdf
from docgen.output.pdf import convert_to_pdf, page_count
from tests.output.pdf_support import all_gone, inputs

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake soffice is a shell script")


# A fake converter: finds --outdir, "converts" each input by copying $TEMPLATE_PDF, except
# the ones the SKIP shell snippet selects (it sees $n, the file's position in this call, and
# $calls, the number of this call); a skipped file gets $SKIPPED_CONTENT if set, else nothing.
FAKE_CONVERTER = r'''
calls=$(($(cat "$STATE/calls" 2>/dev/null || echo 0) + 1)); echo $calls > "$STATE/calls"
out=""; prev=""
for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done
n=0
for a in "$@"; do
  case "$a" in
    *.docx)
      n=$((n + 1)); name=$(basename "$a" .docx)
      if SKIP; then
        [ -n "$SKIPPED_CONTENT" ] && printf '%s' "$SKIPPED_CONTENT" > "$out/$name.pdf"
      else
        cp "$TEMPLATE_PDF" "$out/$name.pdf"
      fi;;
  esac
done
exit 0
'''


# --------------------------------------------------------------------------- inputs


@posix_only
def test_random_bytes_named_docx_are_refused_before_conversion(tmp_path, fake_soffice, monkeypatch):
    # LibreOffice would "convert" these as plain text into a PDF of garbage.
    monkeypatch.setenv("STATE", str(tmp_path))
    fake_soffice('echo called > "$STATE/called"\n')
    docs = inputs(tmp_path, 2)
    corrupt = tmp_path / "docs" / "Сидорова Анна.docx"
    corrupt.write_bytes(os.urandom(4000))
    out = tmp_path / "out"

    with pytest.raises(OutputError) as info:
        convert_to_pdf([docs[0], corrupt, docs[1]], out)

    message = str(info.value)
    assert "повреждены или не являются документами Word" in message
    assert str(corrupt) in message and str(docs[0]) not in message
    assert not (tmp_path / "called").exists()
    assert not out.exists()


def test_missing_input_is_named(tmp_path):
    with pytest.raises(OutputError, match="Не найдены") as info:
        convert_to_pdf([tmp_path / "Нет такого.docx"], tmp_path / "out")
    assert "Нет такого.docx" in str(info.value)


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    taken = tmp_path / "out"
    taken.write_text("")
    with pytest.raises(OutputError, match="это файл"):
        convert_to_pdf(inputs(tmp_path, 1), taken)


def test_no_documents_no_work(tmp_path, monkeypatch):
    monkeypatch.setenv(soffice.ENV_VAR, str(tmp_path / "missing"))
    assert convert_to_pdf([], tmp_path / "out") == []
    assert not (tmp_path / "out").exists()


def test_targets_mirror_folders_and_number_leftover_collisions(tmp_path):
    root = tmp_path / "в"
    sources = [root / "Согласия" / "Иванов.docx", root / "Соглашения" / "Иванов.docx",
               root / "Согласия" / "Иванов.odt", root / "Согласия" / "ИВАНОВ.docx"]
    out = tmp_path / "out"
    assert pdf._plan_targets(sources, out) == [
        out / "Согласия" / "Иванов.pdf", out / "Соглашения" / "Иванов.pdf",
        out / "Согласия" / "Иванов (2).pdf", out / "Согласия" / "ИВАНОВ (3).pdf",
    ]
    assert pdf._plan_targets([root / "a.docx", root / "b.docx"], out) == [out / "a.pdf", out / "b.pdf"]


@pytest.mark.parametrize(("n", "chunk", "workers", "sizes"), [
    (12, 5, 2, [4, 4, 4]), (100, 100, 2, [50, 50]), (250, 100, 2, [84, 83, 83]),
    (1, 100, 2, [1]), (7, 100, 1, [7]), (201, 100, 1, [67, 67, 67]),
])
def test_chunks_are_bounded_and_even(n, chunk, workers, sizes):
    assert [len(c) for c in pdf._split(list(range(n)), chunk, workers)] == sizes  # type: ignore[arg-type]


# --------------------------------------------------------------------------- failure paths (fakes)


@posix_only
def test_time_out_kills_the_process_tree_and_writes_nothing(tmp_path, fake_soffice, monkeypatch, private_tmp):
    pids = tmp_path / "pids"
    monkeypatch.setenv("PIDS", str(pids))
    fake_soffice('echo $$ >> "$PIDS"; sleep 60 & echo $! >> "$PIDS"; wait\n')
    docs = inputs(tmp_path, 3)
    out = tmp_path / "out"

    started = time.monotonic()
    with pytest.raises(OutputError) as info:
        convert_to_pdf(docs, out, workers=1, timeout=1)

    assert time.monotonic() - started < 15
    message = str(info.value)
    assert "не уложился в 1 с" in message and "Не преобразовано документов: 3 из 3" in message
    _assert_nothing_left(out, private_tmp, pids)


def _assert_nothing_left(out: Path, private_tmp: Path, pids: Path) -> None:
    """No output folder, no temp files, and both converters that were started are gone."""
    assert not out.exists()
    assert list(private_tmp.iterdir()) == []
    started_pids = [int(p) for p in pids.read_text().split()]
    assert len(started_pids) == 2
    assert all_gone(started_pids)

@posix_only
def test_files_skipped_once_are_retried_and_the_batch_succeeds(tmp_path, fake_soffice, monkeypatch, tiny_pdf):
    monkeypatch.setenv("STATE", str(tmp_path))
    monkeypatch.setenv("TEMPLATE_PDF", str(tiny_pdf))
    # The first call drops every second file and exits 0, the retry converts them.
    fake_soffice(FAKE_CONVERTER.replace("SKIP", '[ "$calls" = 1 ] && [ $((n % 2)) = 0 ]'))
    docs = inputs(tmp_path, 6)
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []

    result = convert_to_pdf(docs, out, workers=1, progress=lambda d, t: seen.append((d, t)))

    assert result == [out / f"Документ {i}.pdf" for i in range(6)]
    assert all(page_count(p) == 1 for p in result)
    assert (tmp_path / "calls").read_text().strip() == "2"
    assert seen == [(6, 6)]
    assert sorted(out.iterdir()) == sorted(result)


@posix_only
@pytest.mark.parametrize("skipped_content", ["", "%PDF-1.4 cut short", "not a pdf\n%%EOF"])
def test_files_skipped_twice_fail_loudly_and_write_nothing(tmp_path, fake_soffice, monkeypatch, tiny_pdf,
                                                           skipped_content):
    monkeypatch.setenv("STATE", str(tmp_path))
    monkeypatch.setenv("TEMPLATE_PDF", str(tiny_pdf))
    monkeypatch.setenv("SKIPPED_CONTENT", skipped_content)
    # Every call silently loses its last file (missing, empty, truncated or not a PDF), exit 0.
    fake_soffice('last=0; for a in "$@"; do case "$a" in *.docx) last=$((last + 1));; esac; done\n'
                 + FAKE_CONVERTER.replace("SKIP", '[ "$n" = "$last" ]'))
    docs = inputs(tmp_path, 5)
    out = tmp_path / "out"

    with pytest.raises(OutputError) as info:
        convert_to_pdf(docs, out, workers=1)

    message = str(info.value)
    assert "1 из 5" in message and str(docs[-1]) in message
    assert all(str(d) not in message for d in docs[:-1])
    assert (tmp_path / "calls").read_text().strip() == "2"  # the chunk, then one retry
    assert not out.exists()


@posix_only
def test_many_failures_are_listed_up_to_ten(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setenv("STATE", str(tmp_path))
    fake_soffice("exit 0\n")
    docs = inputs(tmp_path, 14)
    with pytest.raises(OutputError) as info:
        convert_to_pdf(docs, tmp_path / "out", workers=2, chunk=5)
    message = str(info.value)
    assert "14 из 14" in message and "… и ещё 4." in message
    assert message.count("  • ") == 10


@posix_only
def test_failures_are_named_as_the_user_sees_them_not_by_the_staging_path(tmp_path, fake_soffice, monkeypatch):
    """The documents are converted from a staging folder that is deleted when the run fails: the
    message names each by the path the user knows (``names``), never the staging path."""
    monkeypatch.setenv("STATE", str(tmp_path))
    fake_soffice("exit 0\n")
    docs = inputs(tmp_path, 3)
    names = [f"Согласия родителей/5А Иванова {k}.docx" for k in range(3)]
    with pytest.raises(OutputError) as info:
        convert_to_pdf(docs, tmp_path / "out", workers=1, names=names)
    message = str(info.value)
    assert all(n in message for n in names) and all(str(d) not in message for d in docs)


@posix_only
def test_ctrl_c_kills_running_converters_and_writes_nothing(tmp_path, fake_soffice, monkeypatch, tiny_pdf,
                                                            private_tmp):
    pids = tmp_path / "pids"
    monkeypatch.setenv("STATE", str(tmp_path))
    monkeypatch.setenv("PIDS", str(pids))
    monkeypatch.setenv("TEMPLATE_PDF", str(tiny_pdf))
    # The first call to get here converts at once; the other one hangs.
    fake_soffice('if ! mkdir "$STATE/first" 2>/dev/null; then echo $$ >> "$PIDS"; sleep 60 & '
                 'echo $! >> "$PIDS"; wait; fi\n' + FAKE_CONVERTER.replace("SKIP", "false"))
    docs = inputs(tmp_path, 2)
    out = tmp_path / "out"

    def interrupt(done: int, total: int) -> None:
        # Wait until the hanging converter has really started (under load it may lag behind).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 2):
            time.sleep(0.05)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert_to_pdf(docs, out, workers=2, chunk=1, progress=interrupt)

    _assert_nothing_left(out, private_tmp, pids)


@posix_only
def test_existing_output_folder_keeps_its_files_on_failure(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setenv("STATE", str(tmp_path))
    fake_soffice("exit 0\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "Документ 0.pdf").write_bytes(b"old")
    with pytest.raises(OutputError):
        convert_to_pdf(inputs(tmp_path, 2), out)
    assert [p.name for p in out.iterdir()] == ["Документ 0.pdf"]
    assert (out / "Документ 0.pdf").read_bytes() == b"old"


def test_page_count_of_a_broken_file_is_a_russian_error(tmp_path, tiny_pdf):
    assert page_count(tiny_pdf) == 1
    bad = tmp_path / "Иванов.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(OutputError, match="Иванов.pdf"):
        page_count(bad)
