"""Rendering .docx templates: the sandboxed, escaping, strict Jinja environment
(:mod:`.environment`), the Russian filters (:mod:`.filters`) and templates compiled once and
rendered per record (:mod:`.template`)."""
