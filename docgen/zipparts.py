"""A .docx assembled from members compressed once per batch and the few rendered per record.

Python's zipfile recompresses every member it writes. A python-docx template carries about
800 KB of styles that never change, so recompressing them cost ~9 ms per document (measured:
84 docs/s). Here each unchanged member is deflated once when the template is prepared, and
its local header and compressed bytes are copied verbatim into every document; only the
rendered parts (document.xml, headers…) are deflated per record. The format written is plain
PKZIP 2.0 (deflate, no data descriptors, no zip64 — a .docx is far below 4 GB), the same
subset zipfile itself writes for small members, and is read back by zipfile, python-docx,
LibreOffice and Word.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DEFLATED, _STORED = 8, 0
LEVEL = 6  # members compressed once per batch: worth the better ratio
RECORD_LEVEL = 1  # rendered parts, once per document: measured 2× faster than 6, files ~6 % larger


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    year = max(year, 1980)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


@dataclass(frozen=True)
class Member:
    """One zip member ready to be written: header fields and compressed bytes."""

    name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    size: int
    data: bytes  # compressed
    local: bytes = b""  # the local file header, packed once

    @classmethod
    def make(cls, name: str, content: bytes, date_time: tuple[int, int, int, int, int, int],
             *, compress: bool = True, level: int = LEVEL) -> "Member":
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800
        time, date = _dos_time(date_time)
        if compress:
            packer = zlib.compressobj(level, zlib.DEFLATED, -15)
            data = packer.compress(content) + packer.flush()
            method = _DEFLATED
        else:
            data, method = content, _STORED
        crc = zlib.crc32(content) & 0xFFFFFFFF
        local = _LOCAL.pack(0x04034B50, 20, flags, method, time, date, crc, len(data), len(content),
                            len(encoded), 0) + encoded
        return cls(encoded, flags, method, time, date, crc, len(content), data, local)

    def local_header(self) -> bytes:
        return self.local

    def central_header(self, offset: int) -> bytes:
        return _CENTRAL.pack(0x02014B50, 20, 20, self.flags, self.method, self.time, self.date, self.crc,
                             len(self.data), self.size, len(self.name), 0, 0, 0, 0, 0, offset) + self.name


def assemble(members: list[Member]) -> bytes:
    """The whole archive: local headers and data in order, then the central directory."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        header = m.local_header()
        central.append(m.central_header(offset))
        chunks.append(header)
        chunks.append(m.data)
        offset += len(header) + len(m.data)
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
