"""Dates of birth and ages: a date against a date, and an approximate age against either.

A tracing request often knows only "about 9"; the registered child has a date of birth. Ages are
counted on the engine's reference day; a whole-number age N stands for [N, N+1) years, and an
age fits another when they are at most a year apart, roughly fits within two years or a fifth of
the age (people misjudge a teenager's age by more than a toddler's), does not fit within twice
that, and is far off beyond. A date against a date: the same, one typing slip away (a digit, day
and month swapped), the same year, within a year, within three years, far apart.
"""

import datetime
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

from .compare import AGREES, DISAGREES, PARTLY, Comparer, Level
from .normalise import age_on, parse_age, parse_date

FAR_MONTHS = 36  # dates of birth further apart than this are "far apart"


@dataclass(frozen=True, slots=True)
class BirthValue:
    text: str
    date: tuple[int, int, int] | None  # year, month, day; month and day 0 when unknown
    age: float  # years at the reference date: stated, or counted from the date
    stated: bool  # the age was stated, not counted from a date of birth


def _digits(date: tuple[int, int, int]) -> str:
    year, month, day = date
    return f"{year:04d}{month:02d}{day:02d}"


class BirthComparer(Comparer):
    """A date of birth, a stated (often approximate) age, or both: dates against dates, and ages
    against dates counted on the reference day."""

    kind = "date_of_birth"
    distinct_pairs = False
    levels = (
        Level("same date", AGREES, 0.40, 0.0003, "exact"),
        Level("date off by a typing slip", PARTLY, 0.06, 0.001),
        Level("same year", PARTLY, 0.04, 0.03),
        Level("dates within a year", PARTLY, 0.02, 0.03),
        Level("age fits", AGREES, 0.36, 0.06),
        Level("age roughly fits", PARTLY, 0.06, 0.07),
        Level("dates years apart", DISAGREES, 0.025, 0.12),
        Level("age does not fit", DISAGREES, 0.025, 0.11),
        Level("dates far apart", DISAGREES, 0.005, 0.38),
        Level("age far off", DISAGREES, 0.005, 0.20),
    )

    def __init__(self, reference_date: datetime.date):
        self.reference_date = reference_date

    def prepare(self, raw):
        """`raw` is a pair (date of birth, age); either may be missing."""
        date_raw, age_raw = raw if isinstance(raw, tuple) else (raw, None)
        date = parse_date(date_raw) if date_raw not in (None, "") else None
        if date is not None:
            return BirthValue(str(date_raw), date, age_on(date, self.reference_date), False)
        age = parse_age(age_raw) if age_raw not in (None, "") else None
        if age is not None:
            return BirthValue(str(age_raw), None, age, True)
        return None

    def compare(self, a: BirthValue, b: BirthValue) -> tuple[int, str | None]:
        if a.date is not None and b.date is not None:
            return self._dates(a.date, b.date)
        if a.stated and b.stated:
            gap = abs(a.age - b.age)
        elif a.stated:
            gap = _age_gap(a, b)
        else:
            gap = _age_gap(b, a)
        if gap <= 1.0:
            return 5, None
        tolerance = max(2.0, 0.2 * max(a.age, b.age))
        if gap <= tolerance:
            return 6, None
        return (8, None) if gap <= 2 * tolerance else (10, None)

    @staticmethod
    def _dates(x: tuple[int, int, int], y: tuple[int, int, int]) -> tuple[int, str | None]:
        if x == y and x[2]:
            return 1, _digits(x)
        if x[0] == y[0] and x[1] and x[1] == y[1]:
            # Same month: one day unknown or one typing slip in the day.
            slip = not (x[2] and y[2]) or OSA.distance(str(x[2]), str(y[2])) <= 1
            return (2, None) if slip else (3, None)
        if x[1] and y[1] and x[2] and y[2]:
            swapped = x[0] == y[0] and x[1] == y[2] and x[2] == y[1]
            if swapped or OSA.distance(_digits(x), _digits(y)) <= 1:
                return 2, None
        if x[0] == y[0]:
            return 3, None
        months = abs((x[0] * 12 + (x[1] or 6)) - (y[0] * 12 + (y[1] or 6)))
        if months <= 12:
            return 4, None
        return (7, None) if months <= FAR_MONTHS else (9, None)

    def tf_keys(self, value: BirthValue) -> dict[str, set[str]]:
        if value.date is not None and value.date[2]:
            return {"exact": {_digits(value.date)}}
        return {}

    def features(self, values: list, previous=None):
        n = len(values)
        year, month, day = (np.zeros(n, dtype=np.int64) for _ in range(3))
        age = np.zeros(n)
        stated = np.zeros(n, dtype=bool)
        digits = np.full(n, "", dtype=object)
        days = np.full(n, "", dtype=object)
        for i in range(1, n):
            value = values[i]
            age[i], stated[i] = value.age, value.stated
            if value.date is not None:
                year[i], month[i], day[i] = value.date
                digits[i], days[i] = _digits(value.date), str(value.date[2])
        return year, month, day, age, stated, digits, days

    def compare_many(self, values, features, xs, ys):
        year, month, day, age, stated, digits, days = features
        yx, yy, mx, my, dx, dy = year[xs], year[ys], month[xs], month[ys], day[xs], day[ys]
        ax, ay, sx, sy = age[xs], age[ys], stated[xs], stated[ys]
        # Ages: stated against stated, or a stated age (a whole number N means [N, N+1)) against a date.
        stated_age, other_age = np.where(sx, ax, ay), np.where(sx, ay, ax)
        whole = stated_age == np.floor(stated_age)
        interval = np.where(
            other_age < stated_age, stated_age - other_age, np.maximum(0.0, other_age - stated_age - 1)
        )
        gap = np.where(sx & sy, np.abs(ax - ay), np.where(whole, interval, np.abs(stated_age - other_age)))
        tolerance = np.maximum(2.0, 0.2 * np.maximum(ax, ay))
        levels = np.select([gap <= 1.0, gap <= tolerance, gap <= 2 * tolerance], [5, 6, 8], 10).astype(
            np.int8
        )
        # Dates against dates.
        dated = ~sx & ~sy
        full = (mx > 0) & (my > 0) & (dx > 0) & (dy > 0)
        months = np.abs((yx * 12 + np.where(mx > 0, mx, 6)) - (yy * 12 + np.where(my > 0, my, 6)))
        date_levels = np.select([months <= 12, months <= FAR_MONTHS], [4, 7], 9)
        date_levels = np.where(yx == yy, 3, date_levels)
        slip = np.zeros(len(xs), dtype=bool)
        check = np.flatnonzero(dated & full)
        if len(check):
            distance = cpdist(digits[xs[check]], digits[ys[check]], scorer=OSA.distance, workers=-1)
            slip[check] = distance <= 1
        swapped = full & (yx == yy) & (mx == dy) & (dx == my)
        date_levels = np.where(swapped | slip, 2, date_levels)
        same_month = (yx == yy) & (mx > 0) & (mx == my)
        day_slip = np.zeros(len(xs), dtype=bool)
        check = np.flatnonzero(dated & same_month & (dx > 0) & (dy > 0))
        if len(check):
            day_slip[check] = cpdist(days[xs[check]], days[ys[check]], scorer=OSA.distance, workers=-1) <= 1
        month_levels = np.where((dx == 0) | (dy == 0) | day_slip, 2, 3)
        date_levels = np.where(same_month, month_levels, date_levels)
        exact = same_month & (dx == dy) & (dx > 0)
        date_levels = np.where(exact, 1, date_levels)
        levels = np.where(dated, date_levels, levels).astype(np.int8)
        return levels, np.where(dated & exact, xs, -1), list(digits)


def _age_gap(stated: BirthValue, other: BirthValue) -> float:
    """Years between a stated age and another age; a whole number N stands for [N, N+1)."""
    if stated.age == int(stated.age):
        if other.age < stated.age:
            return stated.age - other.age
        return max(0.0, other.age - stated.age - 1)
    return abs(stated.age - other.age)
