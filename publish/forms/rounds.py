"""A collection round: one issue of the self-assessment to local systems, read from a small TOML file.

The round says what every document of the issue prints besides the model: its name and
version, the issue and return-by dates, where to return the filled document, who to ask, an
optional logo and the sign-off wording (schema/hicm-round.schema.json; an example is
examples/round-2020-21.toml). Its id goes into each document's `hicm-round` custom property,
so collect can tell a return from another round. Dates come from the file, never from the
clock, so the same round gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import schema
from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_input

#: Largest round file and logo accepted (a round file is a few hundred bytes; a logo a few kB).
MAX_ROUND_BYTES = 64 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
#: What the sign-off says when the round gives no wording of its own.
DEFAULT_SIGN_OFF = ("We confirm that this self-assessment was completed with the partners listed above, "
                    "and that it has been approved as shown below.")
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


@dataclass(frozen=True)
class Logo:
    """The cover's logo: the image's bytes, its format (png, jpeg) and its alternative text."""
    image: bytes
    format: str
    alt: str


@dataclass(frozen=True)
class Round:
    """One collection round, as its file describes it (see the module docstring)."""
    id: str
    name: str
    edition: str
    issued: dt.date
    return_by: dt.date
    return_email: str | None = None
    return_url: str | None = None
    return_address: tuple[str, ...] = ()
    contact_name: str = ""
    contact_email: str | None = None
    contact_phone: str | None = None
    version: str | None = None
    logo: Logo | None = None
    sign_off: str = DEFAULT_SIGN_OFF
    source: str | None = None         # the file it was read from, for messages

    def return_lines(self) -> list[str]:
        """Return where to send the filled document, one line per way (email, web, post)."""
        lines = []
        if self.return_email:
            lines.append(f"By email to {self.return_email}")
        if self.return_url:
            lines.append(f"Online at {self.return_url}")
        if self.return_address:
            lines.append("By post to " + ", ".join(self.return_address))
        return lines

    def contact_line(self) -> str:
        """Return the round's contact as one line: name, email, phone."""
        return ", ".join(part for part in (self.contact_name, self.contact_email, self.contact_phone) if part)

    def issue_line(self) -> str:
        """Return "issued 1 October 2020, version 1.0" (the version only when the round names one)."""
        return f"issued {long_date(self.issued)}" + (f", version {self.version}" if self.version else "")


def long_date(day: dt.date) -> str:
    """Given a date, return it as GOV.UK writes dates: "1 October 2020"."""
    return f"{day.day} {day:%B %Y}"


def _as_json(value):
    """Given parsed TOML, return it with dates as ISO strings (what the JSON Schema checks)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def _date(text: str, field: str, path: Path) -> dt.date:
    """Given a YYYY-MM-DD string from the round file, return the date (InputError naming the field if impossible)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}: {text!r} is not a real date", str(path)) from None


def _logo(entry: dict | None, path: Path) -> Logo | None:
    """Given the round's [logo] table, return the Logo it names (InputError when the file is not a PNG or JPEG)."""
    if entry is None:
        return None
    image_path = (path.parent / entry["path"]).resolve()
    image = read_input(image_path, MAX_LOGO_BYTES)
    kind = next((name for magic, name in _IMAGE_TYPES.items() if image.startswith(magic)), None)
    if kind is None:
        raise InputError("the logo is not a PNG or JPEG image", str(image_path))
    return Logo(image, kind, entry["alt"].strip())


def load_round(path: str | Path) -> Round:
    """Given a round file (TOML), return the Round it describes; InputError naming the file and the problem."""
    path = Path(path)
    raw = read_input(path, MAX_ROUND_BYTES)
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"is not valid TOML: {exc}", str(path)) from None
    data = _as_json(data)
    try:
        schema.validate(data, "round")
    except schema.SchemaViolation as exc:
        raise InputError(f"not a valid round file: {exc}", str(path)) from None
    issued, return_by = _date(data["issued"], "issued", path), _date(data["return_by"], "return_by", path)
    if return_by < issued:
        raise InputError(f"return_by ({return_by}) is before issued ({issued})", str(path))
    where, contact = data["return_to"], data["contact"]
    return Round(id=data["id"], name=data["name"].strip(), edition=data["edition"], issued=issued,
                 return_by=return_by, return_email=where.get("email"), return_url=where.get("url"),
                 return_address=tuple(line.strip() for line in where.get("address", ())),
                 contact_name=contact["name"].strip(), contact_email=contact.get("email"),
                 contact_phone=contact.get("phone"), version=data.get("version"),
                 logo=_logo(data.get("logo"), path),
                 sign_off=(data.get("sign_off") or {}).get("wording", DEFAULT_SIGN_OFF).strip(), source=str(path))
