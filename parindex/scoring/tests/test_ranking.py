"""Ranking within a group (1, 2, 2, 4) and bands."""

import itertools
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from parindex.scoring.ranking import Band, band_for, rank_competition

BANDS = [Band("A", "Tốt", D(90)), Band("B", "Khá", D(80)), Band("C", "Trung bình", D(70)), Band("D", "Yếu", D(0))]


def test_equal_indices_share_a_rank_and_the_next_rank_skips():
    ranks = rank_competition([("a", D("91.50")), ("b", D("80.11")), ("c", D("80.11")), ("d", D("75.00"))])
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_a_unit_without_an_index_is_not_ranked():
    assert rank_competition([("a", None), ("b", D(50))]) == {"a": None, "b": 1}


def test_bands_take_the_highest_minimum_reached():
    assert band_for(D("90.00"), BANDS).code == "A"
    assert band_for(D("89.99"), BANDS).code == "B"
    assert band_for(D("0"), BANDS).code == "D"
    assert band_for(None, BANDS) is None
    assert band_for(D(50), BANDS[:3]) is None


indices = st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)), min_size=0, max_size=60)


@given(indices)
def test_ranking_is_consistent_with_the_index(values):
    items = [(f"u{i}", value) for i, value in enumerate(values)]
    ranks = rank_competition(items)
    assert set(ranks) == {key for key, _ in items}
    scored = [(key, value) for key, value in items if value is not None]
    for key, value in scored:
        higher = sum(1 for _k, other in scored if other > value)
        assert ranks[key] == higher + 1
    for (k1, v1), (k2, v2) in itertools.pairwise(scored):
        if v1 > v2:
            assert ranks[k1] < ranks[k2]
        if v1 == v2:
            assert ranks[k1] == ranks[k2]


@given(indices)
def test_ranks_run_from_one_without_gaps_except_after_ties(values):
    ranks = sorted(r for r in rank_competition((f"u{i}", v) for i, v in enumerate(values)).values() if r is not None)
    for position, rank in enumerate(ranks, start=1):
        assert rank <= position
        assert rank == position or ranks[position - 2] == rank


@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(min_value=0, max_value=100, places=2))
def test_a_higher_index_never_gets_a_lower_band(a, b):
    low, high = sorted([a, b])
    order = [band.code for band in BANDS]
    assert order.index(band_for(high, BANDS).code) <= order.index(band_for(low, BANDS).code)
