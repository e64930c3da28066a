"""issue 16, cases 4 and 9: what is not a return is refused (one line, exit 2, nothing of it stored);
limits refuse bombs, not long honest answers, and say which limit was hit.

Before: an unrelated .docx (or one with no hicm controls, duplicate zip entries, a symlink
entry, or external relationships) was stored as a submission with 0 answers ("stored ? (None
None, 0 answers)", "1 stored"); a 2019 template collected with --edition 2020 was reported as
other-edition but stored; a 5.8 MB evidence box (plain repeated text) was refused as a zip bomb.
"""
from __future__ import annotations

import io
import json
import stat
import zipfile

import pytest

from publish.returns import store
from tests.support.returns import assessment

GOOD = assessment("2015", "Good Place", "2017-09-30", {("home-first", 1): 3})


def parts_of(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return [(info, source.read(info)) for info in source.infolist()]


def rezip(parts: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if isinstance(info, zipfile.ZipInfo):
                info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def unrelated_docx() -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph("Minutes of the board meeting")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_duplicate_entry() -> bytes:
    parts = parts_of(GOOD)
    document = next(data for info, data in parts if info.filename == "word/document.xml")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # zipfile warns about the duplicate name: that is the point
        return rezip(parts + [("word/document.xml", document.replace(b"Good Place", b"Evil Place"))])


def with_symlink_entry() -> bytes:
    link = zipfile.ZipInfo("word/media/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return rezip(parts_of(GOOD) + [(link, b"/etc/passwd")])


def with_relationship(kind: str, target: str) -> bytes:
    parts = []
    for info, data in parts_of(GOOD):
        if info.filename == "_rels/.rels":
            data = data.replace(b"</Relationships>", (
                f'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                f'{kind}" Target="{target}" TargetMode="External"/></Relationships>').encode())
        parts.append((info, data))
    return rezip(parts)


REFUSED = {
    "minutes.docx": (unrelated_docx(), "has no hicm content controls: it is not a hicm template"),
    "duplicate.docx": (with_duplicate_entry(), "two entries named 'word/document.xml'"),
    "symlink.docx": (with_symlink_entry(), "zip entry 'word/media/link.png' is a symbolic link"),
    "remote-template.docx": (with_relationship("attachedTemplate", "http://attacker.example/t.dotm"),
                             "_rels/.rels points outside the document (attachedTemplate -> "
                             "http://attacker.example/t.dotm)"),
}


def test_what_is_not_a_return_is_refused_and_the_rest_of_the_batch_stored(tmp_path, run_cli):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, (data, _) in REFUSED.items():
        (inbox / name).write_bytes(data)
    (inbox / "zz-good.docx").write_bytes(GOOD)
    db = tmp_path / "r.sqlite"
    result = run_cli("collect", inbox, "--db", db, "--json")
    assert result.exit_code == 2
    files = {r["path"].rsplit("/", 1)[1]: r for r in json.loads(result.output)["files"]}
    for name, (_, words) in REFUSED.items():
        assert files[name]["status"] == "rejected", name
        assert words in files[name]["problems"][0]["message"], (name, files[name]["problems"])
    assert files["zz-good.docx"]["status"] == "stored"
    connection = store.connect_readonly(db)
    assert [tuple(r) for r in connection.execute("SELECT system FROM submissions")] == [("Good Place",)]


def test_an_unrelated_docx_alone_is_one_line_exit_2_and_no_store(tmp_path, run_hicm):
    path = tmp_path / "minutes.docx"
    path.write_bytes(REFUSED["minutes.docx"][0])
    result = run_hicm("collect", path, "--db", tmp_path / "r.sqlite")
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{path}: refused",
        "  error: input-rejected: has no hicm content controls: it is not a hicm template (or its controls were "
        "removed)",
        "1 file(s): 0 stored, 1 refused; nothing stored"]
    assert not (tmp_path / "r.sqlite").exists()


def test_a_typed_link_is_an_external_relationship_a_return_may_have(tmp_path):
    from publish.returns.read import read_submission
    data = with_relationship("hyperlink", "https://www.local.gov.uk/hicm")
    assert read_submission("linked.docx", data).system == "Good Place"


def test_another_edition_than_expected_is_refused_not_stored(tmp_path, run_cli):
    path = tmp_path / "kent-2019.docx"
    path.write_bytes(assessment("2019", "Kent", "2019-09-30", {("home-first", None): 2}))
    db = tmp_path / "r.sqlite"
    result = run_cli("collect", path, "--db", db, "--edition", "2020")
    assert result.exit_code == 2
    assert "is an edition-2019 template, not edition 2020 (--edition): not stored" in result.output
    assert not db.exists()


def test_a_long_honest_answer_is_stored_whole(tmp_path, run_cli):
    # 5.8 MB of plain repeated text in one evidence box compresses about 1,000:1.
    evidence = ("We meet daily with the acute trust, the council and the care providers to review every "
                "patient who is medically fit for discharge. ") * 45_000
    assert len(evidence) > 5_800_000
    path = tmp_path / "long.docx"
    path.write_bytes(assessment("2015", "Wordy", "2017-09-30", {("home-first", 1): 3},
                                evidence={("home-first", 1): evidence}))
    db = tmp_path / "r.sqlite"
    result = run_cli("collect", path, "--db", db)
    assert result.exit_code == 0, result.output
    connection = store.connect_readonly(db)
    stored = connection.execute("SELECT value FROM answers WHERE field = 'evidence'").fetchone()[0]
    assert stored == evidence.strip()


@pytest.mark.parametrize("part, words", [
    (b"\0" * (40 * 1024 * 1024), "to 41943040 bytes (a zip bomb?); a part over 16777216 bytes may expand at most "
                                 "100:1 (MAX_RATIO)"),
    (b"<a/>" * 1_100_000, "part word/document.xml has about 1100002 XML elements, over the limit of 1000000 "
                          "(MAX_XML_ELEMENTS)"),
], ids=["ratio", "elements"])
def test_a_bomb_is_refused_naming_the_limit_it_hit(tmp_path, part, words):
    from pipeline.core.errors import InputError
    from publish.returns.read import read_submission
    parts = parts_of(GOOD)
    if part.startswith(b"<a/>"):   # the main document part itself, so it is parsed
        parts = [(info, (b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
                         + part + b"</w:document>") if info.filename == "word/document.xml" else data)
                 for info, data in parts]
    else:
        parts.append(("word/padding.xml", part))
    with pytest.raises(InputError) as refused:
        read_submission("bomb.docx", rezip(parts))
    assert words in str(refused.value)
