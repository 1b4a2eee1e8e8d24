"""Who the demo follows the whole way: no one in a demo too small (the checks of the journey
itself run on each country's demo: journey_checks.py)."""

from custodia.demo.journey import JOURNEY_FROM, followed_the_whole_way


def test_a_small_demo_follows_no_one():
    assert followed_the_whole_way(JOURNEY_FROM - 1) == 0 and followed_the_whole_way(JOURNEY_FROM) == 1
