"""A deterministic zip writer for .docx packages, with parts compressed once and reused.

Every entry is raw-deflated with fixed metadata (1 January 1980, no extra fields, no
attributes), in the order given. A part can also be given as *segments*: constant segments
are compressed once, each ending on a full flush (byte-aligned, no back-references across
it), so a batch recompresses only the few bytes that differ per document. Concatenated
full-flushed deflate blocks ending in one final block are a valid deflate stream.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

LEVEL = 6
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1          # 1980-01-01 00:00:00


@dataclass(frozen=True)
class Member:
    """One compressed zip entry: its name, CRC-32, uncompressed size and raw-deflate bytes."""
    name: str
    crc: int
    size: int
    data: bytes


@dataclass(frozen=True)
class Segment:
    """A compressed stretch of a part: its raw bytes' CRC input, length and deflate blocks."""
    raw: bytes
    data: bytes


def segment(raw: bytes, final: bool) -> Segment:
    """Given bytes, return them deflated on their own: full-flushed, or finishing the stream when `final`."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return Segment(raw, compressor.compress(raw) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH))


def member(name: str, data: bytes) -> Member:
    """Given a part's name and bytes, return it compressed."""
    return Member(name, zlib.crc32(data), len(data), segment(data, final=True).data)


def member_from_segments(name: str, segments: list[Segment]) -> Member:
    """Given a part as compressed segments (the last one final), return the member they make."""
    crc = 0
    for piece in segments:
        crc = zlib.crc32(piece.raw, crc)
    return Member(name, crc, sum(len(p.raw) for p in segments), b"".join(p.data for p in segments))


def write_zip(members: list[Member]) -> bytes:
    """Given members in order, return the zip file's bytes."""
    out, central = [], []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        fields = (20, 0, 8, _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(name), 0)
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + name)
        out += [local, m.data]
        offset += len(local) + len(m.data)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(out) + directory + end
