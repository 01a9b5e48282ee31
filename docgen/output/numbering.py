"""Auto-numbered lists of a print file: each record's lists restart at 1.

A mail-merge style concatenation continues numbered lists across forms (1., 6., 11., …).
:class:`Numbering` reads the template's numbering.xml and styles.xml once and makes, for each
record after the first, restarting copies of the ``w:num`` its lists use — both for paragraphs
that name a ``w:numId`` directly and for paragraphs numbered through their style.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from docgen.ooxml.wordml import W_VAL, w

__all__ = ["LEVELS", "Numbering"]

LEVELS = range(9)  # Word's list levels 0…8


class Numbering:
    """What the template's numbering.xml and styles.xml say about lists, read once per builder.

    ``styles`` maps a paragraph style to the (numId, ilvl) it numbers its paragraphs with,
    following ``w:basedOn``; ``new_num`` makes a restarting copy of a ``w:num`` and puts it into
    the parsed numbering part in a schema-valid place (after every ``w:num``, before
    ``w:numIdMacAtCleanup``), so adding a list to record 900 costs the same as to record 2.
    """

    def __init__(self, numbering: bytes | None, styles: bytes | None, parser: etree.XMLParser):
        self.root = etree.fromstring(numbering, parser) if numbering else None
        self.added = 0
        self._nums: dict[str, etree._Element] = {}
        self._abstract: dict[str, etree._Element] = {}
        self._prototypes: dict[str, etree._Element] = {}
        self._cleanup = None
        self._next_id = 1
        self._style_num: dict[str, str] = {}  # numbering style id -> numId (for w:numStyleLink)
        self.styles: dict[str, tuple[str, str]] = {}
        self.default_style: str | None = None
        if styles:
            self._read_styles(etree.fromstring(styles, parser))
        if self.root is None:
            return
        for el in self.root.iterchildren(w("abstractNum")):
            self._abstract[el.get(w("abstractNumId"))] = el
        for el in self.root.iterchildren(w("num")):
            num_id = el.get(w("numId"))
            self._nums[num_id] = el
            if num_id and num_id.isdigit():
                self._next_id = max(self._next_id, int(num_id) + 1)
        self._cleanup = self.root.find(w("numIdMacAtCleanup"))

    def _read_styles(self, root: etree._Element) -> None:
        own: dict[str, tuple[str | None, str | None, str | None]] = {}  # id -> basedOn, numId, ilvl
        for style in root.iterchildren(w("style")):
            sid = style.get(w("styleId"))
            kind = style.get(w("type"))
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            num_id = ilvl = None
            if num_pr is not None:
                el = num_pr.find(w("numId"))
                num_id = el.get(W_VAL) if el is not None else None
                el = num_pr.find(w("ilvl"))
                ilvl = el.get(W_VAL) if el is not None else None
            if kind == "numbering" and num_id:
                self._style_num[sid] = num_id
            if kind not in (None, "paragraph"):
                continue
            based = style.find(w("basedOn"))
            own[sid] = (based.get(W_VAL) if based is not None else None, num_id, ilvl)
            if style.get(w("default")) in ("1", "true", "on"):
                self.default_style = sid
        for sid in own:
            num_id = ilvl = None
            seen: set[str] = set()
            current: str | None = sid
            while current in own and current not in seen:  # basedOn chain, loops guarded
                seen.add(current)
                based, n, lv = own[current]
                num_id = num_id if num_id is not None else n
                ilvl = ilvl if ilvl is not None else lv
                current = based
            if num_id and num_id != "0":
                self.styles[sid] = (num_id, ilvl or "0")

    def knows(self, num_id: str) -> bool:
        return num_id in self._nums

    def _level_starts(self, abstract_id: str | None, depth: int = 0) -> dict[int, str]:
        """Start value of every level an abstract numbering defines (via numStyleLink if need be)."""
        abstract = self._abstract.get(abstract_id or "")
        if abstract is None or depth > 5:
            return {}
        link = abstract.find(w("numStyleLink"))
        if link is not None and abstract.find(w("lvl")) is None:
            num = self._nums.get(self._style_num.get(link.get(W_VAL), ""))
            target = num.find(w("abstractNumId")) if num is not None else None
            return self._level_starts(target.get(W_VAL) if target is not None else None, depth + 1)
        starts: dict[int, str] = {}
        for lvl in abstract.iterchildren(w("lvl")):
            start = lvl.find(w("start"))
            # ECMA-376 17.9.26: an omitted w:start means zero.
            starts[int(lvl.get(w("ilvl"), "0"))] = start.get(W_VAL, "0") if start is not None else "0"
        return starts

    def _prototype(self, num_id: str) -> etree._Element:
        """A copy of ``w:num`` ``num_id`` whose every defined level restarts."""
        proto = self._prototypes.get(num_id)
        if proto is not None:
            return proto
        proto = deepcopy(self._nums[num_id])
        abstract = proto.find(w("abstractNumId"))
        starts = self._level_starts(abstract.get(W_VAL) if abstract is not None else None)
        overrides = {int(o.get(w("ilvl"), "0")): o for o in proto.iterchildren(w("lvlOverride"))}
        for level in LEVELS:
            override = overrides.get(level)
            if override is not None and override.find(w("startOverride")) is not None:
                continue  # the template restarts this level itself: keep its value
            redefined = override.find(f"{w('lvl')}/{w('start')}") if override is not None else None
            if redefined is not None:
                start = redefined.get(W_VAL, "0")
            elif level in starts:
                start = starts[level]
            else:
                continue  # the abstract numbering has no such level: nothing to restart
            if override is None:
                override = etree.SubElement(proto, w("lvlOverride"))
                override.set(w("ilvl"), str(level))
            etree.SubElement(override, w("startOverride")).set(W_VAL, start)
            override.insert(0, override[-1])  # startOverride precedes a redefined w:lvl
        self._prototypes[num_id] = proto
        return proto

    def new_num(self, num_id: str) -> str:
        """A new ``w:num`` restarting ``num_id``'s list; returns the new numId."""
        assert self.root is not None
        new = deepcopy(self._prototype(num_id))
        new_id = str(self._next_id)
        self._next_id += 1
        new.set(w("numId"), new_id)
        if self._cleanup is not None:
            self._cleanup.addprevious(new)
        else:
            self.root.append(new)
        self.added += 1
        return new_id


