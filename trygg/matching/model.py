"""The Fellegi–Sunter model: m and u per comparison level, term frequencies, and EM.

For a candidate pair, each comparison lands on a level; the level's weight is log2(m/u), where
m is the chance of that level when the two records are one person and u the chance when they are
two. The pair's match weight is the sum of its levels' weights plus the prior log-odds
log2(λ/(1-λ)), λ being the chance that two records drawn at random are a match; its probability is
1/(1 + 2^-weight). As u is measured on random pairs and λ over all pairs, the probability holds
for any pair, whichever blocking key made it a candidate.

Estimation:
- u from random pairs, which are almost all non-matches;
- m by expectation–maximisation, as Splink estimates it: one session per kind of blocking key,
  over the pairs that key found and without the comparisons it blocked on (among those pairs,
  non-matches agree on them far more often than random pairs do). A session also re-estimates u
  for its own pairs (discarded afterwards): names found by a name key come from one community,
  whose children also share a country, places and parents' names more often than random pairs
  do, and a u held at its random-pair value would take that for evidence of matches. Each
  comparison's m is the average of its sessions' estimates, weighted by their expected matches,
  with a weak Dirichlet prior towards the default m so that a small or odd data set cannot run
  away. λ: the matches the session that found most expects, over all pairs.
- term frequencies: agreeing on a value is weighed by that value's own frequency instead of the
  level's average, log2(m / f(value)) rather than log2(m / u) (Splink's term-frequency
  adjustment), for levels that name a frequency table. A match on a rare name counts more than
  a match on "Mohamed".
"""

import heapq
import math
from operator import itemgetter

import numpy as np

from .compare import Comparer

TF_KEEP = 20_000  # most frequent values kept per frequency table in the saved parameters
PRIOR_STRENGTH = 20.0  # pseudo-counts of the Dirichlet priors on m (and a session's u)
DEFAULT_LAMBDA = 1e-5
U_PRIOR = 50.0  # pseudo-pairs of the prior on u  # chance that two random records are a match, before fitting


class FrequencyTable:
    """How often each value occurs among the records that have one (the most frequent TF_KEEP)."""

    def __init__(self, values: dict[str, float], floor: float, mean: float, complete: bool):
        self.values = values
        self.floor = floor  # frequency of the least frequent value kept
        self.mean = mean  # expected frequency of the value two random agreeing records share
        self.complete = complete  # every value is kept

    @classmethod
    def count(cls, counts: dict[str, int], total: int) -> "FrequencyTable":
        if not counts or total <= 0:
            return cls({}, 1.0, 1.0, True)
        complete = len(counts) <= TF_KEEP
        kept = counts if complete else dict(heapq.nlargest(TF_KEEP, counts.items(), key=itemgetter(1)))
        values = {key: n / total for key, n in kept.items()}
        numbers = list(counts.values())
        mean = sum(n * n for n in numbers) / (total * sum(numbers))
        return cls(values, min(kept.values()) / total, mean, complete)

    def adjustment(self, key: str) -> float:
        """log2(mean / f(key)): positive for a rare value, negative for a common one. A value not
        kept is at most as frequent as the least frequent kept, when some were left out; when
        none were, it was not in the data and nothing is known of it (no adjustment)."""
        found = self.values.get(key)
        if found is None:
            if self.complete:
                return 0.0
            found = self.floor
        return math.log2(self.mean / max(found, 1e-9))

    def to_json(self) -> dict:
        return {"floor": self.floor, "mean": self.mean, "complete": self.complete, "values": self.values}

    @classmethod
    def from_json(cls, data: dict) -> "FrequencyTable":
        return cls(dict(data["values"]), float(data["floor"]), float(data["mean"]), bool(data["complete"]))


class ComparisonModel:
    """m, u and frequency tables of one comparison; index 0 of each is "missing"."""

    def __init__(self, name: str, comparer: Comparer):
        self.name = name
        self.comparer = comparer
        self.default_m = _normal([lv.m for lv in comparer.levels])
        self.default_u = _normal([lv.u for lv in comparer.levels])
        self.m, self.u = self.default_m.copy(), self.default_u.copy()
        self.tf: dict[str, FrequencyTable] = {}

    @property
    def weights(self) -> np.ndarray:
        """log2(m/u) per level; 0 for missing."""
        w = np.log2(np.maximum(self.m, 1e-12) / np.maximum(self.u, 1e-12))
        w[0] = 0.0
        return w

    def adjustment(self, level: int, key: str | None) -> float:
        """The term-frequency adjustment of one pair's level: log2 of how much less likely two
        unrelated records agree on this value than on an average one."""
        if key is None or level == 0:
            return 0.0
        table_name = self.comparer.levels[level - 1].tf
        table = self.tf.get(table_name) if table_name else None
        if table is None:
            return 0.0
        # Never let a frequent value turn an agreement into evidence against the match.
        return max(table.adjustment(key), -self.weights[level] + 0.5)

    def reset(self) -> None:
        """Back to the parameters before any fitting."""
        self.m, self.u = self.default_m.copy(), self.default_u.copy()
        self.tf = {}

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.comparer.kind,
            "levels": [lv.name for lv in self.comparer.levels],
            "m": _listed(self.m),
            "u": _listed(self.u),
            "tf": {name: table.to_json() for name, table in self.tf.items()},
        }

    def load(self, data: dict) -> None:
        n = len(self.comparer.levels)
        if any(len(data.get(key, ())) != n for key in ("m", "u")):
            raise ValueError(f"parameters for {self.name!r} have the wrong number of levels")
        self.m[1:], self.u[1:] = data["m"], data["u"]
        self.tf = {name: FrequencyTable.from_json(t) for name, t in data.get("tf", {}).items()}


def _normal(values: list[float]) -> np.ndarray:
    array = np.array([1.0, *values])
    array[1:] /= array[1:].sum()
    return array


def _listed(array: np.ndarray) -> list[float]:
    return [float(x) for x in array[1:]]


def _patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a level matrix and how often each occurs."""
    if levels.shape[1] <= 15 and levels.max(initial=0) < 16:
        shifts = (np.arange(levels.shape[1], dtype=np.int64) * 4)[None, :]
        code = (levels.astype(np.int64) << shifts).sum(axis=1)
        ordered = np.sort(code)
        first = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        unique, counts = ordered[first], np.diff(np.append(first, len(ordered)))
        rows = ((unique[:, None] >> shifts) & 15).astype(np.int64)
        return rows, counts.astype(np.float64)
    rows, counts = np.unique(levels, axis=0, return_counts=True)
    return rows.astype(np.int64), counts.astype(np.float64)


def estimate_u(models: list[ComparisonModel], levels: np.ndarray) -> None:
    """u of every level from the levels of random pairs, smoothed towards the defaults."""
    for c, model in enumerate(models):
        n = len(model.m)
        counts = np.bincount(levels[:, c], minlength=n)[1:].astype(np.float64)
        default_u = np.array([lv.u for lv in model.comparer.levels])
        default_u /= default_u.sum()
        # A prior of U_PRIOR pairs spread as the defaults: no level has u = 0, and a few records
        # (a handful of random pairs) do not overturn the defaults.
        smoothed = counts + U_PRIOR * default_u
        model.u[1:] = smoothed / smoothed.sum()


def match_weights(
    models: list[ComparisonModel], levels: np.ndarray, adjust: np.ndarray, lam: float
) -> np.ndarray:
    """Match weights (log2 odds) of rows of a level matrix; `adjust` (same shape) holds the
    term-frequency adjustments."""
    total = np.full(len(levels), math.log2(lam / (1 - lam)))
    for c, model in enumerate(models):
        total += model.weights[levels[:, c]]
    return total + adjust.sum(axis=1)


def probabilities(weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.clip(weights, -200, 200)))


def _mixture(
    tables: list[list[np.ndarray]],
    rows: np.ndarray,
    counts: np.ndarray,
    shares: np.ndarray,
    *,
    most: float = 1.0,
    max_iterations: int = 300,
    tolerance: float = 1e-6,
) -> tuple[np.ndarray, np.ndarray]:
    """EM for a mixture of classes over level patterns: tables[k][c] is class k's distribution over
    comparison c's levels, updated in place (Dirichlet prior: its starting value). Returns the
    classes' shares and the responsibilities (classes x patterns). The first class's share stays
    at most `most`."""
    total = counts.sum()
    priors = [[t.copy() for t in class_tables] for class_tables in tables]
    resp = np.zeros((len(tables), len(rows)))
    for _ in range(max_iterations):
        logs = np.zeros((len(tables), len(rows)))
        for k, class_tables in enumerate(tables):
            for c, table in enumerate(class_tables):
                log = np.log2(np.maximum(table, 1e-12))
                log[0] = 0.0
                logs[k] += log[rows[:, c]]
        logs += np.log2(np.maximum(shares, 1e-12))[:, None]
        logs -= logs.max(axis=0)
        resp = np.exp2(logs)
        resp /= resp.sum(axis=0)
        weighted = resp * counts
        new_shares = np.maximum(weighted.sum(axis=1) / total, 1e-12)
        if new_shares[0] > most:
            new_shares = np.array([most, 1 - most])
        change = float(np.abs(new_shares - shares).max())
        shares = new_shares
        for k, class_tables in enumerate(tables):
            for c, table in enumerate(class_tables):
                per_level = np.bincount(rows[:, c], weights=weighted[k], minlength=len(table))[1:]
                smoothed = per_level + PRIOR_STRENGTH * priors[k][c][1:]
                new = smoothed / smoothed.sum()
                change = max(change, float(np.abs(new - table[1:]).max()))
                table[1:] = new
        if change < tolerance:
            break
    return shares, resp


def train(
    models: list[ComparisonModel],
    levels: np.ndarray,
    sessions: list[tuple[np.ndarray, set[int]]],
    *,
    start: float,
    all_pairs: float,
    max_matches: float,
    min_pairs: int = 50,
) -> float:
    """m of every comparison by expectation–maximisation over the candidate pairs' levels, one
    session per kind of blocking key (rows of `levels`, comparisons it blocked on); `start`: the
    share of matches among the candidates to start from; `max_matches`: how many matches there
    can be at most (a session that finds more has taken some other likeness, such as a shared
    country, for the match). Returns λ."""
    estimates: list[list[tuple[float, np.ndarray]]] = [[] for _ in models]
    found_most = 0.0
    for rows, blocked in sessions:
        used = [c for c in range(len(models)) if c not in blocked]
        if not used or len(rows) < min_pairs:
            continue
        patterns, counts = _patterns(levels[np.ix_(rows, used)])
        share = min(0.5, max(1e-6, start * len(levels) / len(rows)))
        tables = [[models[c].m.copy() for c in used], [models[c].u.copy() for c in used]]
        most = min(0.5, max_matches / len(rows))
        _, resp = _mixture(tables, patterns, counts, np.array([share, 1 - share]), most=most)
        expected = float((resp[0] * counts).sum())
        found_most = max(found_most, expected)
        for c, m in zip(used, tables[0], strict=True):
            estimates[c].append((expected, m))
    for c, found in enumerate(estimates):
        total = sum(w for w, _ in found)
        if total > 0:
            models[c].m[1:] = sum(w * m[1:] for w, m in found) / total
    return min(0.5, max(found_most, 1.0) / max(all_pairs, 1.0))
