#!/usr/bin/env python
"""Benchmark of `docgen svod`: the district's report from 30 school registries of 1000 rows each.

    python benchmarks/svod.py                 # 30 schools × 1000 mentees, 3 rounds
    python benchmarks/svod.py --schools 10 --rows 200 --repeat 1   # smoke run

Run it with the Python of the environment docgen is installed in.

What it does
------------
1. **Builds its own workload** in a temporary folder (nothing is cached in the repository): one
   school registry grown from the bundled example (``api.example_registry()``) to N rows on
   «Наставляемые» — pupils repeated with new codes, each with a copy of its parent's row on
   «Родители» — then copied once per school with its own ИНН (valid check digits) and short name
   on «Организация»; a district registry made from the example district's with one row per
   school on «Школы». Every school registry is checked to count (no problem the school's
   analytical report would stop on) before anything is measured.
2. **Measures**, as the median of ``--repeat`` rounds:
   a. the whole command as a subprocess: ``docgen svod -r DISTRICT SCHOOLS/ -o OUT -q
      --as-of 23.11.2026 --no-manifest`` (wall time, max RSS from ``os.wait4``);
   b. in this process, the parts: reading and validating the schools' registries on the
      process pool (``docgen.engine.schools.read_schools``, 2 workers on a 2-core host) and on
      one core, and the rest of the batch (the report, the figures workbook, the consolidated
      register of 30 × N rows).
It prints the figures; there is no target to pass or fail (no timed tests in docgen).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import openpyxl

from docgen import api
from docgen.engine.schools import collect_registries, read_schools
from docgen.plugins.catalog import SCHOOL, catalog

AS_OF = date(2026, 11, 23)


def inn(rng: random.Random) -> str:
    """A legal entity's ИНН with valid check digits and the tax-office code 00 (no real one has it)."""
    digits = [0, 0] + [rng.randint(0, 9) for _ in range(7)]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    digits.append(sum(d * w for d, w in zip(digits, weights)) % 11 % 10)
    return "".join(map(str, digits))


def grow(src: Path, dst: Path, rows: int) -> Path:
    """The example registry with «Наставляемые» grown to ``rows`` rows (pupils repeated with new
    codes, each with a copy of its parent's row)."""
    wb = openpyxl.load_workbook(src)
    ws, wp = wb["Наставляемые"], wb["Родители"]
    headers = [c.value for c in ws[1]]
    parent_headers = [c.value for c in wp[1]]
    code, category, fio = headers.index("Код"), headers.index("Категория"), headers.index("ФИО")
    child = parent_headers.index("Ребёнок")
    existing = [[c.value for c in r] for r in ws.iter_rows(min_row=2) if r[0].value]
    parents: dict[object, list[object]] = {}
    for r in wp.iter_rows(min_row=2):
        if r[0].value:
            parents.setdefault(r[child].value, [c.value for c in r])
    pupils = [r for r in existing if r[category] == "обучающийся"]
    row, prow = ws.max_row + 1, wp.max_row + 1
    for k in range(len(existing), rows):
        source = pupils[k % len(pupils)]
        new = list(source)
        new[code] = f"У-{10001 + k}"
        for col, value in enumerate(new, start=1):
            ws.cell(row, col, value)
        row += 1
        parent = parents.get(source[code]) or parents.get(source[fio])
        if parent:
            copy = list(parent)
            copy[child] = new[code]
            for col, value in enumerate(copy, start=1):
                wp.cell(prow, col, value)
            prow += 1
    wb.save(dst)
    return dst


def set_org(path: Path, values: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Организация"]
    for r in ws.iter_rows(min_col=1, max_col=2):
        if r[0].value in values:
            r[1].value = values[r[0].value]
    wb.save(path)


def build(tmp: Path, schools: int, rows: int) -> tuple[Path, Path]:
    rng = random.Random(17)
    folder = tmp / "schools"
    folder.mkdir()
    base = grow(api.example_registry(), tmp / "base.xlsx", rows)
    wb = openpyxl.load_workbook(api.example_district())
    ws = wb["Школы"]
    headers = [c.value for c in ws[1]]
    ws.delete_rows(2, ws.max_row)
    for i in range(1, schools + 1):
        name, number = f"МБОУ «СОШ № {i}»", inn(rng)
        path = folder / f"school-{i:02d}.xlsx"
        shutil.copy(base, path)
        set_org(path, {"ИНН": number, "Сокращённое наименование": name})
        row = {"Код": f"Р-{i:03d}", "Полное наименование": f"Муниципальное бюджетное общеобразовательное учреждение "
               f"«Средняя общеобразовательная школа № {i}»", "Сокращённое наименование": name, "ИНН": number,
               "Год включения в модель": 2025, "Директор": "Иванова Анна Петровна"}
        ws.append([row.get(h) for h in headers])
    district = tmp / "district.xlsx"
    wb.save(district)
    return district, folder


def docgen_command() -> str:
    found = Path(sys.executable).with_name("docgen")
    return str(found) if found.exists() else "docgen"


def run_cli(district: Path, folder: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, max RSS in MB) of one `docgen svod` process."""
    args = [docgen_command(), "svod", "-r", str(district), str(folder), "-o", str(out), "-q", "--as-of",
            "23.11.2026", "--no-manifest"]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"docgen svod failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    return wall, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docgen-svod-bench-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        district, folder = build(tmp, args.schools, args.rows)
        print(f"workload: {args.schools} schools × {args.rows} mentees, built in {time.perf_counter() - t0:.1f} s")
        schema = catalog().registry_schema_of(SCHOOL)
        scope = [catalog().find("monitoring_report")]
        paths = collect_registries([folder])
        check = read_schools(paths[:1], schema, AS_OF, scope=scope, workers=1)
        assert not check[0].broken, check[0].messages(5)
        cli, rss, pool, one, whole = [], [], [], [], []
        for k in range(args.repeat):
            wall, mb = run_cli(district, folder, tmp / f"cli{k}")
            cli.append(wall)
            rss.append(mb)
            start = time.perf_counter()
            readings = read_schools(paths, schema, AS_OF, scope=scope)
            pool.append(time.perf_counter() - start)
            assert not any(r.broken for r in readings), [r.messages(3) for r in readings if r.broken][:2]
            start = time.perf_counter()
            read_schools(paths, schema, AS_OF, scope=scope, workers=1)
            one.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = api.svod(district, [folder], tmp / f"api{k}", as_of=AS_OF,
                              outputs=api.Outputs(manifest=False))
            whole.append(time.perf_counter() - start)
            assert len(result.counted) == args.schools, result.broken
        med = statistics.median
        print(f"docgen svod, whole process:          {med(cli):6.2f} s   (max RSS {med(rss):.0f} MB; rounds: "
              + ", ".join(f"{x:.2f}" for x in cli) + ")")
        print(f"  reading + validation, process pool: {med(pool):6.2f} s   ({os.cpu_count()} cores)")
        print(f"  reading + validation, one core:     {med(one):6.2f} s   (pool speed-up {med(one) / med(pool):.2f}×)")
        print(f"  api.svod in process (all outputs):  {med(whole):6.2f} s   → report, figures and register of "
              f"{args.schools * args.rows} mentees: {med(whole) - med(pool):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
