"""The per-transaction collector of side effects (core/effects.py)."""

import pytest
from django.db import transaction

from core.effects import collecting, collecting_active, defer, pending_effects, register_effect

APPLIED: list[set] = []
EFFECT = "test effect"
CHAINED = "test effect that defers another"


def _record(ids, *, using):
    APPLIED.append(ids)


def _chain(ids, *, using):
    defer(EFFECT, {pk * 10 for pk in ids}, using=using)


register_effect(EFFECT, _record)
register_effect(CHAINED, _chain)


@pytest.fixture(autouse=True)
def applied(db):
    APPLIED.clear()
    yield APPLIED
    APPLIED.clear()


def test_outside_a_collecting_block_an_effect_is_applied_at_once(applied):
    defer(EFFECT, [1, 2])
    defer(EFFECT, [2])
    assert applied == [{1, 2}, {2}]


def test_a_collecting_block_applies_each_effect_once_for_all_ids_before_it_ends(applied):
    with collecting():
        defer(EFFECT, [1])
        defer(EFFECT, [2, None])
        with collecting():  # a nested block joins the outer one
            defer(EFFECT, [1, 3])
        assert applied == []
        assert pending_effects() == {EFFECT: {1, 2, 3}}
    assert applied == [{1, 2, 3}]
    assert not collecting_active()


def test_the_effects_are_applied_inside_the_transaction(applied):
    seen = []
    register_effect(
        "test effect in transaction",
        lambda ids, using: seen.append(transaction.get_connection(using).in_atomic_block),
    )
    with collecting():
        defer("test effect in transaction", [1])
    assert seen == [True]


def test_a_failed_block_drops_its_effects(applied):
    with pytest.raises(RuntimeError), collecting():
        defer(EFFECT, [1])
        raise RuntimeError("refused")
    assert applied == []
    assert pending_effects() == {}
    with collecting():
        defer(EFFECT, [2])
    assert applied == [{2}]


def test_a_block_marked_for_rollback_drops_its_effects(applied):
    with collecting():
        defer(EFFECT, [1])
        transaction.set_rollback(True)
    assert applied == []


def test_effects_deferred_by_a_handler_are_applied_in_the_same_block(applied):
    with collecting():
        defer(CHAINED, [1, 2])
    assert applied == [{10, 20}]


def test_an_effect_deferred_both_directly_and_by_a_handler_is_applied_once(applied):
    """The later-registered effect (an upper app's) runs first, so the one it defers runs once."""
    with collecting():
        defer(EFFECT, [1])
        defer(CHAINED, [2])
    assert applied == [{1, 20}]


def test_collecting_decorates_a_function(applied):
    @collecting
    def service(pk):
        defer(EFFECT, [pk])
        assert pk in pending_effects()[EFFECT]
        return pk

    @collecting(using="default")
    def outer():
        service(1)
        service(2)

    assert service(5) == 5
    assert applied == [{5}]
    outer()
    assert applied == [{5}, {1, 2}]


def test_an_unknown_effect_is_refused():
    with pytest.raises(LookupError):
        defer("no such effect", [1])
