"""`docgen web` in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
chromedriver (scripts/test.sh installs both). The page is used as a secretary would: upload the
example registry, check it, choose consents for one class, make them, download the zip and open
it; register an order and download the updated registry. A broken registry shows its problems
with their cells.

Screenshots of each step go to a temporary folder, or to the folder named by DOCGEN_WEB_SCREENSHOTS
(``DOCGEN_WEB_SCREENSHOTS=docs/web`` refreshes the README's pictures).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from tests.helpers import EXAMPLE, docx_text, edited_copy, find_cell, org_cell

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                 reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them)")]
WAIT = 300  # seconds at most for a step (a slow CI machine); the tests wait for what the page shows


@pytest.fixture()
def page(tmp_path):
    """A running `docgen web` and a browser that opened its address."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    server = subprocess.Popen([sys.executable, "-m", "docgen", "web", "--no-browser"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    address = ""
    for line in server.stdout:
        m = re.search(r"(http://127\.0\.0\.1:\d+/\?k=\S+)", line)
        if m:
            address = m.group(1)
            break
    assert address, server.stderr.read()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--lang=ru-RU", "--window-size=1280,1000",
                f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False, "intl.accept_languages": "ru"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(WAIT)
    shots = Path(os.environ.get("DOCGEN_WEB_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    try:
        driver.get(address)
        yield _Page(driver, downloads, shots)
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=60)
        server.stdout.close()
        server.stderr.close()


class _Page:
    def __init__(self, driver, downloads: Path, shots: Path):
        self.driver, self.downloads, self.shots = driver, downloads, shots

    def find(self, css):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def wait_for(self, css):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))

    def click(self, css):
        element = self.find(css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()

    def submit(self, css):
        """Click a button that sends a form and wait for the next page to replace this one."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.driver.find_element(By.TAG_NAME, "html")
        self.click(css)
        WebDriverWait(self.driver, WAIT).until(ec.staleness_of(old))

    def shot(self, name, css=None):
        if css:
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", self.find(css))
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))

    def download(self, link_text) -> Path:
        """Click the link and wait for the file to arrive whole."""
        from selenium.webdriver.common.by import By

        before = set(self.downloads.iterdir())
        link = self.driver.find_element(By.PARTIAL_LINK_TEXT, link_text)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            new = [p for p in set(self.downloads.iterdir()) - before if not p.name.endswith(".crdownload")]
            if new:
                return new[0]
            time.sleep(0.2)
        raise AssertionError(f"«{link_text}»: nothing downloaded")


def test_upload_check_make_consents_and_register_an_order(page, tmp_path):
    registry = tmp_path / "реестр школы.xlsx"
    shutil.copy(EXAMPLE, registry)
    page.shot("01-start")
    page.find("#registry-file").send_keys(str(registry))
    page.submit("#upload")
    page.wait_for("#check-button")
    assert "Реестр «реестр школы.xlsx»" in page.find("h1").text
    page.shot("02-registry")
    page.submit("#check-button")
    assert page.wait_for("#check-result").text == "Реестр проверен: проблем нет."
    page.shot("03-checked", "#check")

    # consents for one class, as a zip
    page.click("input[name=template][value=consent_parent]")
    page.click("input[name=class][value='7А']")
    page.click("input[name=merge]")
    page.shot("04-chosen", "#records")
    page.submit("#make-button")
    summary = page.wait_for("#summary").text
    assert "Выбор: Класс=7А" in summary
    page.shot("05-done")
    archive = page.download("Архив со всеми документами")
    expected = api.make(["consent_parent"], EXAMPLE, tmp_path / "expected", select=api.Selection.parse(where=["Класс=7А"]))
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        consents = [n for n in names if n.startswith("Согласия родителей/") and n.endswith(".docx")]
        assert sorted(Path(n).name for n in consents) == sorted(p.name for p in expected.files)
        assert any(n.startswith("Для печати/") for n in names) and any(n.startswith("Описи/Опись ") for n in names)
        z.extract(consents[0], tmp_path / "unzipped")
    text = docx_text(tmp_path / "unzipped" / consents[0])
    child = Path(consents[0]).stem
    assert "согласие" in text.casefold() and any(part in text for part in child.split()[:2])

    # an order: proposed number, registered, and the registry with the new journal row
    page.driver.find_element("partial link text", "к реестру").click()
    page.wait_for("#make-button")
    page.click("input[name=template][value=order_intro]")
    number = page.find("#order-number").get_attribute("value")
    proposal = api.order_proposal(registry)
    assert number == proposal.number and proposal.confirmed
    page.shot("06-order", "#orders")
    page.submit("#make-button")
    summary = page.wait_for("#summary").text
    assert f"В журнал приказов записан № {number} от {date.today():%d.%m.%Y}" in summary
    page.shot("07-order-done")
    updated = page.download("Реестр с новой записью")
    journal = openpyxl.load_workbook(updated)["Приказы"]
    assert journal.cell(journal.max_row, 1).value == number
    assert journal.cell(journal.max_row, 3).value == "order_intro"
    assert openpyxl.load_workbook(registry)["Приказы"].max_row == journal.max_row - 1  # her own file untouched


def test_broken_registry_shows_every_problem_with_its_cell(page, tmp_path):
    cell, inn = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 5), org_cell(EXAMPLE, "ИНН")
    broken = edited_copy(EXAMPLE, tmp_path / "реестр с ошибкой.xlsx",
                         {("Наставляемые", cell): "31.02.2010", ("Организация", inn): "12345"})
    page.find("#registry-file").send_keys(str(broken))
    page.submit("#upload")
    page.wait_for("#check-button")
    page.submit("#check-button")
    assert page.wait_for("#check-result").text.startswith("В реестре проблем: ")
    rows = [[td.text for td in tr.find_elements("css selector", "td")]
            for tr in page.find("#problems").find_elements("css selector", "tbody tr")]
    assert ["Наставляемые", cell, "Дата рождения"] in [r[:3] for r in rows]
    assert any(r[0] == "Организация" and r[1] == inn for r in rows)
    page.shot("08-problems", "#check")
    # making documents from it is refused with the same list
    page.click("input[name=template][value=consent_parent]")
    page.submit("#make-button")
    assert page.wait_for("#job-error").text.startswith("В реестре проблем")
