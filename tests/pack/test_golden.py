"""The documents `docgen demo` makes are byte-identical to a recorded list of SHA-256.

The list (tests/pack/golden/demo.sha256) was recorded before the renovation of the package layout
and guards it: moving code must not change one byte of what a school receives. The inventory
(«Опись …») carries the time of the run in its name and content, so it is left out, and so is
docgen's hidden ledger of the folder (``.docgen-index.json``: bookkeeping, not a document). When a
change is *meant* to alter documents, regenerate the list with

    python -m tests.pack.test_golden --update

and say in the commit which documents changed and why.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo.sha256"
AS_OF = date(2026, 11, 23)


def hashes(out: Path) -> dict[str, str]:
    """SHA-256 of every file under ``out`` but the inventory, by path relative to ``out``."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(("Опись ", "."))}


def demo_hashes(out: Path) -> dict[str, str]:
    from tests.helpers import pinned_demo

    pinned_demo(out, AS_OF)
    return hashes(out)


def read_golden() -> dict[str, str]:
    pairs = (line.split(" ", 1) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line)
    return {name: digest for digest, name in pairs}


def test_demo_documents_are_byte_identical_to_the_golden_list(demo):
    made = hashes(demo.out_dir)  # the session's `docgen demo` run (tests/conftest.py), as of AS_OF
    golden = read_golden()
    assert sorted(made) == sorted(golden), "the set of files changed"
    changed = [name for name in golden if made[name] != golden[name]]
    assert not changed, f"{len(changed)} documents changed, e.g. {changed[:5]}"


if __name__ == "__main__" and "--update" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = demo_hashes(Path(tmp) / "demo")
    GOLDEN.write_text("".join(f"{d} {n}\n" for n, d in found.items()), encoding="utf-8")
    print(f"{len(found)} hashes written to {GOLDEN}")
