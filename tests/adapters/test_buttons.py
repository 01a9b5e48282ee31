"""The spreadsheet buttons' core: a second click on the same book while one runs is refused."""

from __future__ import annotations

import shutil

from docgen.adapters import buttons

from ..helpers import EXAMPLE


def test_a_second_action_on_the_same_book_is_refused(tmp_path):
    registry = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, registry)
    request = {"action": "generate", "registry": str(registry),
               "settings": {"Шаблон": "order_intro", "Папка для документов": str(tmp_path / "out")}}
    running = buttons._busy_lock(registry)
    running.acquire()  # the first click, still at work
    try:
        answer = buttons.run(request)
        assert not answer["ok"] and "уже выполняет действие с этой книгой" in answer["summary"]
        assert not answer["journal"] and not (tmp_path / "out").exists()
        # a check of a copy of the same book is the same book
        copy = tmp_path / "copy.xlsx"
        shutil.copy(registry, copy)
        answer = buttons.run({"action": "check", "registry": str(copy), "source": str(registry)})
        assert not answer["ok"] and "уже выполняет" in answer["summary"]
    finally:
        running.release()
    answer = buttons.run(request)
    assert answer["ok"], answer["summary"]
    assert answer["journal"]
