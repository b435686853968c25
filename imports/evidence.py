"""Who is a person, by the evidence of the whole issue rather than by a list of surnames.

A word printed after a 目录 title (仉振宇, 天山客, 辛组研) is an author when the body prints it
as the byline of that title (on the line after it, letter-spaced or a character a line, or a
line or two before it where the extraction broke the reading order), or when the database
knows a contributor of that name. A common surname is evidence too (text.is_person_name),
but never the only kind: pen names and rare surnames have none.
"""

import re
from collections.abc import Iterable

from .text import HAN, join_letters, title_key, unify

_ONE_LETTER = re.compile(rf"^{HAN}$")
# How far from its title (in printed lines, blank lines aside) a byline is looked for.
_BYLINE_AFTER = 4
_BYLINE_BEFORE = 2


class IssueEvidence:
    """The short lines of an issue's text, what names each could print, and the known names."""

    def __init__(self, lines: Iterable, known_names: Iterable[str] = ()):
        self.known = frozenset(known_names)
        self._keys: list[str] = []  # title_key of each printed line, in order
        self._words: list[frozenset[str]] = []  # the words of a short line, names joined up
        self._at: dict[str, list[int]] = {}  # key → positions
        printed = [line.text for line in lines if line.text]
        index = 0
        while index < len(printed):
            end = index
            while end < len(printed) and _ONE_LETTER.match(printed[end]):
                end += 1
            if end - index >= 2:  # a name printed a character a line: 亓 / 蕾
                self._add("".join(printed[index:end]))
                index = end
                continue
            self._add(printed[index])
            index += 1

    def _add(self, text: str) -> None:
        key = title_key(text) if len(text) <= 80 else ""
        words = unify(text).replace("、", " ").replace(",", " ").split() if len(text) <= 40 else []
        self._at.setdefault(key, []).append(len(self._keys))
        self._keys.append(key)
        self._words.append(frozenset(join_letters(words)))

    def byline_of(self, names: list[str], title: str) -> bool:
        """Whether the body prints `names` as a byline of `title`: a line holding those names
        and nothing else, near a line that prints the title (or begins it)."""
        wanted = frozenset(title_key(name) for name in names)
        joined = "".join(title_key(name) for name in names)
        key = title_key(title)
        if not joined or len(key) < 4:
            return False
        for position in self._title_positions(key):
            low = max(0, position - _BYLINE_BEFORE)
            high = min(len(self._keys), position + _BYLINE_AFTER + 1)
            for at in range(low, high):
                if at != position and (self._words[at] == wanted or self._keys[at] == joined):
                    return True
        return False

    def _title_positions(self, key: str) -> list[int]:
        found = list(self._at.get(key, ()))
        if found:
            return found
        # A title over several lines: the line that begins it.
        return [
            position
            for position, printed in enumerate(self._keys)
            if len(printed) >= 6 and key.startswith(printed)
        ]

    def are_authors(self, names: list[str], title: str) -> bool:
        """Names the issue shows to be the authors of this title (persons or pen names): all
        known contributors, or printed as its byline."""
        if names and all(title_key(name) in self.known for name in names):
            return True
        return self.byline_of(names, title)


NO_EVIDENCE = IssueEvidence(())
