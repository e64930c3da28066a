"""The lineage file: its schema and checks, every title variant of the real documents, provisional keys."""
from __future__ import annotations

import re

import pytest

from normalize.lineage import DEFAULT_LINEAGE_PATH, assign_keys, find_key, load_lineage
from pipeline.core.errors import InputError
from tests.support.paths import SOURCE_DOCS


def _published(path: str) -> str:
    """The document's text with whitespace folded (so a wrapped title reads as one line)."""
    return re.sub(r"\s+", " ", (SOURCE_DOCS / path).read_text(encoding="utf-8"))


# Every title variant each edition uses, with where it is published (checked against the file).
VARIANTS = [
    ("2015", "2015/hicm-2015.txt", "Seven-day service", "flexible-working-patterns"),            # heading
    ("2015", "2015/hicm-2015.txt", "seven-day services", "flexible-working-patterns"),           # purpose list
    ("2015", "2015/hicm-2015.txt", "Systems to monitor patient flow", "monitoring-demand-and-capacity"),
    ("2015", "2015/hicm-2015.txt", "Multi-disciplinary/multi-agency discharge teams, including the voluntary and community sector", "multi-disciplinary-working"),
    ("2015", "2015/hicm-2015.txt", "Multi-disciplinary, multi- agency discharge teams (including voluntary and community sector)", "multi-disciplinary-working"),  # action-plan row, wrapped at a hyphen
    ("2015", "2015/hicm-2015.txt", "Home first/discharge to assess", "home-first"),
    ("2015", "2015/hicm-2015.txt", "Home First Discharge to Assess", "home-first"),              # action-plan row
    ("2015", "2015/hicm-2015.txt", "Trusted assessors", "trusted-assessment"),
    ("2015", "2015/hicm-2015.txt", "Focus on choice", "engagement-and-choice"),
    ("2015", "2015/hicm-2015.txt", "Enhancing health in care homes", "discharge-to-care-homes"),
    ("2019", "2019/hicm-2019-refresh.txt", "Change 3: Multi-disciplinary working", "multi-disciplinary-working"),
    ("2019", "2019/hicm-2019-refresh.txt", "Change 5: Flexible working patterns", "flexible-working-patterns"),
    ("2019", "2019/hicm-2019-refresh.txt", "Change 9: Housing and related services", "housing-and-related-services"),
    ("2020", "2020/hicm-2020-draft.txt", "Change 4 – Home first", "home-first"),                     # contents
    ("2020", "2020/hicm-2020-draft.txt", "Home First D2A", "home-first"),                            # overview
    ("2020", "2020/hicm-2020-draft.txt", "Change 4: Home First Discharge to Assess", "home-first"),  # heading
    ("2020", "2020/hicm-2020-draft.txt", "Change 4: Home first", "home-first"),                      # action plan
    ("2020", "2020/hicm-2020-draft.txt", "Change 3: Multi-disciplinary working (MDTs)", "multi-disciplinary-working"),
    ("2020", "2020/hicm-2020-draft.txt", "Change 9- Housing and related services", "housing-and-related-services"),
    ("2020", "2020/hicm-2020-draft.txt", "housing and related services (added in 2019)", "housing-and-related-services"),
    ("2020", "2020/managing-transfers-of-care.txt", "housing and related services (the new change)", "housing-and-related-services"),
    ("2020", "2020/managing-transfers-of-care.txt", "improved discharge to care homes", "discharge-to-care-homes"),
]


@pytest.mark.parametrize("edition,path,title,key", VARIANTS)
def test_every_published_title_variant_maps_by_title_alone(edition, path, title, key):
    assert title in _published(path)
    assert find_key(edition, None, [title]) == key


def test_the_2015_changes_map_to_their_successors_and_housing_is_added_in_2019():
    lineage = load_lineage()
    successors = {
        "Systems to monitor patient flow": "Monitoring and responding to system demand and capacity",
        "Multi-disciplinary/multi-agency discharge teams": "Multi-disciplinary working",
        "Home first/discharge to assess": "Home first",
        "Seven-day services": "Flexible working patterns",
        "Trusted assessors": "Trusted assessment",
        "Focus on choice": "Engagement and choice",
        "Enhancing health in care homes": "Improved discharge to care homes",
    }
    for old, new in successors.items():
        key = find_key("2015", None, [old])
        assert key is not None and find_key("2019", None, [new]) == key == find_key("2020", None, [new])
        entry = next(e for e in lineage if e.key == key)
        assert entry.editions["2019"]["relation"] == "renamed"
    housing = next(e for e in lineage if e.key == "housing-and-related-services")
    assert "2015" not in housing.editions and housing.editions["2019"]["relation"] == "added"
    assert [len([e for e in lineage if ed in e.editions]) for ed in ("2015", "2019", "2020")] == [8, 9, 9]


def _write(tmp_path, text: str):
    path = tmp_path / "lineage.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = '''schema_version = "1.0"
editions = ["2020", "2025"]
[[change]]
key = "home-first"
  [change.editions.2020]
  number = 4
  relation = "unchanged"
  titles = ["Home first"]
'''


@pytest.mark.parametrize("extra,problem", [
    ('[[change]]\nkey = "home-first"\n  [change.editions.2020]\n  number = 5\n  relation = "added"\n  titles = ["X"]\n',
     "key 'home-first' is used by more than one change"),
    ('[[change]]\nkey = "x"\n  [change.editions.2025]\n  number = 1\n  relation = "split"\n  titles = ["X"]\n  from = ["nope"]\n',
     "`from` names unknown key 'nope'"),
    ('[[change]]\nkey = "x"\n  [change.editions.2025]\n  number = 1\n  relation = "split"\n  titles = ["X"]\n',
     "'from' is a required property"),
    ('[[change]]\nkey = "x"\n  [change.editions.2020]\n  number = 4\n  relation = "added"\n  titles = ["X"]\n',
     "edition 2020 has more than one change numbered 4"),
    ('[[change]]\nkey = "x"\n  [change.editions.2031]\n  number = 1\n  relation = "added"\n  titles = ["X"]\n',
     "names edition '2031', which is not in `editions`"),
    ('[[change]]\nkey = "Not A Key"\n  [change.editions.2025]\n  number = 1\n  relation = "added"\n  titles = ["X"]\n',
     "does not match"),
    ('[[change]]\nkey = "x"\n  [change.editions.2025]\n  number = 1\n  relation = "moved"\n  titles = ["X"]\n',
     "'moved' is not one of"),
    ('[[change]]\nkey = "x"\n  [change.editions.2025]\n  number = 1\n  relation = "renamed"\n  titles = ["X"]\n',
     "change 'x' in 2025: `renamed`, but 2020 does not have it"),
    ('[[change]]\nkey = "x"\n  [change.editions.2025]\n  number = 1\n  relation = "original"\n  titles = ["X"]\n',
     "`original` is only for the first edition (2020)"),
    ('  [change.editions.2025]\n  number = 1\n  relation = "unchanged"\n  titles = ["Home, not hospital"]\n',
     "`unchanged`, but it shares no title with 2020 (renamed?)"),
    ('  [change.editions.2025]\n  number = 1\n  relation = "added"\n  titles = ["Home first"]\n',
     "`added`, but 2020 already has it"),
    ('[[change\n', "not valid TOML"),
])
def test_a_bad_lineage_file_is_one_line_naming_the_file(tmp_path, extra, problem):
    path = _write(tmp_path, GOOD + extra)
    with pytest.raises(InputError) as caught:
        load_lineage(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message and "\n" not in message


def test_a_bad_lineage_file_stops_the_command_with_exit_2(run_hicm, tmp_path):
    path = _write(tmp_path, GOOD + '[[change]]\nkey = "home-first"\n  [change.editions.2025]\n  number = 1\n'
                                   '  relation = "added"\n  titles = ["X"]\n')
    out = tmp_path / "out"
    result = run_hicm("build", "--out", out, "--lineage", path)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"hicm: error: {path}: invalid lineage file: key 'home-first' is used by more than one change")


def test_the_bundled_file_is_valid_and_removed_needs_no_titles(tmp_path):
    assert len(load_lineage(DEFAULT_LINEAGE_PATH)) == 9
    removed = GOOD + '  [change.editions.2025]\n  relation = "removed"\n'
    assert load_lineage(_write(tmp_path, removed)).entries[0].editions["2025"] == {"relation": "removed"}


def _content(*titles):
    return {"changes": [{"number": n, "title": t, "titles": [], "provenance": [{"path": "new.txt", "line": 10 * n}]}
                        for n, t in enumerate(titles, 1)], "findings": []}


def test_an_unknown_change_gets_a_provisional_key_and_a_finding_naming_the_nearest_keys():
    content = _content("Early discharge planning", "Seven-day and flexible working")
    assign_keys(content, "2025", "new.txt")
    assert [c["key"] for c in content["changes"]] == ["early-discharge-planning",
                                                      "provisional-seven-day-and-flexible"]
    [f] = content["findings"]
    assert f["code"] == "unmapped-change" and f["severity"] == "warning"
    assert f["where"] == [{"path": "new.txt", "line": 20}]
    assert f["values"][0] == "Seven-day and flexible working"
    nearest_key, score = f["values"][1].split()
    assert nearest_key == "flexible-working-patterns" and 0.5 < float(score) < 1
    assert "Nearest known keys: flexible-working-patterns (" in f["message"]
    assert "README" in f["suggestion"]


def test_a_known_edition_matched_by_number_only_asks_for_the_title_variant():
    content = _content("Early discharge planning (revised)")
    assign_keys(content, "2020", "new.txt")
    assert content["changes"][0]["key"] == "early-discharge-planning"
    assert [f["code"] for f in content["findings"]] == ["unlisted-title-variant"]


def test_an_injected_lineage_file_maps_a_new_edition(tmp_path):
    path = _write(tmp_path, GOOD + '  [change.editions.2025]\n  number = 1\n  relation = "renamed"\n'
                                   '  titles = ["Home, not hospital"]\n')
    content = _content("Home, not hospital")
    assign_keys(content, "2025", "new.txt", load_lineage(path))
    assert content["changes"][0]["key"] == "home-first" and content["findings"] == []
