"""The district level: what a district's templates see, and one report from many schools.

A district keeps its own registry (``packs/municipal/schemas/registry.yaml``: the education
body, its staff, the schools, the municipal roadmap, the KPI plan, the order journal). Its
templates get :func:`~docgen.district.context.district_context`. The monitoring report of the
district (``docgen svod``) is computed from the schools' own registries, each read with the
school registry schema and validated by :mod:`docgen.records.validate` exactly as ``docgen check``
would: :mod:`~docgen.district.figures` takes one validated school registry to its figures with the
school's own counting (:func:`docgen.context.workbook_context`), and :mod:`~docgen.district.svod`
matches them to the district's schools, adds them up and writes the conclusions.

The package sits between ``docgen.render`` and ``docgen.context`` in the layers: it builds on the
school's context and is used by the engine (reading many registries) and the outputs (the
spreadsheets of the figures and the consolidated register).
"""
