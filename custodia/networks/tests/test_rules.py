"""The network's pure rules: links, periods, breadth-first growth within the reader's scope, and
cell-mates from movements."""

from datetime import date, datetime, timedelta

import pytest

from custodia.networks import rules
from custodia.networks.rules import LinkKind, Stay, link

T0 = datetime(2026, 1, 1, 8, 0)


def test_a_link_is_the_same_whichever_way_round_and_never_to_oneself():
    assert link(5, 2, LinkKind.CELL_MATE) == link(2, 5, LinkKind.CELL_MATE)
    assert link(5, 2, LinkKind.CELL_MATE).other(5) == 2
    with pytest.raises(ValueError):
        link(3, 3, LinkKind.INCIDENT)


@pytest.mark.parametrize(
    ("start", "end", "since", "until", "met"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), None, False),
        (date(2026, 1, 1), date(2026, 1, 31), None, date(2025, 12, 31), False),
        (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 31), date(2026, 1, 31), True),
        (date(2026, 1, 1), None, date(2027, 1, 1), None, True),  # still in force
        (None, None, date(2027, 1, 1), date(2027, 2, 1), True),  # dates unknown
    ],
)
def test_a_link_meets_a_period_when_their_days_overlap(start, end, since, until, met):
    assert rules.in_period(link(1, 2, LinkKind.NON_ASSOCIATION, start, end), since, until) is met


CHAIN = [link(1, 2, LinkKind.CELL_MATE), link(2, 3, LinkKind.INCIDENT), link(3, 4, LinkKind.CO_DEFENDANT)]


def chain_neighbours(people):
    return [item for item in CHAIN if item.a in people or item.b in people]


def everyone(people):
    return people


def test_the_network_grows_a_level_at_a_time_to_the_depth_asked():
    grown = rules.expand([1], depth=2, neighbours=chain_neighbours, visible=everyone)
    assert grown.depth_of == {1: 0, 2: 1, 3: 2}
    assert grown.links == CHAIN[:2] and not grown.truncated
    assert rules.expand([1], depth=3, neighbours=chain_neighbours, visible=everyone).depth_of[4] == 3


def test_whom_the_reader_may_not_see_is_left_out_with_every_link_through_them():
    grown = rules.expand([1], depth=3, neighbours=chain_neighbours, visible=lambda people: people - {3})
    assert grown.depth_of == {1: 0, 2: 1} and grown.links == CHAIN[:1]


def test_a_source_answering_more_than_asked_adds_nobody_unreached():
    def generous(people):
        return [*chain_neighbours(people), link(7, 8, LinkKind.INCIDENT)]

    assert 7 not in rules.expand([1], depth=1, neighbours=generous, visible=everyone).depth_of


def test_past_the_cap_nobody_more_is_added_and_the_network_says_so():
    star = [link(0, n, LinkKind.INCIDENT) for n in range(1, 11)]
    grown = rules.expand([0], depth=1, neighbours=lambda people: star, visible=everyone, cap=5)
    assert len(grown.depth_of) == 5 and len(grown.links) == 4 and grown.truncated


@pytest.mark.parametrize("depth", [0, 4])
def test_the_depth_is_bounded(depth):
    with pytest.raises(ValueError):
        rules.expand([1], depth=depth, neighbours=chain_neighbours, visible=everyone)


def test_each_stay_in_a_cell_ends_at_the_next_movement_whatever_it_is():
    moves = [(1, 10, T0), (1, None, T0 + timedelta(days=5)), (1, 11, T0 + timedelta(days=9)), (2, 10, T0)]
    assert rules.stays(moves) == [
        Stay(1, 10, T0, T0 + timedelta(days=5)),
        Stay(1, 11, T0 + timedelta(days=9), None),
        Stay(2, 10, T0, None),
    ]


def test_cell_mates_are_those_whose_stays_in_a_cell_overlap():
    mine = [Stay(1, 10, T0, T0 + timedelta(days=5))]
    others = [
        Stay(2, 10, T0 + timedelta(days=3), None),  # arrived while he was there
        Stay(3, 10, T0 + timedelta(days=5), None),  # arrived as he left: never together
        Stay(4, 11, T0, None),  # another cell
        Stay(1, 10, T0, T0 + timedelta(days=5)),  # himself
    ]
    assert rules.cell_mates(mine, others) == [
        link(1, 2, LinkKind.CELL_MATE, date(2026, 1, 4), date(2026, 1, 6)),
    ]


def test_two_people_who_shared_a_cell_twice_have_one_link_over_both_times():
    mine = [Stay(1, 10, T0, T0 + timedelta(days=5)), Stay(1, 10, T0 + timedelta(days=20), None)]
    others = [Stay(2, 10, T0, T0 + timedelta(days=30))]
    assert rules.cell_mates(mine, others) == [link(1, 2, LinkKind.CELL_MATE, date(2026, 1, 1), date(2026, 1, 31))]


def test_past_as_many_links_as_a_table_can_list_the_network_is_cut_short(monkeypatch):
    monkeypatch.setattr(rules, "MAX_LINKS", 3)
    star = [link(0, n, LinkKind.INCIDENT) for n in range(1, 11)]
    grown = rules.expand([0], depth=1, neighbours=lambda people: star, visible=everyone)
    assert len(grown.links) == 3 and grown.truncated
