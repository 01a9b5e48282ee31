"""One batch, start to finish: plan (:mod:`.plan`: validate, select, compile, number orders — all
input errors surface before a byte is written), then run (:mod:`.run`: render, print files,
PDFs, inventory, zip, journal, publish). The engine decides the order of the steps; the files
themselves are written by :mod:`docgen.output` and :mod:`docgen.journal`."""
