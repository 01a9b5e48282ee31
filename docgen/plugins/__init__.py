"""Plugins and packs: the hooks (:mod:`.hookspecs`), the one plugin manager over the
``docgen.packs`` entry points (:mod:`.manager`), the built-in pack as the first plugin
(:mod:`.builtin`), and the catalog of every usable pack and template (:mod:`.catalog`)."""
