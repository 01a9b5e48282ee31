"""Office Open XML packages: the one place that reads and writes zip parts of .docx and .xlsx.

:mod:`.a1` — cell addresses; :mod:`.zip` — the one zip writer (members compressed once and
copied raw, or copied byte for byte from an existing package); :mod:`.package` — a read-only
view of a package's parts and relationships; :mod:`.xlsx` — reading a worksheet's cells with
their byte offsets and splicing new cells into it without re-serialising the workbook;
:mod:`.wordml` — WordprocessingML names and child order; :mod:`.normalise` — markup Word's
validator rejects, rewritten as Word writes it; :mod:`.text` — escaping text written into XML by hand.
"""
