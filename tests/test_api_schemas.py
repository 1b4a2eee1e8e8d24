"""The OpenAPI document names each schema by its class name: two different schemas of one name
would make one of them describe the other's operations (a request or answer documented wrongly,
and the contract test checking against the wrong one)."""

from importlib import import_module

from ninja import Schema

from config.api import ROUTERS


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


def test_no_two_different_api_schemas_share_a_name():
    for _prefix, module in ROUTERS:
        import_module(module)
    by_name: dict[str, list[type]] = {}
    for schema in _subclasses(Schema):
        if schema.__module__.startswith(("custodia.", "config.")):
            by_name.setdefault(schema.__name__, []).append(schema)
    assert {"AuditItemOut", "ItemOut", "ContactOut"} <= set(by_name)  # every router's schemas are there
    clashes = {
        name: [s.__module__ for s in schemas]
        for name, schemas in by_name.items()
        if len({repr(s.model_json_schema()) for s in schemas}) > 1
    }
    assert not clashes, clashes
