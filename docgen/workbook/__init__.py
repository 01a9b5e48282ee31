"""The registry workbook as a file: reading it (:mod:`.reader`, after :mod:`.inspect` looked at it
the cheap way), writing a blank one (:mod:`.blank`, :mod:`.save`), its «Генератор» sheet
(:mod:`.generator`) and the Excel buttons of an .xlsm (:mod:`.buttons`)."""
