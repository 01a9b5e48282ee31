"""`docgen web` without a browser (Flask's test client): who may talk to the page, what it keeps
where, and the order-number confirmation of a new year. The real-browser tests are in
tests/acceptance/test_web_browser.py."""

from __future__ import annotations

import io
import re
import shutil
import stat
import time
from pathlib import Path

import openpyxl
import pytest

from docgen.adapters.web.app import create_app
from docgen.adapters.web.state import State
from tests.helpers import EXAMPLE, column_of, edited_copy, org_cell, sheet_rows

BASE = "http://127.0.0.1:5555"


@pytest.fixture()
def web(tmp_path):
    state = State(tmp_path / "web")
    app = create_app(state)
    app.config["DOCGEN_PORT"] = 5555
    client = app.test_client()
    assert client.get(f"{BASE}/?k={state.secret}").status_code == 302  # the key in the address sets the cookie
    yield state, client
    state.close()


def _post(client, state, url, data=None, **kw):
    data = {"csrf": state.csrf, **(data or {})}
    return client.post(BASE + url, data=data, headers={"Origin": BASE}, **kw)


def _upload(client, state, path: Path):
    answer = _post(client, state, "/registry/upload",
                   {"registry": (io.BytesIO(path.read_bytes()), path.name)}, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    rid = answer.headers["Location"].rsplit("/", 1)[-1]
    return rid, state.registries[rid]


def _finish(state, location: str):
    job = state.jobs[location.rsplit("/", 1)[-1]]
    deadline = time.monotonic() + 300
    while job.status == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    return job


def test_only_this_computer_and_this_page(tmp_path):
    state = State(tmp_path / "web")
    app = create_app(state)
    app.config["DOCGEN_PORT"] = 5555
    client = app.test_client()
    assert client.get(f"{BASE}/").status_code == 403  # no key: another program on this computer
    assert client.get(f"{BASE}/?k=wrong").status_code == 403
    assert client.get(f"{BASE}/?k={state.secret}", headers={"Host": "evil.example:5555"}).status_code == 403
    assert client.get(f"{BASE}/?k={state.secret}").status_code == 302
    assert client.get(f"{BASE}/", headers={"Host": "attacker.test"}).status_code == 403  # DNS rebinding
    page = client.get(f"{BASE}/")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    # forms: the page's token and the page's origin, both
    example = {"csrf": state.csrf}
    assert client.post(f"{BASE}/registry/example", data={}, headers={"Origin": BASE}).status_code == 403
    assert client.post(f"{BASE}/registry/example", data=example,
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post(f"{BASE}/registry/example", data=example).status_code == 403  # no Origin, no Referer
    assert client.post(f"{BASE}/registry/example", data=example,
                       headers={"Referer": f"{BASE}/"}).status_code == 302
    state.close()


def test_nothing_is_loaded_from_elsewhere(web):
    state, client = web
    rid, _ = _upload(client, state, EXAMPLE)
    texts = [client.get(f"{BASE}{url}").get_data(as_text=True)
             for url in ("/", f"/r/{rid}", "/static/docgen.css", "/static/docgen.js")]
    for text in texts:
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text)
        assert not re.search(r"url\((?:https?:)?//", text) and "fetch(\"http" not in text
    assert client.get(f"{BASE}/preview/consent_parent.png").mimetype == "image/png"


def test_private_folder_removed_on_close():
    state = State()
    try:
        assert stat.S_IMODE(state.root.stat().st_mode) == 0o700
    finally:
        state.close()
    assert not state.root.exists()


def test_check_lists_problems_and_one_action_at_a_time(web, tmp_path):
    state, client = web
    rid, reg = _upload(client, state, EXAMPLE)
    assert _post(client, state, f"/r/{rid}/check").status_code == 302
    assert reg.problems == []
    reg.lock.acquire()  # something else is at work on this registry
    try:
        busy = _post(client, state, f"/r/{rid}/check")
        assert busy.status_code == 409 and "уже идёт работа" in busy.get_data(as_text=True)
        made = _post(client, state, f"/r/{rid}/make", {"template": "consent_parent"})
        assert made.status_code == 409 and not reg.jobs
    finally:
        reg.lock.release()


def test_a_new_year_asks_for_the_start_and_the_registry_comes_back(web, tmp_path):
    registry = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, registry)
    wb = openpyxl.load_workbook(registry)
    wb["Организация"][org_cell(EXAMPLE, "Нумерация приказов с нового года")] = None
    wb.save(registry)
    state, client = web
    rid, reg = _upload(client, state, registry)
    form = {"template": "order_intro", "order_mode": "new", "order_number": "", "order_date": "12.01.2027"}
    asked = _post(client, state, f"/r/{rid}/make", form)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 400 and not reg.jobs
    assert "Подтвердите номер приказа" in text and "первый приказ 2027 года" in text
    assert "начать заново: № <b>1-од</b>" in text and "продолжить нумерацию: № <b>93-од</b>" in text
    started = _post(client, state, f"/r/{rid}/make", {**form, "year_start": "restart"})
    assert started.status_code == 302
    job = _finish(state, started.headers["Location"])
    assert job.status == "done", job.error
    assert job.registered[0].startswith("№ 1-од от 12.01.2027")
    page = client.get(BASE + started.headers["Location"]).get_data(as_text=True)
    assert "Реестр с новой записью в журнале приказов: реестр.xlsx" in page
    n = next(i for i, d in enumerate(job.downloads) if d.path == reg.path)
    updated = client.get(f"{BASE}/r/{rid}/job/{job.id}/file/{n}")
    journal = openpyxl.load_workbook(io.BytesIO(updated.data))["Приказы"]
    assert journal.cell(journal.max_row, 1).value == "1-од"
    assert client.get(f"{BASE}/r/{rid}/job/{job.id}/file/{len(job.downloads)}").status_code == 404


def test_a_file_on_this_computer_is_written_in_place(web, tmp_path):
    registry = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, registry)
    state, client = web
    assert _post(client, state, "/registry/path", {"path": "реестр.xlsx"}).status_code == 400  # not a full path
    opened = _post(client, state, "/registry/path", {"path": str(registry)})
    rid = opened.headers["Location"].rsplit("/", 1)[-1]
    started = _post(client, state, f"/r/{rid}/make", {"template": "order_curator", "order_mode": "new",
                                                       "order_number": "", "order_date": "24.11.2026"})
    job = _finish(state, started.headers["Location"])
    assert job.status == "done", job.error
    journal = openpyxl.load_workbook(registry)["Приказы"]
    assert journal.cell(journal.max_row, 1).value == "93-од"
    assert all(d.path != registry for d in job.downloads)  # nothing to download: the file itself has the row


def test_consents_each_parent_and_the_dates_in_the_uploaded_copy(web, tmp_path):
    """The page's «Кто подписывает» and «отметить «Согласие выдано»» reach the api; an uploaded
    registry comes back with the dates."""
    letter = column_of(EXAMPLE, "Наставляемые", "Согласие выдано")
    rows = [r["_row"] for r in sheet_rows(EXAMPLE, "Наставляемые") if str(r["Класс"] or "").startswith("5 «А»")]
    received = column_of(EXAMPLE, "Наставляемые", "Согласие получено")
    assert rows
    edits = {("Наставляемые", f"{col}{n}"): None for n in rows for col in (letter, received)}
    source = edited_copy(EXAMPLE, tmp_path / "реестр.xlsx", edits)
    state, client = web
    rid, reg = _upload(client, state, source)
    page = client.get(f"{BASE}/r/{rid}").get_data(as_text=True)
    assert 'name="parent"' in page and 'name="record_issued"' in page and ">мать (у кого нет" in page
    started = _post(client, state, f"/r/{rid}/make", {"template": "consent_parent", "class": "5А",
                                                       "parent": "each", "record_issued": "1"})
    job = _finish(state, started.headers["Location"])
    assert job.status == "done", job.error
    assert any(line.startswith("«Согласие выдано» отмечено в загруженную копию реестра") for line in job.summary)
    assert any(d.label.startswith("Реестр с отметками «Согласие выдано»") for d in job.downloads)
    dated = {r["_row"] for r in sheet_rows(reg.path, "Наставляемые") if r["Согласие выдано"] is not None}
    assert set(rows) <= dated
    assert source.read_bytes() != reg.path.read_bytes()
    names = [d.label for d in job.downloads if d.group == "docs"]
    assert any(n.endswith("(мать).docx") for n in names) and any(n.endswith("(отец).docx") for n in names)
