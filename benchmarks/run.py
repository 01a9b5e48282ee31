#!/usr/bin/env python
"""docgen's benchmark: the one to run after changing anything on the hot path.

    python benchmarks/run.py                    # full run, 6-13 minutes on 2 cores (see a'')
    python benchmarks/run.py --quick            # smoke run: 200/1000 rows, one round, ~35 s
    python benchmarks/run.py --json out.json    # also write every figure and target as JSON
    python benchmarks/run.py --no-pdf           # skip the LibreOffice part (~4 minutes of the full run)
    python benchmarks/run.py --n 2000 --repeat 5 # other sizes (N ≥ 160, the example's own minors)
    python benchmarks/run.py --profile          # also cProfile `docgen make` and the render loop (top 15)

Run it with the Python of the environment docgen is installed in (the `docgen` command is
looked up next to that Python, so the subprocesses use the same installation).

What it does
------------
1. **Builds its own workload** in a temporary folder (nothing is cached in the repository):
   registries of the project's schema made from the bundled example (``api.example_registry()``)
   with openpyxl. The example's minors in «Наставляемые» are replicated with new unique codes
   (У-1001…), new unique names (recombined from the example's own names, same sex) and birth
   dates shifted a little but still minors on the as-of date 23.11.2026; every new child gets
   one «Родители» row (a copy of the source child's parent) that references its code. Every
   other sheet is kept as it is. Registries are built so that ``consent_parent`` makes exactly
   N documents (default N=1000) and, for ``check``, 5000. Each registry is verified with
   ``docgen check --as-of 23.11.2026`` before anything is measured.

2. **Measures, in the same run**, each figure as the median of ``--repeat`` rounds (default 3).
   Within a section the variants are interleaved and their order rotated every round (as in
   ../shared/PERF.md), and ratios are worked out inside each round and then their median taken.
   The host is a shared 2-core machine, so compare figures only within one run.

   a. **Target 1** — whole process, workbook → N documents, default options (the Опись on),
      on two templates, each against a docxtpl loop as a subprocess, same file names (checked):

      * ``consent_parent`` (docgen's own, with declension filters): ``docgen make consent_parent
        -r R -o OUT --as-of 23.11.2026 -q`` against a script that can render it at all — it
        needs docgen's filters, so it loads the registry with docgen's data layer, then per
        record ``DocxTemplate(template)``, ``render(ctx, jinja_env=make_env(),
        autoescape=True)``, ``save(path)``;
      * ``bench:lean_form`` (benchmarks/lean.py: a 2-page form with ~25 plain fields and a
        looped table, no filters, written for neither side) from its own registry (N minor
        mentees), against what a user writes: openpyxl (``read_only=True``, the faster mode)
        + one ``DocxTemplate`` per record + ``save``, importing nothing from docgen. Both
        sides print the same text (checked on every 50th document).

      The ratio is the docxtpl loop's wall time over docgen's; the target (≥ 30×, aim 40×)
      is judged on the smaller of the two (``speedup_vs_docxtpl`` in the JSON). ``--no-manifest``
      runs are shown beside them. **Target 3**: the Опись — the time to write its .xlsx and
      .csv for N rows in process (SHA-256 is computed by the render workers), and make −
      make --no-manifest of the whole process (noisy).
   a''. **This host's file system**: its ext4 has no journal, and creating a file steps over
      every inode freed in the last minutes (fs/ext4/ialloc.c, recently_deleted()): 0.03 ms a
      file normally, 0.4-0.9 ms after thousands were deleted — for docgen and the loops alike.
      Before section a the benchmark waits (up to 7 minutes) until creating a file is fast
      again (a previous run's cleanup); then it measures, as information, ``docgen make`` of
      the lean template right after 3000 files were deleted.
   **Target 2**: a bad ИНН on «Партнёры» (read by neither template): ``make`` of both succeeds
      and lists it as a warning, ``make partners_list`` refuses, ``docgen check`` reports it.
   b. Rendering alone, records already in memory, one core: ``CompiledTemplate.render`` plus
      writing the files, against the copy floor (the template's bytes with a changed zip
      comment written N times).
   c. One print file (``PrintFileBuilder``, duplex) against N separate files, for several N to
      show it stays linear.
   d. **Target 4** — PDFs through LibreOffice (``--pdf``, on by default; ``--pdf-repeat`` rounds,
      default 3, ~30 s each at N=1000): N separate PDFs (``make --pdf``,
      ≤ 60 s per 1000), the print file's PDF against one plain ``soffice --convert-to pdf`` of the
      same print file: the PDF step ((make --merge --pdf) − (make --merge), paired per round)
      ≤ 0.6× the plain conversion — the plain conversion starts from a finished print file, so
      rendering is left out of the ratio; the whole process's ratio is shown beside it — and the
      page count against the plain conversion's.
   e. ``docgen check`` on 1000 and 5000 rows, and peak memory (max RSS) of ``check`` and
      ``make`` at 1000 and 5000 rows (target ≤ 150 MB, and "not growing with N", judged as at
      most GROWTH_MB = 10 MB more per 1000 more rows: the whole registry is validated in memory
      (uniqueness, references, all problems in one report), so some growth per row is
      inherent; PERF.md calls its compile-once prototype's 43 → 70 MB from 1000 to 5000 rows,
      6.8 MB per 1000, "flat in N", and this threshold keeps that meaning).
   **Target 5**: peak RSS of ``make`` at 5000 documents for the main process and each worker
      apart (/proc sampled every 20 ms, see MEASURE_TREE), ``docgen --help`` (f., median of 5),
      and the web page's path (``api.make`` on a thread, as ``docgen web`` calls it) rendering
      on as many forked workers as the CLI; the buttons call the same ``api.make``.
   f. CLI start: ``docgen --help``, median of 5.
   g. CPU time / wall time of the ``make`` process (user + sys of the child and the children it
      waited for): about 1.0 means one core, up to 2.0 means both cores were busy.

   Per-child wall time, CPU time and max RSS come from ``os.wait4`` on that child, so each
   figure belongs to exactly one run; the child is started from a small launcher process,
   because on Linux a child's max RSS also counts the copy of its parent it was between fork
   and exec (see MEASURE). Max RSS of a process that starts workers is the largest of the
   parent and its workers, not their sum (Linux getrusage semantics).

3. Prints a table: each figure, its target and ✓/✗ (figures without a target are information),
   then the missed targets. ``--json PATH`` writes every figure (flat keys such as
   ``speedup_vs_docxtpl``, ``render_docs_per_s``, ``render_vs_floor``), the
   targets, the raw samples and the profiles. The exit code is 0 even when a target is missed:
   this is a measurement, not a test. Targets are set for N=1000 and 5000 rows; ``--quick``
   runs smaller workloads, where fixed costs weigh more and misses are expected.

Targets (issue 19): 1. whole process ≥ 30× the docxtpl loop (aim 40×) on both templates;
2. validation scoped to what the templates read; 3. the Опись ≤ 0.1 s per 1000 documents;
4. the print file's PDF ≤ 0.6× one plain soffice, same page count, and 1000 separate PDFs ≤ 60 s;
5. ≤ 150 MB (parent and each worker) at 5000 documents, ``docgen --help`` ≤ 0.3 s, the web page on
the same path. Earlier targets stay: rendering ≥ 1000 docs/s and within 10× of the copy floor;
print file ≤ 2× separate files, linear in N; ``check`` of 5000 rows ≤ 1.5 s. The load average is
printed with each section: on a shared machine the ratios move with it, so read them with it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from copy import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

AS_OF = date(2026, 11, 23)
AS_OF_TEXT = AS_OF.strftime("%d.%m.%Y")
TEMPLATE_ID = "consent_parent"
SEED = 20261123
FIRST_NEW_CODE = 1001

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lean  # noqa: E402 — the benchmark's second template (benchmarks/lean.py)

try:
    from docgen import api
    from docgen.plugins import catalog as packs
    from docgen.plugins.catalog import catalog
except ImportError:  # pragma: no cover - a newcomer running it with the wrong Python
    sys.exit("docgen is not importable: run this with the Python of the environment docgen is "
             "installed in (e.g. /tmp/venv/bin/python benchmarks/run.py).")


# =========================================================================== workload



GROWTH_MB = 10  # "not growing with N": MB of peak memory per 1000 more rows (see the docstring)
SETTLED_MS = 0.06  # creating a file takes ~0.03 ms here, 0.1-0.9 ms minutes after thousands were deleted
SETTLE_LIMIT_S = 420  # ext4 without a journal counts an inode as recently freed for up to 6 minutes

def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass
class Workload:
    path: Path
    consents: int  # documents consent_parent makes from it
    mentee_rows: int
    parent_rows: int
    first_new_row: int  # worksheet row of the first added mentee (all added rows are minors)
    added: int  # mentee rows added to the example (rows first_new_row … first_new_row + added - 1)


def build_registry(path: Path, consents: int) -> Workload:
    """A registry from which ``consent_parent`` makes exactly ``consents`` documents."""
    import openpyxl

    from docgen.context import select_records
    from docgen.records.validate import load

    schema = catalog().registry_schema
    example = api.example_registry()
    registry = load(example, schema, AS_OF)
    minors = select_records(registry, catalog().find(TEMPLATE_ID))  # minor mentees and pupil mentors
    sources = [r for r in minors if r.sheet == "mentees"]  # new rows copy minor mentees
    if consents < len(minors):
        raise SystemExit(f"N must be at least {len(minors)} (the example's own minors); got {consents}.")
    parent_of: dict[int, int] = {}  # mentee worksheet row → its first parent's worksheet row
    for p in registry.rows("parents"):
        child = p.values.get("child")
        if child is not None and child.sheet == "mentees":
            parent_of.setdefault(child.row, p.row)

    # Name pools by sex, from the example's own minors: surname / first name / patronymic.
    pools: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for sex in ("м", "ж"):
        parts = [r.values["fio"].split() for r in sources if r.values.get("sex") == sex]
        parts = [p for p in parts if len(p) == 3]
        pools[sex] = tuple(sorted({p[i] for p in parts}) for i in range(3))  # type: ignore[assignment]
    used = {str(r.values.get("fio") or "").casefold() for r in registry.rows("mentees")}

    mentees, parents = schema.sheet("mentees"), schema.sheet("parents")
    wb = openpyxl.load_workbook(example)
    ws_m, ws_p = wb[mentees.name], wb[parents.name]

    def columns(ws) -> dict[str, int]:
        return {str(c.value).strip().rstrip("*").strip(): c.column for c in ws[1] if c.value is not None}

    cm, cp = columns(ws_m), columns(ws_p)
    col_code, col_fio = cm[mentees.field("code").header], cm[mentees.field("fio").header]
    col_birth = cm[mentees.field("birth_date").header]
    col_child = cp[parents.field("child").header]

    def last_row(ws) -> int:
        row = ws.max_row
        while row > 1 and all(c.value in (None, "") for c in ws[row]):
            row -= 1
        return row

    # Snapshot of the example's rows (ws[row] recomputes max_column: quadratic while appending).
    snapshot = {id(ws): {row[0].row: [(c.column, c.value, c._style if c.has_style else None) for c in row]
                         for row in ws.iter_rows(min_row=2, max_row=last_row(ws))}
                for ws in (ws_m, ws_p)}

    def copy_row(ws, src: int, dst: int) -> None:
        for column, value, style in snapshot[id(ws)][src]:
            new = ws.cell(row=dst, column=column, value=value)
            if style is not None:
                new._style = copy(style)

    rng = random.Random(SEED)
    m_row, p_row = last_row(ws_m), last_row(ws_p)
    first_new = m_row + 1
    for i in range(consents - len(minors)):
        src = sources[i % len(sources)]
        m_row += 1
        copy_row(ws_m, src.row, m_row)
        ws_m.cell(row=m_row, column=col_code, value=f"У-{FIRST_NEW_CODE + i}")
        last, first, middle = pools[src.values["sex"]]
        while True:
            fio = f"{rng.choice(last)} {rng.choice(first)} {rng.choice(middle)}"
            if fio.casefold() not in used:
                used.add(fio.casefold())
                break
        ws_m.cell(row=m_row, column=col_fio, value=fio)
        birth = src.values["birth_date"] + timedelta(days=rng.randint(-150, 150))
        # still a minor, and on the same side of 14 (a guardian becomes a custodian at 14)
        if not 5 <= _age(birth, AS_OF) < 18 or (_age(birth, AS_OF) >= 14) != (_age(src.values["birth_date"], AS_OF) >= 14):
            birth = src.values["birth_date"]
        ws_m.cell(row=m_row, column=col_birth).value = birth
        p_row += 1
        copy_row(ws_p, parent_of[src.row], p_row)
        ws_p.cell(row=p_row, column=col_child, value=f"У-{FIRST_NEW_CODE + i}")
    wb.save(path)
    return Workload(path=path, consents=consents, mentee_rows=m_row - 1, parent_rows=p_row - 1,
                    first_new_row=first_new, added=consents - len(minors))


# =========================================================================== running children


def docgen_command() -> list[str]:
    """The `docgen` console script of this Python's environment (else `python -m docgen`)."""
    here = Path(sys.executable).parent / ("docgen.exe" if os.name == "nt" else "docgen")
    if here.is_file():
        return [str(here)]
    return [sys.executable, "-m", "docgen"]


@dataclass
class Child:
    wall: float
    cpu: float  # user + sys of the child and the children it waited for
    max_rss_mb: float | None
    returncode: int
    stdout: str
    stderr: str


#: Started by run_child to run and measure one command. Why a separate small process: on
#: Linux a child's ru_maxrss includes the RSS it had between fork and exec, i.e. a copy of its
#: parent's; forked from this benchmark (100+ MB after loading workbooks) every child would
#: "peak" at the benchmark's size. Forked from this ~10 MB launcher, the error is ≤ its size.
MEASURE = """\
import json, os, subprocess, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
proc = subprocess.Popen(cmd)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - started
proc.returncode = os.waitstatus_to_exitcode(status)
with open(report, "w") as f:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss,
               "rc": proc.returncode}, f)
"""


#: Like MEASURE, and also the peak RSS (VmHWM) of the child and of every process below it,
#: sampled from /proc every 20 ms: the parent's and each worker's peak separately (wait4
#: gives only the largest). A worker's last 20 ms can be missed; VmHWM is a high-water
#: mark, so what is sampled is never above the truth.
MEASURE_TREE = """\
import json, os, subprocess, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
peaks = {}
def hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
def below(root):
    kids, found = {}, {root}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(name))
    todo = [root]
    while todo:
        for k in kids.get(todo.pop(), []):
            found.add(k); todo.append(k)
    return found
started = time.perf_counter()
proc = subprocess.Popen(cmd)
while proc.poll() is None:
    for pid in below(proc.pid):
        v = hwm(pid)
        if v is not None:
            peaks[pid] = max(peaks.get(pid, 0), v)
    time.sleep(0.02)
wall = time.perf_counter() - started
parent = peaks.pop(proc.pid, 0)
with open(report, "w") as f:
    json.dump({"wall": wall, "parent_kb": parent, "others_kb": sorted(peaks.values(), reverse=True),
               "rc": proc.returncode}, f)
"""


def run_tree(cmd: list[str], *, timeout: float = 1800) -> dict[str, Any] | None:
    """Peak RSS of ``cmd`` and of each process below it, separately (see MEASURE_TREE); None
    where /proc is not there. Only the main process and its direct Python workers count as
    docgen's: LibreOffice is not started by the commands measured with this."""
    if not Path("/proc/self/status").is_file():
        return None
    with tempfile.TemporaryDirectory() as scratch:
        launcher, report = Path(scratch) / "tree.py", Path(scratch) / "report.json"
        launcher.write_text(MEASURE_TREE, encoding="utf-8")
        subprocess.run([sys.executable, "-I", "-S", str(launcher), str(report), *cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        data = json.loads(report.read_text(encoding="utf-8"))
    if data["rc"] != 0:
        raise SystemExit(f"{cmd} failed (exit {data['rc']}) while measuring memory")
    return {"parent_mb": data["parent_kb"] / 1024, "workers_mb": [k / 1024 for k in data["others_kb"]],
            "wall": data["wall"]}


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (OSError, AttributeError):
        return "n/a"


def run_child(cmd: list[str], *, timeout: float = 1800) -> Child:
    """Run ``cmd``: its wall time, and CPU time and max RSS of exactly this child (os.wait4 in a
    small launcher, see MEASURE). CPU and max RSS include the children it waited for (its
    workers, LibreOffice); max RSS is the largest of them, not their sum."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        if not hasattr(os, "wait4"):  # no per-child rusage (Windows): wall time only
            started = time.perf_counter()
            proc = subprocess.run(cmd, stdout=out, stderr=err, timeout=timeout)
            wall = time.perf_counter() - started
            cpu, rss, rc = float("nan"), None, proc.returncode
        else:
            launcher, report = Path(scratch) / "measure.py", Path(scratch) / "report.json"
            launcher.write_text(MEASURE, encoding="utf-8")
            proc = subprocess.run([sys.executable, "-I", "-S", str(launcher), str(report), *cmd],
                                  stdout=out, stderr=err, timeout=timeout)
            if not report.is_file():
                raise SystemExit(f"the measuring launcher failed (exit {proc.returncode}) for {cmd}")
            data = json.loads(report.read_text(encoding="utf-8"))
            wall, cpu, rc = data["wall"], data["cpu"], data["rc"]
            rss = data["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
        out.seek(0)
        err.seek(0)
        return Child(wall, cpu, rss, rc, out.read().decode("utf-8", "replace"),
                     err.read().decode("utf-8", "replace"))


def must(child: Child, what: str) -> Child:
    if child.returncode != 0:
        raise SystemExit(f"{what} failed (exit {child.returncode}):\n{child.stdout[-3000:]}\n{child.stderr[-3000:]}")
    return child


def rounds(variants: dict[str, Callable[[int], Any]], repeat: int, label: str) -> dict[str, list[Any]]:
    """Run every variant once per round, rotating the order each round; samples by variant."""
    names = list(variants)
    samples: dict[str, list[Any]] = {n: [] for n in names}
    for r in range(repeat):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            samples[name].append(variants[name](r))
        print(f"  {label}: round {r + 1}/{repeat} done", file=sys.stderr, flush=True)
    return samples


def med(values: list[float]) -> float:
    return statistics.median(values)


def creation_ms(folder: Path, count: int = 500) -> float:
    """Milliseconds to create one small file in a new folder (the file system's state, not docgen's)."""
    folder.mkdir()
    started = time.perf_counter()
    for i in range(count):
        with open(folder / f"{i}.docx", "wb") as fh:
            fh.write(b"x" * 9000)
    return (time.perf_counter() - started) * 1000 / count


def files_under(folder: Path, suffix: str) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(f"*{suffix}") if p.is_file()
                  and not p.name.startswith("Опись"))


# =========================================================================== the docxtpl loop

DOCXTPL_LOOP = '''\
"""Plain docxtpl, one DocxTemplate per record: the baseline docgen is compared with.

Same registry, same contexts (docgen's own data layer), same template, same file names.
Usage: python docxtpl_loop.py REGISTRY OUT_DIR AS_OF(dd.mm.yyyy) [LIMIT]
"""
import sys
from datetime import datetime
from pathlib import Path

from docxtpl import DocxTemplate

from docgen.plugins import catalog as packs
from docgen.plugins.catalog import catalog
from docgen.context import select_records, workbook_context
from docgen.render.environment import make_env, make_text_env
from docgen.output.files import safe_name
from docgen.records.validate import load

registry_path, out_dir, as_of = Path(sys.argv[1]), Path(sys.argv[2]), datetime.strptime(sys.argv[3], "%d.%m.%Y").date()
limit = int(sys.argv[4]) if len(sys.argv) > 4 else None

schema = catalog().find("consent_parent")
registry = load(registry_path, catalog().registry_schema, as_of)
base, objs = workbook_context(registry)
records = select_records(registry, schema)[:limit]
env = make_env()
file_name = make_text_env().from_string(schema.filename)
folder = out_dir / safe_name(schema.folder)
folder.mkdir(parents=True, exist_ok=True)
taken = set()
for record in records:
    ctx = {**base, schema.record_name: objs[id(record)]}
    doc = DocxTemplate(schema.template)
    doc.render(ctx, jinja_env=env, autoescape=True)
    stem = safe_name(file_name.render(ctx))
    name, n = stem + ".docx", 2
    while name.casefold() in taken:
        name, n = f"{stem} ({n}).docx", n + 1
    taken.add(name.casefold())
    doc.save(folder / name)
print(len(records))
'''


#: What the web page does to make documents (docgen/adapters/web/state.py: api.make on a thread,
#: with a progress callback), run in its own process: how many forked workers rendered, and
#: its time. The buttons call the same api.make (docgen/adapters/buttons.py).
WEB_PATH = """\
import json, sys, threading, time
from datetime import datetime
from docgen import api
from docgen.engine import pool, run as engine_run
seen = {"workers": 0}
real = engine_run.render_forked
def counting(compiled, contexts, paths, workers, *rest, **kw):
    seen["workers"] = max(seen["workers"], workers)
    return real(compiled, contexts, paths, workers, *rest, **kw)
engine_run.render_forked = counting
as_of = datetime.strptime(sys.argv[3], "%d.%m.%Y").date()
done = {}
def job():
    started = time.perf_counter()
    result = api.make(["consent_parent"], sys.argv[1], sys.argv[2], as_of=as_of, progress=lambda *a: None)
    done.update(seconds=time.perf_counter() - started, files=len(result.files))
thread = threading.Thread(target=job)
thread.start()
thread.join()
print(json.dumps({"workers": seen["workers"], **done}))
"""


# =========================================================================== in-process parts


def in_memory_contexts(workload: Workload):
    """Compiled template and the contexts of every document, as Batch builds them."""
    from docgen.context import select_records, workbook_context
    from docgen.render.environment import make_env
    from docgen.records.validate import load
    from docgen.render.template import CompiledTemplate

    schema = catalog().find(TEMPLATE_ID)
    registry = load(workload.path, catalog().registry_schema, AS_OF)
    base, objs = workbook_context(registry)
    ctxs = [{**base, schema.record_name: objs[id(r)]} for r in select_records(registry, schema)]
    return CompiledTemplate(schema.template, make_env(), schema.id), ctxs


def with_zip_comment(data: bytes, comment: bytes) -> bytes:
    """The same .docx with another zip comment (the end-of-central-directory record is last)."""
    eocd = data.rfind(b"PK\x05\x06")
    old_len = struct.unpack("<H", data[eocd + 20:eocd + 22])[0]
    assert eocd + 22 + old_len == len(data), "unexpected data after the zip comment"
    return data[:eocd + 20] + struct.pack("<H", len(comment)) + comment


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def lean_documents(registry: Path, pack_dir: Path) -> int:
    """How many documents the lean template makes from ``registry``."""
    from docgen.context import select_records
    from docgen.records.validate import load

    found = packs.catalog([pack_dir])
    return len(select_records(load(registry, found.registry_schema, AS_OF), found.find(lean.TEMPLATE_ID)))


def opis_seconds(n: int, repeat: int) -> list[float]:
    """Seconds to write the Опись (.xlsx and .csv) of ``n`` documents, in process: what the
    inventory adds once the workers have hashed the files (target 3)."""
    from datetime import datetime

    from docgen.output.manifest import ManifestRow, manifest_csv, manifest_xlsx

    rows = [ManifestRow("Согласие родителя на обработку персональных данных несовершеннолетнего", "документ",
                        f"Наставляемые!{i + 2}", f"Иванова Мария Петровна {i}",
                        f"Согласия родителей/7 «А» Иванова Мария Петровна {i} — согласие родителя.docx",
                        f"{i:064x}", 20_000 + i) for i in range(n)]
    made = datetime(2026, 11, 23, 12, 0)
    times = []
    for _ in range(max(3, repeat)):
        started = time.perf_counter()
        manifest_xlsx(rows, made, source="registry.xlsx", selection="все строки")
        manifest_csv(rows, made)
        times.append(time.perf_counter() - started)
    return times


def scope_check(registry: Path, tmp: Path, docgen: list[str], pack_dir: Path) -> dict[str, Any]:
    """Target 2: a bad ИНН on «Партнёры» stops only templates that read «Партнёры»."""
    import openpyxl

    schema = catalog().registry_schema.sheet("partners")
    broken = tmp / "registry-bad-partner.xlsx"
    wb = openpyxl.load_workbook(registry)
    ws = wb[schema.name]
    header = {str(c.value).strip().rstrip("*").strip(): c.column for c in ws[1] if c.value is not None}
    ws.cell(row=2, column=header[schema.field("inn").header], value="12345")
    wb.save(broken)

    def make(template: str, *extra: str) -> Child:
        out = tmp / f"scope-{template.replace(':', '-')}"
        child = run_child([*docgen, "make", template, *extra, "-r", str(broken), "-o", str(out), "--as-of",
                           AS_OF_TEXT, "--no-manifest"])
        shutil.rmtree(out, ignore_errors=True)
        return child

    consent = make(TEMPLATE_ID, "--rows", "2-5")
    lean_run = make(lean.TEMPLATE_ID, "--pack", str(pack_dir), "--rows", "2-5")
    partners = make("partners_list")
    check = run_child([*docgen, "check", str(broken), "--as-of", AS_OF_TEXT])
    warned = "Партнёры" in consent.stdout + consent.stderr and "Предупреждения" in consent.stdout + consent.stderr
    return {"consent_rc": consent.returncode, "lean_rc": lean_run.returncode, "partners_rc": partners.returncode,
            "check_rc": check.returncode, "warned": warned}


# =========================================================================== profile

#: Frames that only wrap the whole run (interpreter, runpy, click, the CLI adapter).
_WRAPPERS = ("runpy", "/click/", "<string>", "builtins.exec", "__main__.py", "adapters/cli.py")


def top_cumulative(stats, count: int) -> list[str]:
    """The ``count`` entries with the most cumulative time, wrapper frames left out."""
    total = max(ct for _, _, _, ct, _ in stats.stats.values())
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, _) in stats.stats.items():
        where = f"{filename}:{line}({func})" if filename != "~" else func
        if any(w in where for w in _WRAPPERS):
            continue
        if filename.startswith("<frozen importlib") and func != "_find_and_load":
            continue  # one line for all imports is enough
        short = where.split("site-packages/")[-1].split(str(Path.cwd()) + "/")[-1]
        rows.append((ct, tt, nc, short))
    rows.sort(reverse=True)
    lines = [f"total {total:.2f} s;  cumulative s   (% of total)   own s   calls   function"]
    for ct, tt, nc, where in rows[:count]:
        lines.append(f"  {ct:8.3f}  ({ct / total * 100:5.1f} %)  {tt:7.3f}  {nc:7d}   {where}")
    return lines


# =========================================================================== results


@dataclass
class Metric:
    key: str
    label: str
    value: float | None
    unit: str = ""
    op: str | None = None  # ">=", "<=", or None for information only
    target: float | None = None
    aim: float | None = None  # a stretch goal, shown but not judged
    fmt: str = "{:.2f}"

    @property
    def ok(self) -> bool | None:
        if self.op is None or self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.op == ">=" else self.value <= self.target

    def shown(self, x: float | None) -> str:
        return "—" if x is None else self.fmt.format(x)

    def target_text(self) -> str:
        if self.op is None:
            return ""
        text = f"{self.op} {self.shown(self.target)}"
        if self.aim is not None:
            text += f" (aim {self.shown(self.aim)})"
        return text


@dataclass
class Report:
    metrics: list[Metric] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)  # title, index of first metric
    samples: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.sections.append((title, len(self.metrics)))

    def add(self, *args, **kwargs) -> Metric:
        m = Metric(*args, **kwargs)
        self.metrics.append(m)
        return m

    def table(self) -> str:
        rows = []
        starts = dict((i, t) for t, i in self.sections)
        for i, m in enumerate(self.metrics):
            if i in starts:
                rows.append(("section", starts[i]))
            mark = {True: "✓", False: "✗", None: ""}[m.ok]
            rows.append(("row", (m.label, f"{m.shown(m.value)} {m.unit}".strip(), m.target_text(), mark)))
        w0 = max(len(r[1][0]) for r in rows if r[0] == "row")
        w1 = max(len(r[1][1]) for r in rows if r[0] == "row")
        w2 = max([len(r[1][2]) for r in rows if r[0] == "row"] + [len("target")])
        lines = [f"{'measurement':<{w0}}  {'value':>{w1}}  {'target':<{w2}}  ok",
                 "-" * (w0 + w1 + w2 + 8)]
        for kind, row in rows:
            if kind == "section":
                lines.append(f"[{row}]")
            else:
                lines.append(f"{row[0]:<{w0}}  {row[1]:>{w1}}  {row[2]:<{w2}}  {row[3]}")
        return "\n".join(lines)


# =========================================================================== the benchmark


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=None, help="consents of the main workload (default 1000; quick 200)")
    ap.add_argument("--check-n", type=int, default=None, help="rows for the large check/make (default 5000; quick 1000)")
    ap.add_argument("--repeat", type=int, default=None, help="rounds per measurement (default 3; quick 1)")
    ap.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True,
                    help="measure PDF conversion through LibreOffice (default on)")
    ap.add_argument("--pdf-n", type=int, default=None, help="documents for the PDF part (default N; quick 20)")
    ap.add_argument("--pdf-repeat", type=int, default=None,
                    help="rounds of the PDF part (default 3, quick 1: a round is ~30 s at N=1000)")
    ap.add_argument("--quick", action="store_true", help="smoke run: small workloads, one round")
    ap.add_argument("--json", type=Path, help="write every figure, target and raw sample here")
    ap.add_argument("--profile", action="store_true", help="also cProfile one `docgen make` of N documents and the render loop of b. (top 15 cumulative)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = ap.parse_args()

    n = args.n or (200 if args.quick else 1000)
    check_n = args.check_n or (1000 if args.quick else 5000)
    repeat = args.repeat or (1 if args.quick else 3)
    pdf_n = args.pdf_n or (20 if args.quick else n)
    print_ns = sorted({max(1, n // 4), max(1, n // 2), n})
    help_runs = 3 if args.quick else 5
    docgen = docgen_command()
    report = Report()
    started_all = time.perf_counter()

    tmp = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        def log(text: str) -> None:
            print(text, file=sys.stderr, flush=True)

        # ------------------------------------------------------------ workload
        log(f"workload: building registries of {n} and {check_n} consents in {tmp}")
        t0 = time.perf_counter()
        main_wl = build_registry(tmp / f"registry-{n}.xlsx", n)
        big_wl = main_wl if check_n == n else build_registry(tmp / f"registry-{check_n}.xlsx", check_n)
        log(f"  built in {time.perf_counter() - t0:.1f} s; verifying with docgen check")
        for wl in {id(main_wl): main_wl, id(big_wl): big_wl}.values():
            res = run_child([*docgen, "check", str(wl.path), "--as-of", AS_OF_TEXT])
            if res.returncode != 0:
                raise SystemExit(f"the generated registry {wl.path.name} does not pass docgen check:\n"
                                 f"{res.stdout[-4000:]}{res.stderr[-2000:]}")
        report.notes.append(f"registry {n}: {main_wl.mentee_rows} mentee rows, {main_wl.parent_rows} parent rows; "
                            f"registry {check_n}: {big_wl.mentee_rows} mentee rows, {big_wl.parent_rows} parent rows; "
                            "both pass docgen check")

        true = shutil.which("true")
        if true and hasattr(os, "wait4"):
            floor_rss = run_child([true]).max_rss_mb
            report.notes.append(f"max RSS figures include up to {floor_rss:.0f} MB of the measuring launcher "
                                "(what `true` shows); any real docgen process is larger")
        loop_script = tmp / "docxtpl_loop.py"
        loop_script.write_text(DOCXTPL_LOOP, encoding="utf-8")
        counter = iter(range(10**9))

        def out_dir() -> Path:
            return tmp / f"out-{next(counter)}"

        # Output folders are deleted at the end of a section, never between timed runs: on ext4
        # mounted with `discard` (this host), creating files right after deleting thousands is
        # slow and erratic (PERF.md §6), and a user's batch does not start that way either.
        trash: list[Path] = []

        def sweep() -> None:
            for p in trash:
                shutil.rmtree(p, ignore_errors=True)
            trash.clear()
            if hasattr(os, "sync"):
                os.sync()  # let the journal commit (and its discards) happen now, not in the next run

        def make_cmd(reg: Path, out: Path, *extra: str) -> list[str]:
            return [*docgen, "make", TEMPLATE_ID, "-r", str(reg), "-o", str(out), "--as-of", AS_OF_TEXT, "-q", *extra]

        def lean_cmd(reg: Path, out: Path, pack: Path, *extra: str) -> list[str]:
            return [*docgen, "make", lean.TEMPLATE_ID, "--pack", str(pack), "-r", str(reg), "-o", str(out),
                    "--as-of", AS_OF_TEXT, "-q", *extra]

        # the second template (no declension filters) and its registry: N documents of it
        pack_dir = lean.build_pack(tmp / "benchpack")
        lean_template = pack_dir / "templates" / "lean_form.docx"
        user_loop = tmp / "user_loop.py"
        user_loop.write_text(lean.USER_LOOP, encoding="utf-8")
        lean_gap = main_wl.consents - lean_documents(main_wl.path, pack_dir)
        lean_wl = build_registry(tmp / f"registry-lean-{n}.xlsx", n + lean_gap)
        if lean_documents(lean_wl.path, pack_dir) != n:
            raise SystemExit("the lean workload does not make N documents")
        report.notes.append(f"lean template: registry of {lean_wl.mentee_rows} mentee rows, {lean_wl.parent_rows} "
                            f"parent rows ({n} minor mentees, {n + lean_gap} minors in all)")

        # warm-up (page cache, .pyc): not timed
        log("warm-up")
        must(run_child([*docgen, "--help"]), "docgen --help")
        warm = out_dir()
        rows = f"{main_wl.first_new_row}-{main_wl.first_new_row + 9}" if main_wl.added >= 10 else "2-12"
        must(run_child(make_cmd(main_wl.path, warm, "--no-manifest", "--rows", rows)), "docgen make (warm-up)")
        must(run_child([sys.executable, str(loop_script), str(main_wl.path), str(out_dir()), AS_OF_TEXT, "5"]),
             "docxtpl loop (warm-up)")
        must(run_child(lean_cmd(lean_wl.path, out_dir(), pack_dir, "--rows", rows)), "docgen make lean (warm-up)")

        # Files deleted in the last minutes (the previous benchmark's cleanup, say) make creating
        # files on this host 10-20× slower for every program (section a''): wait until that is
        # over, so that section a measures docgen and the loops, not the last cleanup.
        settle_started = time.perf_counter()
        probe_quiet = creation_ms(tmp / "probe-quiet-0")
        while probe_quiet > SETTLED_MS and time.perf_counter() - settle_started < SETTLE_LIMIT_S:
            log(f"  creating a file takes {probe_quiet:.2f} ms (files were deleted lately): waiting for it to settle")
            time.sleep(20)
            probe_quiet = creation_ms(tmp / f"probe-quiet-{int(time.perf_counter() - settle_started)}")
        settle_s = time.perf_counter() - settle_started

        # ------------------------------------------------------------ a. whole process (target 1)
        log(f"a. whole process, {n} documents of two templates: docgen make vs plain docxtpl loops "
            f"({repeat} rounds; load average {load_average()})")
        outs: dict[str, dict[int, Path]] = {}
        load_before = load_average()

        def whole(name: str, cmd_for: Callable[[Path], list[str]], pattern: str = ".docx") -> Callable[[int], Child]:
            def run(r: int) -> Child:
                out = out_dir()
                child = must(run_child(cmd_for(out)), name)
                produced = files_under(out, pattern)
                if len(produced) != n:
                    raise SystemExit(f"{name} made {len(produced)} documents, expected {n}")
                outs.setdefault(name, {})[r] = out  # round 0's are compared below
                trash.append(out)
                return child
            return run

        a = rounds({
            "make": whole("make", lambda out: make_cmd(main_wl.path, out)),
            "make_no_manifest": whole("make_no_manifest", lambda out: make_cmd(main_wl.path, out, "--no-manifest")),
            "docxtpl": whole("docxtpl", lambda out: [sys.executable, str(loop_script), str(main_wl.path),
                                                     str(out), AS_OF_TEXT]),
            "lean_make": whole("lean_make", lambda out: lean_cmd(lean_wl.path, out, pack_dir)),
            "lean_make_no_manifest": whole("lean_make_no_manifest",
                                           lambda out: lean_cmd(lean_wl.path, out, pack_dir, "--no-manifest")),
            "lean_docxtpl": whole("lean_docxtpl", lambda out: [sys.executable, str(user_loop), str(lean_wl.path),
                                                               str(lean_template), str(out), AS_OF_TEXT]),
        }, repeat, "a")
        load_after = load_average()
        same_names = files_under(outs["make"][0], ".docx") == files_under(outs["docxtpl"][0], ".docx")
        lean_names = files_under(outs["lean_make"][0], ".docx") == files_under(outs["lean_docxtpl"][0], ".docx")
        lean_same_text = lean_names and all(
            lean.visible_text(outs["lean_make"][0] / name) == lean.visible_text(outs["lean_docxtpl"][0] / name)
            for name in files_under(outs["lean_make"][0], ".docx")[:: max(1, n // 50)])
        if not same_names:
            report.notes.append("WARNING: docgen make and the docxtpl loop wrote different file names (consent)")
        if not lean_same_text:
            report.notes.append("WARNING: docgen make and the user's docxtpl loop wrote different documents (lean)")
        sweep()

        def ratio(slow: str, fast: str) -> float:
            return med([d.wall / m.wall for m, d in zip(a[fast], a[slow])])

        report.samples["a"] = {k: [c.__dict__ | {"stdout": "", "stderr": ""} for c in v] for k, v in a.items()}
        report.samples["a_load_average"] = [load_before, load_after]
        consent_ratio, lean_ratio = ratio("docxtpl", "make"), ratio("lean_docxtpl", "lean_make")
        report.section(f"a. TARGET 1 — whole process, workbook → {n} documents, default options (Опись on); "
                       f"load average before/after: {load_before} / {load_after}")
        report.add("make_wall_s", f"consent_parent: docgen make", med([c.wall for c in a["make"]]), "s")
        report.add("make_no_manifest_wall_s", "consent_parent: docgen make --no-manifest",
                   med([c.wall for c in a["make_no_manifest"]]), "s")
        report.add("docxtpl_loop_wall_s", "consent_parent: docxtpl loop (docgen's filters and data layer)",
                   med([c.wall for c in a["docxtpl"]]), "s")
        report.add("speedup_vs_docxtpl_consent", "consent_parent: docxtpl loop / docgen make", consent_ratio, "×",
                   ">=", 30, aim=40)
        report.add("lean_make_wall_s", "lean template (no filters): docgen make", med([c.wall for c in a["lean_make"]]), "s")
        report.add("lean_make_no_manifest_wall_s", "lean template: docgen make --no-manifest",
                   med([c.wall for c in a["lean_make_no_manifest"]]), "s")
        report.add("lean_docxtpl_wall_s", "lean template: user's loop (openpyxl + DocxTemplate per record)",
                   med([c.wall for c in a["lean_docxtpl"]]), "s")
        report.add("speedup_vs_docxtpl_lean", "lean template: docxtpl loop / docgen make", lean_ratio, "×",
                   ">=", 30, aim=40)
        report.add("speedup_vs_docxtpl", "TARGET 1: the smaller of the two ratios", min(consent_ratio, lean_ratio),
                   "×", ">=", 30, aim=40)
        report.add("speedup_vs_docxtpl_consent_no_manifest", "  (consent_parent, --no-manifest)",
                   ratio("docxtpl", "make_no_manifest"), "×")
        report.add("speedup_vs_docxtpl_lean_no_manifest", "  (lean template, --no-manifest)",
                   ratio("lean_docxtpl", "lean_make_no_manifest"), "×")
        report.add("make_docs_per_s", "consent_parent: docgen make, docs/s", n / med([c.wall for c in a["make"]]),
                   "docs/s", fmt="{:.0f}")
        report.add("same_file_names_as_docxtpl_loop", "same file names as the docxtpl loops (1 = yes)",
                   1.0 if same_names and lean_names else 0.0, "", ">=", 1, fmt="{:.0f}")
        report.add("lean_same_text_as_docxtpl", "lean: same visible text as the user's loop, every 50th doc (1 = yes)",
                   1.0 if lean_same_text else 0.0, "", ">=", 1, fmt="{:.0f}")
        report.section("a'. TARGET 3 — the Опись (inventory .xlsx + .csv; SHA-256 is computed by the render workers)")
        report.add("opis_whole_process_s", "consent: make − make --no-manifest (whole process; noisy)",
                   med([m.wall - x.wall for m, x in zip(a["make"], a["make_no_manifest"])]), "s")
        report.add("opis_whole_process_lean_s", "lean: make − make --no-manifest (whole process; noisy)",
                   med([m.wall - x.wall for m, x in zip(a["lean_make"], a["lean_make_no_manifest"])]), "s")
        opis = opis_seconds(n, repeat)
        report.samples["opis_in_process"] = opis
        report.add("opis_s_per_1000", "writing the Опись of 1000 documents (in process, median)",
                   med(opis) * 1000 / n, "s", "<=", 0.1, fmt="{:.3f}")
        # ------------------------------------------------------------ a''. right after deletions (information)
        # This host's ext4 has no journal: creating a file then steps over every inode freed in
        # the last minutes, one by one (fs/ext4/ialloc.c, recently_deleted()), so a batch made
        # right after thousands of files were deleted pays for them. Measured, not hidden.
        log("a''. docgen make right after deleting 3000 files (information)")
        after, probe_after = [], []
        for r in range(repeat):
            junk = tmp / f"junk-{r}"
            junk.mkdir()
            for i in range(3000):
                (junk / f"{i}.docx").write_bytes(b"x")
            shutil.rmtree(junk)
            probe_after.append(creation_ms(tmp / f"probe-after-{r}"))
            out = out_dir()
            after.append(must(run_child(lean_cmd(lean_wl.path, out, pack_dir)), "docgen make lean after deletions"))
            trash.append(out)
        report.samples["after_deletions"] = [c.wall for c in after]
        report.section("a''. the same right after 3000 files were deleted (this host's ext4 has no journal)")
        report.add("file_create_ms_quiet", f"creating a file before section a, ms (after {settle_s:.0f} s of waiting "
                   "for deletions to settle)", probe_quiet, "ms", fmt="{:.3f}")
        report.add("file_create_ms_after_deletions", "creating a file right after the deletions, ms",
                   med(probe_after), "ms", fmt="{:.3f}")
        report.add("lean_make_after_deletions_s", "lean template: docgen make right after the deletions",
                   med([c.wall for c in after]), "s")
        report.add("speedup_vs_docxtpl_lean_after_deletions", "  its ratio to the user's loop (measured quiet)",
                   med([c.wall for c in a["lean_docxtpl"]]) / med([c.wall for c in after]), "×")
        report.section("g. use of both cores (CPU time / wall time of the make process)")
        report.add("make_cpu_per_wall", f"docgen make {n}: (user+sys) / wall",
                   med([c.cpu / c.wall for c in a["make"]]), "", fmt="{:.2f}")
        report.add("make_cpu_s", f"docgen make {n}: CPU time (user+sys)", med([c.cpu for c in a["make"]]), "s")

        # ------------------------------------------------------------ scope (target 2)
        log("scope: a problem on a sheet the template does not read")
        scoped = scope_check(main_wl.path, tmp, docgen, pack_dir)
        report.samples["scope"] = scoped
        report.section("TARGET 2 — validate what the chosen templates read («Партнёры» row 2: bad ИНН)")
        report.add("scope_make_unaffected", "make of a template not reading «Партнёры» succeeds (1 = yes)",
                   1.0 if scoped["lean_rc"] == 0 and scoped["consent_rc"] == 0 else 0.0, "", ">=", 1, fmt="{:.0f}")
        report.add("scope_reported_as_warning", "… and reports the problem as a warning (1 = yes)",
                   1.0 if scoped["warned"] else 0.0, "", ">=", 1, fmt="{:.0f}")
        report.add("scope_blocks_reader", "make of partners_list (reads «Партнёры») refuses (1 = yes)",
                   1.0 if scoped["partners_rc"] != 0 else 0.0, "", ">=", 1, fmt="{:.0f}")
        report.add("scope_check_validates_all", "docgen check still reports it as an error (1 = yes)",
                   1.0 if scoped["check_rc"] != 0 else 0.0, "", ">=", 1, fmt="{:.0f}")

        # ------------------------------------------------------------ b. rendering alone
        log(f"b. rendering alone, {n} documents in memory, one core ({repeat} rounds)")
        compiled, ctxs = in_memory_contexts(main_wl)
        template_bytes = Path(compiled.path).read_bytes()
        check_zip = zipfile.ZipFile(io.BytesIO(with_zip_comment(template_bytes, b"1")))
        assert check_zip.comment == b"1" and check_zip.testzip() is None

        def render_files(ctx_list: list[dict]) -> Callable[[int], float]:
            def run(r: int) -> float:
                out = out_dir()
                out.mkdir()
                started = time.perf_counter()
                for i, ctx in enumerate(ctx_list):
                    (out / f"{i}.docx").write_bytes(compiled.render(ctx))
                t = time.perf_counter() - started
                trash.append(out)
                return t
            return run

        def floor(r: int) -> float:
            out = out_dir()
            out.mkdir()
            started = time.perf_counter()
            for i in range(n):
                (out / f"{i}.docx").write_bytes(with_zip_comment(template_bytes, b"%d" % i))
            t = time.perf_counter() - started
            trash.append(out)
            return t

        b = rounds({"render": render_files(ctxs), "floor": floor}, repeat, "b")
        render_profile: list[str] = []
        if args.profile:  # one more, untimed, loop under cProfile: where a document's time goes
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
            render_files(ctxs)(0)
            profiler.disable()
            render_profile = top_cumulative(pstats.Stats(profiler), 15)
        sweep()
        report.samples["b"] = b
        report.section(f"b. rendering alone: {n} documents in memory → files, one core")
        report.add("render_docs_per_s", "CompiledTemplate.render + write, docs/s", n / med(b["render"]),
                   "docs/s", ">=", 1000, fmt="{:.0f}")
        report.add("render_ms_per_doc", "  per document", med(b["render"]) / n * 1000, "ms")
        report.add("floor_docs_per_s", "copy floor (template bytes, new zip comment), docs/s",
                   n / med(b["floor"]), "docs/s", fmt="{:.0f}")
        report.add("render_vs_floor", "render time / floor time",
                   med([x / y for x, y in zip(b["render"], b["floor"])]), "×", "<=", 10, fmt="{:.1f}")

        # ------------------------------------------------------------ c. print file
        log(f"c. one print file vs separate files, N = {print_ns} ({repeat} rounds)")
        from docgen.output.merge import PrintFileBuilder

        def print_file(ctx_list: list[dict]) -> Callable[[int], float]:
            def run(r: int) -> float:
                out = out_dir()
                out.mkdir()
                started = time.perf_counter()
                builder = PrintFileBuilder(compiled, duplex=True)
                for ctx in ctx_list:
                    builder.add(compiled.render_parts(ctx))
                (out / "print.docx").write_bytes(builder.finish())
                t = time.perf_counter() - started
                trash.append(out)
                return t
            return run

        variants: dict[str, Callable[[int], float]] = {}
        for k in print_ns:
            variants[f"separate_{k}"] = render_files(ctxs[:k])
            variants[f"print_{k}"] = print_file(ctxs[:k])
        c = rounds(variants, repeat, "c")
        sweep()
        report.samples["c"] = c
        report.section("c. one print file (duplex) vs separate files")
        for k in print_ns:
            r_k = med([p / s for p, s in zip(c[f"print_{k}"], c[f"separate_{k}"])])
            report.add(f"print_file_ratio_{k}", f"N={k}: print file time / separate files time", r_k, "×",
                       "<=", 2, fmt="{:.2f}")
            report.add(f"print_file_ms_per_record_{k}", f"N={k}: print file, per record",
                       med(c[f"print_{k}"]) / k * 1000, "ms")
            report.add(f"separate_files_ms_per_record_{k}", f"N={k}: separate files, per record",
                       med(c[f"separate_{k}"]) / k * 1000, "ms")
        lo, hi = print_ns[0], print_ns[-1]
        report.add("print_file_linearity", f"print file ms/record at N={hi} / at N={lo}",
                   (med(c[f"print_{hi}"]) / hi) / (med(c[f"print_{lo}"]) / lo), "×", "<=", 1.5, fmt="{:.2f}")
        report.add("print_file_ratio_vs_separate_files", f"print file / separate files at N={hi}",
                   med([p / s for p, s in zip(c[f"print_{hi}"], c[f"separate_{hi}"])]), "×", "<=", 2)
        del ctxs, compiled

        # ------------------------------------------------------------ d. PDF (target 4)
        if args.pdf:
            from docgen.soffice import find_soffice

            # The added rows are all minors, so --rows over them selects exactly pdf_n documents.
            if pdf_n < n and main_wl.added >= pdf_n:
                first = main_wl.first_new_row
                select = ["--rows", f"{first}-{first + pdf_n - 1}"]
            else:
                pdf_n, select = n, []
            pdf_repeat = max(1, args.pdf_repeat if args.pdf_repeat is not None else (1 if args.quick else 3))
            log(f"d. PDF of {pdf_n} documents ({' '.join(select) or 'all rows'}): separate, print file, and one "
                f"plain soffice of the same print file ({pdf_repeat} round(s); load average {load_average()})")
            # the print file the plain soffice converts: docgen's own, made once (not timed)
            source = out_dir()
            must(run_child(make_cmd(main_wl.path, source, "--no-manifest", "--merge", *select)), "make --merge")
            print_docx = next(source.glob("Для печати/*.docx"))
            soffice = find_soffice()
            profile = tmp / "plain-soffice-profile"
            warm_pdf = out_dir()
            must(run_child([str(soffice), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                            "--convert-to", "pdf", "--outdir", str(warm_pdf),
                            str(next((source / "Согласия родителей").glob("*.docx")))]), "soffice warm-up")
            pages: dict[str, list[int]] = {"plain": [], "docgen": []}

            def plain_soffice(r: int) -> Child:
                out = out_dir()
                child = must(run_child([str(soffice), "--headless", "--norestore",
                                        f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                                        "--outdir", str(out), str(print_docx)], timeout=3600), "plain soffice")
                pages["plain"].append(pdf_pages(next(out.glob("*.pdf"))))
                trash.append(out)
                return child

            def pdf_run(name: str, extra: list[str], expected_pdfs: int) -> Callable[[int], Child]:
                def run(r: int) -> Child:
                    out = out_dir()
                    child = must(run_child(make_cmd(main_wl.path, out, "--no-manifest", *select, *extra),
                                           timeout=3600), name)
                    docs = [p for p in files_under(out, ".docx") if not p.startswith("Для печати")]
                    pdfs = files_under(out, ".pdf")
                    if len(docs) != pdf_n or len(pdfs) != expected_pdfs:
                        raise SystemExit(f"{name}: {len(docs)} documents and {len(pdfs)} PDFs, "
                                         f"expected {pdf_n} and {expected_pdfs}")
                    if expected_pdfs == 0:
                        pass
                    elif expected_pdfs == 1:
                        pages["docgen"].append(pdf_pages(out / pdfs[0]))
                    else:
                        pages.setdefault("separate", []).append(sum(pdf_pages(out / p) for p in pdfs))
                    trash.append(out)
                    return child
                return run

            d = rounds({"pdf_separate": pdf_run("make --pdf", ["--pdf"], pdf_n),
                        "pdf_merged": pdf_run("make --merge --pdf", ["--merge", "--pdf"], 1),
                        "merge_only": pdf_run("make --merge", ["--merge"], 0),
                        "plain_soffice": plain_soffice}, pdf_repeat, "d")
            trash.extend([source, warm_pdf])
            sweep()
            report.samples["d"] = {k: [x.__dict__ | {"stdout": "", "stderr": ""} for x in v] for k, v in d.items()}
            report.samples["d_pages"] = pages
            wall = lambda key: med([x.wall for x in d[key]])  # noqa: E731
            report.section(f"d. TARGET 4 — PDF through LibreOffice, {pdf_n} documents (whole process; "
                           f"{pdf_repeat} round(s); load average now {load_average()})")
            report.add("pdf_merged_wall_s", "make --merge --pdf: the print file's PDF", wall("pdf_merged"), "s")
            report.add("plain_soffice_wall_s", "one plain `soffice --convert-to pdf` of the same print file",
                       wall("plain_soffice"), "s")
            report.add("merge_only_wall_s", "make --merge (the same, without the PDF)", wall("merge_only"), "s")
            report.add("pdf_step_s", "  the PDF step: (make --merge --pdf) − (make --merge)",
                       med([m.wall - o.wall for m, o in zip(d["pdf_merged"], d["merge_only"])]), "s")
            report.add("pdf_step_vs_plain_soffice", "print file → verified PDF / plain soffice of the print file",
                       med([(m.wall - o.wall) / p.wall for m, o, p in zip(d["pdf_merged"], d["merge_only"],
                                                                          d["plain_soffice"])]), "×", "<=", 0.6)
            report.add("pdf_merged_vs_plain_soffice", "  whole make --merge --pdf / plain soffice (rendering included)",
                       med([m.wall / p.wall for m, p in zip(d["pdf_merged"], d["plain_soffice"])]), "×")
            report.add("pdf_merged_pages_match", "its page count equals the plain conversion's (1 = yes)",
                       1.0 if pages["docgen"] and pages["docgen"] == pages["plain"][:len(pages["docgen"])] else 0.0,
                       "", ">=", 1, fmt="{:.0f}")
            report.add("pdf_merged_pages", "  pages", float(pages["docgen"][0]) if pages["docgen"] else None, "",
                       fmt="{:.0f}")
            report.add("pdf_separate_wall_s", f"make --pdf: {pdf_n} separate PDFs", wall("pdf_separate"), "s",
                       "<=", 60 * pdf_n / 1000, fmt="{:.1f}")
            report.add("pdf_separate_docs_per_s", "  docs/s", pdf_n / wall("pdf_separate"), "docs/s", fmt="{:.1f}")
            report.add("pdf_separate_pages", "  pages of the separate PDFs, in all",
                       float(pages["separate"][0]) if pages.get("separate") else None, "", fmt="{:.0f}")
            report.add("pdf_separate_cpu_per_wall", "make --pdf: (user+sys) / wall",
                       med([x.cpu / x.wall for x in d["pdf_separate"]]), "")
            report.add("pdf_max_rss_mb", "make --pdf: max RSS (largest process incl. soffice)",
                       med([x.max_rss_mb or 0 for x in d["pdf_separate"]]), "MB", fmt="{:.0f}")

        # ------------------------------------------------------------ e. check and memory
        log(f"e. docgen check and peak memory at {n} and {check_n} rows ({repeat} rounds)")

        def plain(cmd_for: Callable[[], list[str]], name: str, cleanup: bool = False) -> Callable[[int], Child]:
            def run(r: int) -> Child:
                cmd = cmd_for()
                child = must(run_child(cmd), name)
                if cleanup:
                    trash.append(Path(cmd[cmd.index("-o") + 1]))
                return child
            return run

        e_variants = {
            "check_small": plain(lambda: [*docgen, "check", str(main_wl.path), "--as-of", AS_OF_TEXT], "check"),
            "check_big": plain(lambda: [*docgen, "check", str(big_wl.path), "--as-of", AS_OF_TEXT], "check"),
        }
        if big_wl is not main_wl:
            e_variants["make_big"] = plain(lambda: make_cmd(big_wl.path, out_dir()), "make", True)
        e = rounds(e_variants, repeat, "e")
        sweep()
        if "make_big" not in e:
            e["make_big"] = a["make"]
        report.samples["e"] = {k: [x.__dict__ | {"stdout": "", "stderr": ""} for x in v] for k, v in e.items()}
        rss = lambda xs: med([x.max_rss_mb for x in xs]) if xs and xs[0].max_rss_mb is not None else None  # noqa: E731
        report.section("e. docgen check, and peak memory (max RSS of the child)")
        report.add("check_small_s", f"docgen check, {n} rows", med([x.wall for x in e["check_small"]]), "s")
        report.add("check_s", f"docgen check, {check_n} rows", med([x.wall for x in e["check_big"]]), "s",
                   "<=", 1.5)
        report.add("make_big_wall_s", f"docgen make, {check_n} consents (Опись on)",
                   med([x.wall for x in e["make_big"]]), "s")
        report.add("make_big_docs_per_s", "  docs/s", check_n / med([x.wall for x in e["make_big"]]), "docs/s",
                   fmt="{:.0f}")
        report.add("make_big_cpu_per_wall", "  (user+sys) / wall", med([x.cpu / x.wall for x in e["make_big"]]), "")
        mem = {"check_small": rss(e["check_small"]), "check_big": rss(e["check_big"]),
               "make_small": rss(a["make"]), "make_big": rss(e["make_big"])}
        report.add("check_max_rss_mb_small", f"check, {n} rows: max RSS", mem["check_small"], "MB", "<=", 150, fmt="{:.0f}")
        report.add("check_max_rss_mb", f"check, {check_n} rows: max RSS", mem["check_big"], "MB", "<=", 150, fmt="{:.0f}")
        report.add("make_max_rss_mb_small", f"make, {n} consents: max RSS", mem["make_small"], "MB", "<=", 150, fmt="{:.0f}")
        report.add("make_max_rss_mb", f"make, {check_n} consents: max RSS", mem["make_big"], "MB", "<=", 150, fmt="{:.0f}")
        if mem["make_small"] and mem["make_big"] and check_n != n:
            per_k = 1000 / (check_n - n)
            report.add("make_rss_growth_mb_per_1000", "make: RSS growth per 1000 more rows",
                       (mem["make_big"] - mem["make_small"]) * per_k, "MB", "<=", GROWTH_MB, fmt="{:.1f}")
            report.add("check_rss_growth_mb_per_1000", "check: RSS growth per 1000 more rows",
                       (mem["check_big"] - mem["check_small"]) * per_k, "MB", "<=", GROWTH_MB, fmt="{:.1f}")

        # ------------------------------------------------------------ target 5: parent and workers apart
        log(f"e'. peak memory of the parent and of each worker, make of {check_n} (one run; /proc sampled)")
        tree_out = out_dir()
        tree = run_tree(make_cmd(big_wl.path, tree_out))
        trash.append(tree_out)
        web_out = out_dir()
        web = must(run_child([sys.executable, "-c", WEB_PATH, str(main_wl.path), str(web_out), AS_OF_TEXT]),
                   "the web page's path")
        trash.append(web_out)
        sweep()
        report.samples["memory_tree"] = tree
        report.section(f"TARGET 5 — memory at {check_n} documents (parent and workers apart), --help, web page path")
        if tree is not None:
            report.add("make_big_parent_peak_mb", f"make {check_n}: peak RSS of the main process", tree["parent_mb"],
                       "MB", "<=", 150, fmt="{:.0f}")
            report.add("make_big_worker_peak_mb", f"make {check_n}: peak RSS of the largest worker",
                       max(tree["workers_mb"], default=0.0), "MB", "<=", 150, fmt="{:.0f}")
            report.add("make_big_workers", "  workers seen", float(len(tree["workers_mb"])), "", fmt="{:.0f}")
            report.add("make_big_sum_peak_mb", "  sum of the peaks (parent + workers; shared pages counted twice)",
                       tree["parent_mb"] + sum(tree["workers_mb"]), "MB", fmt="{:.0f}")
        web_info = json.loads(web.stdout.strip().splitlines()[-1])
        report.samples["web_path"] = web_info
        from docgen.engine.pool import workers_for

        expected = workers_for(n)
        report.add("web_path_forked_workers", f"web page path (api.make on a thread, {n} consents): forked workers "
                   f"(the CLI uses {expected})", float(web_info["workers"] or 1), "", ">=", expected, fmt="{:.0f}")
        report.add("web_path_s", "  its time (in process, after imports)", web_info["seconds"], "s")

        # ------------------------------------------------------------ f. CLI start
        log(f"f. docgen --help, {help_runs} runs")
        helps = [must(run_child([*docgen, "--help"]), "docgen --help").wall for _ in range(help_runs)]
        report.samples["f"] = helps
        report.section("f. CLI start")
        report.add("cli_help_s", f"docgen --help (median of {help_runs})", med(helps), "s", "<=", 0.3, fmt="{:.3f}")

        # ------------------------------------------------------------ profile (optional)
        profile_lines: list[str] = []
        if args.profile:
            log(f"profile: cProfile of docgen make, {n} consents")
            import pstats
            prof = tmp / "make.prof"
            must(run_child([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "docgen", "make", TEMPLATE_ID,
                            "-r", str(main_wl.path), "-o", str(out_dir()), "--as-of", AS_OF_TEXT, "-q",
                            "--no-manifest"]), "cProfile docgen make")
            profile_lines = top_cumulative(pstats.Stats(str(prof)), 15)

        # ------------------------------------------------------------ report
        total = time.perf_counter() - started_all
        print()
        print(f"docgen benchmark — {n} consents (check {check_n}), {repeat} round(s), median; "
              f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {total:.0f} s in all")
        print()
        print(report.table())
        for note in report.notes:
            print(f"note: {note}")
        misses = [m for m in report.metrics if m.ok is False]
        print()
        if n != 1000 or check_n != 5000:
            print(f"(targets are set for N=1000 and 5000 rows; with N={n} and {check_n} rows, fixed costs weigh "
                  "more and misses are expected: use the full run to judge)")
        if misses:
            print(f"MISSED TARGETS ({len(misses)}):")
            for m in misses:
                print(f"  ✗ {m.label}: {m.shown(m.value)} {m.unit} (target {m.target_text()})")
        else:
            print("All targets met.")
        if profile_lines:
            print()
            print(f"cProfile of `docgen make` ({n} consents), top 15 by cumulative time (the main process "
                  "only: forked render workers are not profiled):")
            print("\n".join(profile_lines))
        if render_profile:
            print()
            print(f"cProfile of the rendering loop of b. ({n} documents: render + write, one process):")
            print("\n".join(render_profile))

        if args.json:
            payload: dict[str, Any] = {
                "meta": {
                    "n": n, "check_n": check_n, "repeat": repeat, "pdf": args.pdf, "pdf_n": pdf_n if args.pdf else None,
                    "print_file_ns": print_ns, "as_of": AS_OF.isoformat(), "template": TEMPLATE_ID,
                    "docgen_command": docgen, "python": sys.version, "platform": platform.platform(),
                    "cpus": os.cpu_count(), "seconds": total,
                    "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "notes": report.notes,
                },
                "targets": {m.key: {"op": m.op, "target": m.target, "aim": m.aim}
                            for m in report.metrics if m.op is not None},
                "results": [{"key": m.key, "label": m.label, "value": m.value, "unit": m.unit, "op": m.op,
                             "target": m.target, "aim": m.aim, "ok": m.ok} for m in report.metrics],
                "missed": [m.key for m in misses],
                "samples": report.samples,
                "profile_make_top15": profile_lines or None,
                "profile_render_top15": render_profile or None,
            }
            payload.update({m.key: m.value for m in report.metrics})  # flat keys for quick lookups
            args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
            print(f"\nJSON written to {args.json}")
    finally:
        if args.keep:
            print(f"temporary folder kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
