"""Fast tier: the example of a message about an unknown id (checks.near_typo) — the one known id it is a slip of, and
never another line's: an id whose line was removed is a slip of no id, even where ids differ by a letter."""

from __future__ import annotations

import pytest

from handbook.checks import TARGETS, near_typo

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("typed, meant, kind", [
    ("tsge-vidall", "tsge-vidal", "establishment"), ("tsge-adonys", "tsge-adonis", "establishment"),
    ("issec-pigeir", "issec-pigier", "centre"), ("bertelot", "berthelot", "centre"), ("e33", "e3", "exam"), ("e44", "e4", "exam"),
])
def test_a_slip_of_one_known_id_is_answered_with_it(session, typed, meant, kind):
    assert near_typo(typed, TARGETS[kind].ids(session)) == meant


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_no_id_of_2022_whose_line_is_removed_is_answered_with_another(session, kind):
    # « tsge-vidal » removed was answered « tsge-adonis »; « enseign-distance-dept-12 » is a letter from « …-32 ».
    # A property of this data, not of the rule: were « …-12 » and « …-32 » the only two such ids, removing one would
    # name the other (no spelling tells a removed line from a typo); near_typo refuses only where several are near.
    ids = TARGETS[kind].ids(session)
    assert {removed: near_typo(removed, [i for i in ids if i != removed]) for removed in ids} == dict.fromkeys(ids)


@pytest.mark.parametrize("typed, kind", [("pradeau", "centre"), ("e7", "exam"), ("13", "department"), ("tsge", "establishment")])
def test_an_id_near_no_known_one_or_near_several_is_answered_with_none(session, typed, kind):
    assert near_typo(typed, TARGETS[kind].ids(session)) is None
