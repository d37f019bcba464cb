"""The spelling errors of the synthetic tracing data: a change made by ear, and a typing slip.

Plain Python; `bench/tracing_data.py` applies them to the names a parent or a clerk writes down.
"""

import random
import re

# fmt: off
MUTATIONS = [
    (r"ph", "f"), (r"f", "ph"), (r"v", "w"), (r"w", "v"), (r"([bdgkpst])h", r"\1"), (r"ee", "i"),
    (r"oo", "u"), (r"ou", "u"), (r"y", "i"), (r"i", "y"), (r"k", "c"), (r"c", "k"), (r"ks", "x"),
    (r"q", "k"), (r"z", "s"), (r"([bcdfgklmnprstz])\1", r"\1"), (r"([lmnrst])", r"\1\1"),
    (r"a", "e"), (r"e", "i"), (r"o", "u"), (r"u", "o"), (r"a", "o"), (r"i", "e"),
]
# fmt: on
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def mutate(rng: random.Random, word: str) -> str:
    """One spelling change a clerk or a parent makes by ear (not at the first letter)."""
    lower = word.lower()
    rules = [(p, r) for p, r in MUTATIONS if re.search(p, lower[1:])]
    if not rules:
        return word
    pattern, repl = rng.choice(rules)
    m = rng.choice(list(re.finditer(pattern, lower[1:])))
    out = lower[: m.start() + 1] + m.expand(repl) + lower[m.end() + 1 :]
    return match_case(word, out)


def typo(rng: random.Random, word: str) -> str:
    lower = word.lower()
    i = rng.randrange(1, len(lower))
    kind = rng.random()
    if kind < 0.3:
        out = lower[:i] + lower[i + 1 :]
    elif kind < 0.55 and i < len(lower) - 1:
        out = lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :]
    else:
        ch = lower[i]
        near = [
            row[j + d]
            for row in KEYBOARD
            for j, k in enumerate(row)
            if k == ch
            for d in (-1, 1)
            if 0 <= j + d < len(row)
        ]
        sub = rng.choice(near) if near else ch
        out = lower[:i] + sub + lower[i + 1 :] if kind < 0.8 else lower[:i] + sub + lower[i:]
    return match_case(word, out)


def match_case(original: str, lower: str) -> str:
    if original.isupper():
        return lower.upper()
    return lower[:1].upper() + lower[1:] if original[:1].isupper() else lower
