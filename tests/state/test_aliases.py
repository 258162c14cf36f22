"""Learned aliases: upsert with hit counts, and a YAML export that imports back unchanged."""

from __future__ import annotations

import pytest

from arsync.errors import ConfigError
from arsync.state import StateStore


def test_learning_an_alias_again_takes_the_new_value_and_counts_a_hit(store: StateStore) -> None:
    store.add_alias("payer", "ACME LTD LONDON", "cust-1")
    store.add_alias("payer", "ACME LTD LONDON", "cust-2", source="auto")
    [alias] = store.aliases()
    assert (alias.value, alias.source, alias.hits) == ("cust-2", "auto", 2)


def test_aliases_filter_by_kind_and_scope(store: StateStore) -> None:
    store.add_alias("payer", "ACME", "cust-1")
    store.add_alias("reference", "INV-", "prefix", scope="acme")
    assert [a.key for a in store.aliases(kind="payer")] == ["ACME"]
    assert [a.kind for a in store.aliases(scope="acme")] == ["reference"]


def test_deleting_an_alias_forgets_it(store: StateStore) -> None:
    store.add_alias("payer", "ACME", "cust-1")
    assert store.delete_alias("payer", "ACME") is True
    assert store.delete_alias("payer", "ACME") is False
    assert store.aliases() == []


def test_exported_aliases_import_back_unchanged(store: StateStore) -> None:
    store.add_alias("payer", "ACME LTD", "cust-1")
    store.add_alias("payer", "ACME LTD", "cust-1")
    store.add_alias("payer", 'Ünïcode GmbH: "quoted"', "0042", scope="acme", source="auto")
    store.add_alias("reference", "yes", "true")
    before = [(a.scope, a.kind, a.key, a.value, a.source, a.hits) for a in store.aliases()]
    text = store.export_aliases_yaml()
    for alias in store.aliases():
        store.delete_alias(alias.kind, alias.key, scope=alias.scope)
    assert store.import_aliases_yaml(text) == 3
    assert [(a.scope, a.kind, a.key, a.value, a.source, a.hits) for a in store.aliases()] == before


def test_a_bad_yaml_file_is_refused_naming_the_line(store: StateStore) -> None:
    text = "aliases:\n  - kind: payer\n    key: ACME\n    value: [unclosed\n"
    with pytest.raises(ConfigError, match=r"aliases\.yaml:\d+: not valid YAML"):
        store.import_aliases_yaml(text, source_name="aliases.yaml")


def test_an_unknown_field_is_refused_naming_line_and_key(store: StateStore) -> None:
    text = (
        "aliases:\n  - kind: payer\n    key: ACME\n    value: cust-1\n  - kind: payer\n    key: B\n    valeu: cust-2\n"
    )
    with pytest.raises(ConfigError, match=r"^aliases\.yaml:7: aliases\[1\]\.valeu: unknown field"):
        store.import_aliases_yaml(text, source_name="aliases.yaml")


def test_a_bad_entry_imports_nothing(store: StateStore) -> None:
    text = "aliases:\n  - {kind: payer, key: A, value: c1}\n  - {kind: payer, key: B}\n"
    with pytest.raises(ConfigError, match=r"^f\.yaml:3: aliases\[1\]: missing `value`"):
        store.import_aliases_yaml(text, source_name="f.yaml")
    assert store.aliases() == []


def test_negative_hits_are_refused(store: StateStore) -> None:
    text = "aliases:\n  - kind: payer\n    key: A\n    value: c1\n    hits: -3\n"
    with pytest.raises(ConfigError, match=r":5: aliases\[0\]\.hits: hits must be a whole number"):
        store.import_aliases_yaml(text, source_name="f.yaml")


def test_importing_keeps_the_larger_hit_count(store: StateStore) -> None:
    for _ in range(5):
        store.add_alias("payer", "ACME", "cust-1")
    store.import_aliases_yaml("aliases:\n  - {kind: payer, key: ACME, value: cust-9, hits: 2}\n")
    [alias] = store.aliases()
    assert (alias.value, alias.hits) == ("cust-9", 5)
