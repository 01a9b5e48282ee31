"""The LibreOffice Calc extension: a menu «Документы» whose items run :mod:`docgen.adapters.buttons`.

``docgen_lo.py`` here is the macro itself. It runs inside LibreOffice's own Python, so it keeps
to the standard library and ``uno``, is never imported by docgen, and calls docgen out of process
through :mod:`docgen.adapters.bridge`. :func:`docgen.adapters.lo.oxt.build_oxt` copies it into the
``.oxt`` with the constants of :mod:`docgen.workbook.generator` filled in.
"""
