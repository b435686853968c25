"""Known names one character off a printed one: found by keys, as comparing with each finds them."""

import random

from imports.nearnames import near_names
from imports.people import _one_off


def test_the_names_one_character_off_are_found():
    known = ["夏琰祯", "夏珑祯", "木拉迪力·克衣木", "王伟", "王玮", "李小明", "李明", "张小明明"]
    printed = ["夏瑶祯", "李小明", "小明明", "李小小明", "王炜", "木拉迪力·克衣"]

    near = near_names(printed, known, _one_off)

    assert near["夏瑶祯"] == ["夏琰祯", "夏珑祯"]  # one changed
    assert near["小明明"] == ["张小明明"]  # one dropped
    assert near["李小小明"] == ["李小明"]  # one added
    assert near["木拉迪力·克衣"] == ["木拉迪力·克衣木"]
    assert "李小明" not in near  # itself is no near match, and 李明 is too short
    assert "王炜" not in near  # two characters: one is half the name, never proposed


def test_the_keys_agree_with_comparing_every_name():
    pool = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
    rng = random.Random(15)
    known = ["".join(rng.choice(pool) for _ in range(rng.choice((2, 3, 3, 4)))) for _ in range(600)]
    printed = ["".join(rng.choice(pool) for _ in range(rng.choice((2, 3, 4)))) for _ in range(200)]
    order = list(dict.fromkeys(known))

    near = near_names(printed, known, _one_off)

    for name in printed:
        assert near.get(name, []) == [other for other in order if _one_off(name, other)]
