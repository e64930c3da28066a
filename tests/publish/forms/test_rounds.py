"""The collection round file: read, checked at the door, and every mistake one line naming the file."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.errors import InputError
from publish.forms.rounds import DEFAULT_SIGN_OFF, load_round, long_date
from tests.support.paths import ROOT

EXAMPLE = ROOT / "examples" / "round-2020-21.toml"

MINIMAL = """id = "r-1"
name = "Round one"
edition = "2020"
issued = 2020-10-01
return_by = 2020-11-30
[return_to]
email = "returns@example.org"
[contact]
name = "The team"
"""


def test_the_example_round_reads_with_every_field():
    example = load_round(EXAMPLE)
    assert (example.id, example.edition, example.version) == ("bcf-2020-21", "2020", "1.0")
    assert (example.issued, example.return_by) == (dt.date(2020, 10, 1), dt.date(2020, 11, 30))
    assert example.return_lines() == ["By email to hicm.returns@example.org",
                                      "By post to Better Care Support Team, 1 Example Street, London, SW1A 0AA"]
    assert example.contact_line() == "Better Care Support Team, better.care@example.org, 020 7946 0000"
    assert example.issue_line() == "issued 1 October 2020, version 1.0"
    assert example.logo.format == "png" and example.logo.image.startswith(b"\x89PNG")
    assert example.logo.alt == "Better Care Support Team (example logo)"
    assert example.sign_off.startswith("We confirm that this self-assessment was completed jointly")
    assert "\\" not in example.sign_off and "  " not in example.sign_off


def test_a_minimal_round_takes_the_defaults(tmp_path):
    path = tmp_path / "round.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    minimal = load_round(path)
    assert minimal.logo is None and minimal.version is None and minimal.sign_off == DEFAULT_SIGN_OFF
    assert minimal.issue_line() == "issued 1 October 2020"
    assert minimal.return_lines() == ["By email to returns@example.org"]


def test_dates_read_as_gov_uk_writes_them():
    assert long_date(dt.date(2020, 11, 3)) == "3 November 2020"


@pytest.mark.parametrize("change, message", [
    (lambda text: text.replace('id = "r-1"', 'id = "Round 1"'), "not a valid round file: id: 'Round 1' does not match"),
    (lambda text: text.replace('edition = "2020"\n', ""), "not a valid round file: (root): 'edition' is a required property"),
    (lambda text: text + 'colour = "blue"\n',     # TOML puts it in the last table, and the message says which
     "not a valid round file: contact: Additional properties are not allowed ('colour' was unexpected)"),
    (lambda text: text.replace("return_by = 2020-11-30", "return_by = 2020-09-30"),
     "return_by (2020-09-30) is before issued (2020-10-01)"),
    (lambda text: text.replace("return_by = 2020-11-30", 'return_by = "2020-02-30"'),
     "return_by: '2020-02-30' is not a real date"),
    (lambda text: text.replace('[return_to]\nemail = "returns@example.org"\n', "[return_to]\n"),
     "not a valid round file: return_to: {} should be non-empty"),
    (lambda text: text + "[logo]\npath = \"missing.png\"\nalt = \"A logo\"\n", "no such file"),
    (lambda text: text.replace("[contact]", "[contact"), "is not valid TOML"),
])
def test_a_mistake_is_one_line_naming_the_file(tmp_path, change, message):
    path = tmp_path / "round.toml"
    path.write_text(change(MINIMAL), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_round(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_logo_that_is_not_an_image_is_refused(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    path = tmp_path / "round.toml"
    path.write_text(MINIMAL + '[logo]\npath = "logo.png"\nalt = "A logo"\n', encoding="utf-8")
    with pytest.raises(InputError, match="the logo is not a PNG or JPEG image"):
        load_round(path)


def test_an_oversized_logo_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024))
    path = tmp_path / "round.toml"
    path.write_text(MINIMAL + '[logo]\npath = "logo.png"\nalt = "A logo"\n', encoding="utf-8")
    with pytest.raises(InputError, match="over the 2097152-byte limit"):
        load_round(path)
