"""The home page's registry (core.home): the parts of the roles a user holds, in order, each with
its items' counts; an item two parts share is counted once, in the first part held."""

from types import SimpleNamespace

from custodia.core.home import Count, HomePage, Item, Part


def page() -> tuple[HomePage, list[str]]:
    """Two roles, "a" first; an item of each and one they share. `called` records each count made."""
    home, called = HomePage(), []

    def counting(key: str):
        def counts(user):
            called.append(key)
            return [Count(len(key), key, f"/{key}/")]

        return counts

    home.add_part(Part("b", 2, "Role B", lambda user: "b" in user.roles))
    home.add_part(Part("a", 1, "Role A", lambda user: "a" in user.roles, note="a/note.html"))
    home.add(Item("only-b", ("b",), 10, counting("only-b")))
    home.add(Item("shared", ("a", "b"), 20, counting("shared")))
    home.add(Item("only-a", ("a",), 30, counting("only-a")))
    home.add(Item("none-of-mine", ("c",), 5, counting("none-of-mine")))
    return home, called


def test_the_parts_of_the_roles_held_in_their_order():
    home, called = page()
    shown = home.parts_for(SimpleNamespace(roles={"a", "b"}))
    assert [(part.title, [c.label for c in part.counts], part.note) for part in shown] == [
        ("Role A", ["shared", "only-a"], "a/note.html"),
        ("Role B", ["only-b"], ""),  # the shared item is counted once, in the first part
    ]
    assert sorted(called) == ["only-a", "only-b", "shared"]  # nothing counted for a role not held


def test_a_part_alone_shows_its_shared_items():
    home, called = page()
    (part,) = home.parts_for(SimpleNamespace(roles={"b"}))
    assert [c.label for c in part.counts] == ["only-b", "shared"]
    assert home.parts_for(SimpleNamespace(roles=set())) == []
