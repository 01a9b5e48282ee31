"""Tools for people who write templates: lint (:mod:`.lint`), pictures of pages
(:mod:`.preview`), a new pack (:mod:`.scaffold`), the field reference (:mod:`.fields`)."""
