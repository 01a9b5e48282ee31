"""Benchmark: one print file of N consents against N separate files (issue 4's target: the
merge costs at most about twice the time of writing the separate files).

Run: python benchmarks/bench_print_file.py [N]   (default 1000; contexts are the example's
minors repeated). Prints seconds for each variant and the ratio. Not a test: timings on a
shared 2-core machine vary, so they are measured here and never asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from docgen import api, packs
from docgen.context import select_records, workbook_context
from docgen.environment import make_env
from docgen.output.merge import PrintFileBuilder
from docgen.records import load
from docgen.render import CompiledTemplate


def contexts(n: int) -> tuple[CompiledTemplate, list[dict]]:
    registry = load(api.example_registry(), packs.registry_schema(), date(2026, 11, 23))
    base, objs = workbook_context(registry)
    schema = packs.find_template("consent_parent")
    records = select_records(registry, schema)
    ctxs = [{**base, schema.record_name: objs[id(records[i % len(records)])]} for i in range(n)]
    return CompiledTemplate(schema.template, make_env(), schema.id), ctxs


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    compiled, ctxs = contexts(n)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        for i, ctx in enumerate(ctxs):
            (Path(tmp) / f"{i}.docx").write_bytes(compiled.render(ctx))
        separate = time.perf_counter() - started

        started = time.perf_counter()
        builder = PrintFileBuilder(compiled, duplex=True)
        for ctx in ctxs:
            builder.add(compiled.render_parts(ctx))
        (Path(tmp) / "print.docx").write_bytes(builder.finish())
        merged = time.perf_counter() - started
    print(f"{n} separate files: {separate:.2f} s ({n / separate:.0f} docs/s)")
    print(f"one print file of {n}: {merged:.2f} s ({n / merged:.0f} docs/s)")
    print(f"print file / separate files = {merged / separate:.2f} (target ≤ 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
