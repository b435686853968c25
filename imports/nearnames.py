"""Known names one character off the printed ones, found in one pass over the known names.

The importer reports a new name one character changed, added or dropped from a known one
(imports/people.py `_one_off`: names of three characters or more). Comparing each new name
with every known name costs new names × contributors per issue: 2.6 s for 60 new names beside
10,000 contributors on a busy machine, growing with every issue of a back catalogue imported.
Here the new names' one-character neighbourhoods (each position blanked, each character
dropped) are put in a few sets, and each known name is looked up there by its own
neighbourhood once: contributors × name length set look-ups, whatever the number of new
names. The rule itself still decides each pair.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

_BLANK = "\0"  # a character no name holds


def _blanked(name: str):
    return (name[:i] + _BLANK + name[i + 1 :] for i in range(len(name)))


def _dropped(name: str):
    return (name[:i] + name[i + 1 :] for i in range(len(name)))


def near_names(
    names: Iterable[str], known: Iterable[str], one_off: Callable[[str, str], bool], shortest=3
) -> dict[str, list[str]]:
    """For each of `names`, the `known` names one character off it, in the order of `known`."""
    names = [name for name in dict.fromkeys(names) if len(name) >= shortest]
    changed, dropped = defaultdict(list), defaultdict(list)
    for name in names:
        for key in _blanked(name):
            changed[key].append(name)
        for key in _dropped(name):
            dropped[key].append(name)
    wanted = set(names)
    found: dict[str, list[str]] = defaultdict(list)
    for other in dict.fromkeys(known):
        if len(other) < shortest:
            continue
        candidates = set(dropped.get(other, ()))  # other = a name less one character
        for key in _blanked(other):  # other = a name with one character changed
            candidates.update(changed.get(key, ()))
        if len(other) > shortest:  # other = a name plus one character
            candidates.update(key for key in _dropped(other) if key in wanted)
        for name in candidates:
            if one_off(name, other):
                found[name].append(other)
    return found
