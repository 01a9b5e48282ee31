"""Schemas: the registry's (sheets and columns), one per template, and each pack's pack.yaml.

All three are YAML files read with the safe loader and checked by one validator
(:class:`~docgen.schema.check.Checker`) with one Russian message style — «файл, ключ «a.b»:
что не так» — so a broken schema is reported naming the file and the key instead of failing
somewhere deep in rendering. The dataclasses (:mod:`.model`) are frozen: a schema, once
loaded, is shared by every stage of a batch.
"""
