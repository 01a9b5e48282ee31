"""The documents `docgen demo` makes are byte-identical to a recorded list of SHA-256.

The list (tests/golden/demo.sha256) was recorded before the renovation of the package layout
and guards it: moving code must not change one byte of what a school receives. The inventory
(«Опись …») carries the time of the run in its name and content, so it is left out, and so is
docgen's hidden ledger of the folder (``.docgen-index.json``: bookkeeping, not a document). When a
change is *meant* to alter documents, regenerate the list with

    python -m tests.test_golden --update

and say in the commit which documents changed and why.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo.sha256"
AS_OF = date(2026, 11, 23)


#: Documents carry the run's time in their properties; the golden run is pinned to this one
#: (23.11.2026 09:00 UTC), as reproducible builds do.
SOURCE_DATE_EPOCH = "1795424400"


def demo_hashes(out: Path) -> dict[str, str]:
    import os

    from docgen import api

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        api.demo(out, as_of=AS_OF)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(("Опись ", "."))}


def read_golden() -> dict[str, str]:
    pairs = (line.split(" ", 1) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line)
    return {name: digest for digest, name in pairs}


def test_demo_documents_are_byte_identical_to_the_golden_list(tmp_path):
    made = demo_hashes(tmp_path / "demo")
    golden = read_golden()
    assert sorted(made) == sorted(golden), "the set of files changed"
    changed = [name for name in golden if made[name] != golden[name]]
    assert not changed, f"{len(changed)} documents changed, e.g. {changed[:5]}"


if __name__ == "__main__" and "--update" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        hashes = demo_hashes(Path(tmp) / "demo")
    GOLDEN.write_text("".join(f"{d} {n}\n" for n, d in hashes.items()), encoding="utf-8")
    print(f"{len(hashes)} hashes written to {GOLDEN}")
