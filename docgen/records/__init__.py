"""Validated records: cells → typed values (:mod:`.fieldtypes`), the whole workbook checked and
cross-referenced with every problem named by its cell (:mod:`.validate`, :mod:`.model`), and
the vocabulary for choosing rows (:mod:`.selection`)."""
