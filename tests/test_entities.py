"""Entity resolution: quoteattr._sources.EntityIndex."""

from __future__ import annotations

import pytest

from quoteattr._sources import EntityIndex

KNOWN = ["Vassily Nebenzia", "Volodymyr Zelensky", "Moscow", "Russia", "Donald Trump", "Kremlin"]


@pytest.fixture
def index() -> EntityIndex:
    ix = EntityIndex()
    for name in KNOWN:
        assert ix.resolve(name) == name
    return ix


@pytest.mark.parametrize(
    "mention, entity",
    [
        pytest.param("Vassily Nebenzia", "Vassily Nebenzia", id="exact"),
        pytest.param("Moscow", "Moscow", id="exact-single-word"),
        pytest.param("Nebenzia", "Vassily Nebenzia", id="last-name"),
        pytest.param("Trump", "Donald Trump", id="last-name-short"),
        pytest.param("Zelensky", "Volodymyr Zelensky", id="last-name-2"),
        pytest.param("Zelenskyy", "Volodymyr Zelensky", id="variant-extra-letter"),
        pytest.param("Zelenskiy", "Volodymyr Zelensky", id="variant-substitution"),
        pytest.param("Volodymyr Zelenskyy", "Volodymyr Zelensky", id="variant-full-name"),
        pytest.param("Mascow", "Moscow", id="variant-typo"),
        pytest.param("Moscw", "Moscow", id="variant-missing-letter"),
        pytest.param("vassily nebenzia", "Vassily Nebenzia", id="lower-case"),
        pytest.param("NEBENZIA", "Vassily Nebenzia", id="upper-case-short"),
        pytest.param("zelenskyy", "Volodymyr Zelensky", id="lower-case-variant"),
        pytest.param("MOSCOW", "Moscow", id="upper-case-exact"),
        pytest.param("  Moscow ", "Moscow", id="surrounding-space"),
    ],
)
def test_resolves_to_known_entity(index, mention, entity):
    assert index.resolve(mention, add=False) == entity
    assert index.resolve(mention) == entity


@pytest.mark.parametrize(
    "mention",
    [
        pytest.param("Russian", id="adjective-of-country"),
        pytest.param("Russians", id="plural-demonym"),
        pytest.param("Trumps", id="plural-of-name"),
        pytest.param("Russias", id="plural-of-country"),
        pytest.param("Muscovite", id="demonym"),
        pytest.param("Kiev", id="unrelated"),
        pytest.param("Lavrov", id="unknown-person"),
    ],
)
def test_derived_forms_and_strangers_are_new_entities(index, mention):
    assert index.resolve(mention, add=False) == mention
    assert index.resolve(mention) == mention
    # once added, the new entity is found again, and the old one is untouched
    assert index.resolve(mention) == mention
    assert index.resolve("Russia") == "Russia"
    assert index.resolve("Donald Trump") == "Donald Trump"


@pytest.mark.parametrize(
    "first, second",
    [
        ("Russia", "Russian"),
        ("Russian", "Russia"),
        ("Trump", "Trumps"),
        ("Trumps", "Trump"),
        ("Donald Trump", "Trumps"),
    ],
)
def test_derived_forms_never_join_in_either_order(first, second):
    ix = EntityIndex()
    assert ix.resolve(first) == first
    assert ix.resolve(second) == second


def test_earliest_entity_wins():
    ix = EntityIndex()
    ix.resolve("John Smith")
    ix.resolve("Anna Smith")
    assert ix.resolve("Smith") == "John Smith"


def test_short_words_are_not_fuzzy_matched():
    ix = EntityIndex()
    ix.resolve("Kyiv")
    assert ix.resolve("Kyev", add=False) == "Kyev"  # 4 letters: too short for a variant


def test_add_false_does_not_add():
    ix = EntityIndex()
    assert ix.resolve("Moscow", add=False) == "Moscow"
    assert ix.resolve("Mascow") == "Mascow"  # Moscow was never added


def test_types_recorded_and_upgraded():
    ix = EntityIndex()
    ix.resolve("Vassily Nebenzia")
    assert ix.type_of("Vassily Nebenzia") == "unknown"
    assert ix.type_of("Vassily Nebenzia", default="person") == "person"
    assert ix.resolve("Nebenzia", "person") == "Vassily Nebenzia"
    assert ix.type_of("Vassily Nebenzia") == "person"
    ix.resolve("TASS", "outlet")
    assert ix.resolve("TASS", "person") == "TASS"
    assert ix.type_of("TASS") == "outlet"  # a known type is not overwritten


def test_empty_name():
    ix = EntityIndex()
    assert ix.resolve("") == ""
    assert ix.resolve("   ") == "   "


def test_many_entities_stay_fast():
    ix = EntityIndex()
    for k in range(5000):
        ix.resolve(f"Person{k:05d} Surname{k:05d}")
    assert ix.resolve("Surname04242") == "Person04242 Surname04242"
    assert ix.resolve("Person04242 Surname04242") == "Person04242 Surname04242"
