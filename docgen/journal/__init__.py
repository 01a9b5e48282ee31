"""The order journal: numbers as a school writes them (:mod:`.numbering`, pure functions) and
the session that appends rows to the «Приказы» sheet of the user's workbook (:mod:`.session`)."""
