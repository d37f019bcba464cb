"""Synthetic family-tracing data: registered children and the tracing requests parents file for them.

`make_tracing_set(children, requests, seed=..., profile=..., out_dir=...)` writes three CSV files:

- children.csv: registered children (id C000001...), as a caseworker recorded them;
- requests.csv: tracing requests (id R00001...), the sought child as a parent described them;
- truth.csv: request_id,child_id (child_id empty when the sought child was never registered).

Both data files have the columns in `COLUMNS`; an empty cell is a missing value. Names come from
the communities in bench/tracing_names.py with their real frequency skew. About 70% of requests
seek a registered child; the others seek a sibling of a registered child (same family name, parents
and place of origin), a namesake (same names and district, other parents and date of birth) or a
child nobody registered. A request carries the differences a parent's report has from the record:
other transliterations, spelling changes, typos, swapped names, nicknames and pet names, a second
given name, only one name, the name in the parent's own script only, approximate ages, missing
fields. Registered children also come in sibling groups and with namesakes, as decoys.

The "heldout" profile draws from partly different name pools, another mix of communities and other
rates of each error (more swaps and script-only names, fewer typos), so that an engine cannot be
tuned to the "development" set. Plain Python, no Django; the same seed gives the same files.
"""

import csv
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

try:
    from tracing_errors import mutate, typo
    from tracing_names import BY_KEY, MIX
    from tracing_pools import Community, Name, pools
except ImportError:  # imported as bench.tracing_data
    from bench.tracing_errors import mutate, typo
    from bench.tracing_names import BY_KEY, MIX
    from bench.tracing_pools import Community, Name, pools

# The day ages are counted from; pass it to the matcher (trygg-match --reference-date).
REFERENCE_DATE = date(2025, 6, 1)
COLUMNS = [
    "id",
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "sex",
    "date_of_birth",
    "age",
    "place_of_origin",
    "country",
    "father_name",
    "mother_name",
]
PROFILES = ("development", "heldout")

# Probabilities of each difference between a request and the record (per request or per name).
RATES = {
    "development": {
        "variant": 0.30,  # another transliteration of a name
        "mutation": 0.15,  # ph/f, v/w, doubled or single letter, dropped h, vowel change
        "typo": 0.12,  # keyboard slip
        "swap": 0.07,  # given and family name swapped (x3 where the family name comes first)
        "nickname": 0.12,  # short form, nickname or pet name instead of the given name
        "second_given": 0.35,  # the child's second given name used instead of the first
        "one_name": 0.07,  # only one of the two names known
        "script_only": 0.03,  # only the name in the parent's own (non-Latin) script
        "script_too": 0.35,  # the own-script name besides the Latin one
        "diacritics": 0.4,  # Latin-script languages: names written with their diacritics
        "caps": 0.1,  # names typed in capitals
        "dob_given": 0.35,  # a date of birth instead of an age
        "dob_error": 0.15,  # that date off (day and month swapped, another year or day)
        "no_age": 0.08,  # neither date of birth nor age
        "age_off_1": 0.30,  # the age one year off
        "age_off_2": 0.10,  # the age two years off
        "sex_missing": 0.03,
        "place_missing": 0.12,
        "place_wrong": 0.05,  # another district (where the family lived later, a neighbour's)
        "father_missing": 0.25,
        "mother_missing": 0.20,
        "other_names": 0.30,  # the parent lists other names the child goes by
    },
}
RATES["heldout"] = {
    **RATES["development"],
    "variant": 0.35,
    "mutation": 0.10,
    "typo": 0.05,
    "swap": 0.18,
    "nickname": 0.16,
    "one_name": 0.10,
    "script_only": 0.12,
    "script_too": 0.45,
    "dob_given": 0.25,
    "age_off_1": 0.35,
    "age_off_2": 0.15,
    "place_missing": 0.18,
    "father_missing": 0.35,
}
# What the requests for children never registered are: a sibling, a namesake, anyone.
UNREGISTERED_MIX = {"development": (0.4, 0.3, 0.3), "heldout": (0.35, 0.35, 0.3)}
MATCHED_SHARE = 0.7
FAMILY_SIZES = ((1, 0.5), (2, 0.3), (3, 0.15), (4, 0.05))  # registered children per family
NAMESAKE_RATE = 0.03  # registered children who get a registered namesake in their district


@dataclass(eq=False)
class Family:
    community: Community
    family: Name | None  # family name (None: patronymic or syllabic naming)
    father: list[Name]  # given name(s), or syllables
    grandfather: Name | None  # patronymic: the father's "family name"
    mother: list[Name]
    mother_family: Name | None
    place: Name
    children: list = field(default_factory=list)


@dataclass(eq=False)
class Child:
    family: Family
    sex: str  # "M" or "F"
    given: list[Name]  # one given name, or Burmese syllables
    second: Name | None
    middle: Name | None
    pet: Name | None
    dob: date
    girls_family: Name | None  # Kumari, Akter...: used instead of the father's family name
    id: str = ""


@dataclass
class TracingSet:
    children_csv: Path
    requests_csv: Path
    truth_csv: Path
    truth: dict[str, str | None]  # request id -> child id, None when not registered
    profile: str
    seed: int


_CUMULATIVE: dict[int, tuple[list[Name], list[float]]] = {}


def pick(rng: random.Random, pool: list[tuple[Name, float]]) -> Name:
    """A name drawn with the pool's frequencies."""
    if id(pool) not in _CUMULATIVE:
        total, cum = 0.0, []
        for _, weight in pool:
            total += weight
            cum.append(total)
        _CUMULATIVE[id(pool)] = ([n for n, _ in pool], cum)
    names, cum = _CUMULATIVE[id(pool)]
    return rng.choices(names, cum_weights=cum)[0]


def maybe_pick(rng: random.Random, pool: list[tuple[Name, float]]) -> Name | None:
    """For middle names and the like, whose weights are probabilities."""
    r = rng.random()
    for name, p in pool:
        if r < p:
            return name
        r -= p
    return None


def spell(rng: random.Random, name: Name, other: float = 0.2) -> str:
    """The usual Latin spelling, or with probability `other` another one."""
    if len(name.variants) > 1 and rng.random() < other:
        return rng.choice(name.variants[1:])
    return name.variants[0]


def age_on(dob: date, day: date = REFERENCE_DATE) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Generator:
    def __init__(self, seed: int, profile: str):
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {PROFILES}")
        self.rng = random.Random(f"trygg-tracing-{profile}-{seed}")
        self.profile = profile
        self.rates = RATES[profile]
        mix = MIX[profile]
        self.communities = [BY_KEY[k] for k in mix]
        self.weights = list(mix.values())

    def pools(self, community: Community) -> dict:
        return pools(community, self.profile)

    # Building people.

    def given_names(self, community: Community, sex: str) -> list[Name]:
        pool = self.pools(community)["male" if sex == "M" else "female"]
        if community.syllabic:
            count = self.rng.choices((1, 2, 3), weights=(1, 5, 4))[0]
            return [pick(self.rng, pool) for _ in range(count)]
        return [pick(self.rng, pool)]

    def new_family(self, community: Community | None = None) -> Family:
        rng = self.rng
        c = community or rng.choices(self.communities, weights=self.weights)[0]
        p = self.pools(c)
        family = None if (c.patronymic or c.syllabic) else pick(rng, p["family"])
        if c.patronymic or c.syllabic or c.family_first:
            mother_family = None if c.syllabic else pick(rng, p["family"])  # she keeps her own
        else:
            mother_family = family if rng.random() < 0.6 else pick(rng, p["family"])
        return Family(
            community=c,
            family=family,
            father=self.given_names(c, "M"),
            grandfather=pick(rng, p["male"]) if c.patronymic else None,
            mother=self.given_names(c, "F"),
            mother_family=mother_family,
            place=pick(rng, p["places"]),
        )

    def new_child(self, family: Family, given: list[Name] | None = None, sex: str | None = None) -> Child:
        rng, c = self.rng, family.community
        p = self.pools(c)
        sex = sex or rng.choice("MF")
        taken = {tuple(n.latin for n in ch.given) for ch in family.children}
        for _ in range(20):  # siblings have different given names
            names = given or self.given_names(c, sex)
            if tuple(n.latin for n in names) not in taken or given:
                break
        for _ in range(50):  # and are not twins
            dob = REFERENCE_DATE - timedelta(days=rng.randint(60, 18 * 365 - 1))
            if all(abs((dob - ch.dob).days) > 300 for ch in family.children):
                break
        second = None
        if rng.random() < c.second_given_rate:
            second = pick(rng, p["male" if sex == "M" else "female"])
            second = None if second.latin == names[0].latin else second
        pet = None
        if rng.random() < c.pet_rate:
            pet = pick(rng, p["pet_male" if sex == "M" else "pet_female"])
        girls_family = None
        if sex == "F" and p["female_family"] and rng.random() < c.female_family_rate:
            girls_family = pick(rng, p["female_family"])
        child = Child(
            family=family,
            sex=sex,
            given=names,
            second=second,
            middle=maybe_pick(rng, p["middle_male" if sex == "M" else "middle_female"]),
            pet=pet,
            dob=dob,
            girls_family=girls_family,
        )
        family.children.append(child)
        return child

    def namesake(self, child: Child) -> Child:
        """Another child with the same names in the same district: other parents, other birth date."""
        f = child.family
        other = self.new_family(f.community)
        other.family, other.place = f.family, f.place
        if f.community.patronymic:
            other.father = [child_family_name(child)]
        return self.new_child(other, given=child.given, sex=child.sex)

    def registered(self, count: int) -> list[Child]:
        rng, out = self.rng, []
        while len(out) < count:
            if out and rng.random() < NAMESAKE_RATE:
                out.append(self.namesake(rng.choice(out)))
                continue
            family = self.new_family()
            size = rng.choices([s for s, _ in FAMILY_SIZES], weights=[w for _, w in FAMILY_SIZES])[0]
            out.extend(self.new_child(family) for _ in range(size))
        return out[:count]

    # Writing people down.

    def record_row(self, child: Child) -> dict:
        """The registered child, as a caseworker wrote it down from the child's own account."""
        rng, c = self.rng, child.family.community
        given, family, family_name = names_for(child, rng, other=0.15, middle=0.7)
        if c.syllabic and " " in given and rng.random() < 0.5:
            given, family = given.rsplit(" ", 1)  # forms want a family name: the last syllable
        if c.key in ("romanian", "moldovan", "albanian") and rng.random() < 0.3:
            given, family = with_diacritics(child, family_name, given, family)
        others = []
        if child.second and rng.random() < 0.6:
            others.append(spell(rng, child.second))
        if child.pet and rng.random() < 0.5:
            others.append(spell(rng, child.pet))
        if child.given[0].nicknames and rng.random() < 0.2:
            others.append(rng.choice(child.given[0].nicknames))
        row = {
            "given_name": given,
            "family_name": family,
            "other_names": ", ".join(others),
            "name_in_own_script": own_script(child, family_name) if rng.random() < 0.3 else "",
            "sex": child.sex,
            "date_of_birth": "",
            "age": "",
            "place_of_origin": spell(rng, child.family.place, 0.25) if rng.random() > 0.08 else "",
            "country": c.country,
            "father_name": parent_name(child.family, "father", rng, 0.15) if rng.random() < 0.6 else "",
            "mother_name": parent_name(child.family, "mother", rng, 0.15) if rng.random() < 0.6 else "",
        }
        r = rng.random()
        if r < 0.7:
            row["date_of_birth"] = child.dob.isoformat()
        elif r < 0.85:  # estimated: 1 July of the estimated year
            row["date_of_birth"] = f"{child.dob.year + rng.choice((-1, 0, 0, 0, 1))}-07-01"
        elif rng.random() < 0.6:
            row["age"] = str(max(0, age_on(child.dob) + rng.choice((-1, 0, 0, 1))))
        return row

    def request_row(self, child: Child) -> dict:
        """The sought child as a parent described it in a tracing request."""
        rng, c, rates = self.rng, child.family.community, self.rates
        use_second = child.second is not None and rng.random() < rates["second_given"]
        nickname = None
        if rng.random() < rates["nickname"]:
            options = list(child.given[0].nicknames) + ([spell(rng, child.pet)] if child.pet else [])
            nickname = rng.choice(options) if options else None
        given, family, family_name = names_for(
            child, rng, other=rates["variant"], middle=0.5, second=use_second, nickname=nickname
        )
        if c.syllabic and " " in given and rng.random() < 0.4:
            given, family = given.rsplit(" ", 1)  # the parent splits the name their own way
        if c.key in ("romanian", "moldovan", "albanian", "vietnamese") and rng.random() < rates["diacritics"]:
            given, family = with_diacritics(child, family_name, given, family)
        given = self.garble(given)
        family = self.garble(family)
        if rng.random() < rates["one_name"] and given and family:
            if rng.random() < 0.7:
                family = ""
            else:
                given = ""
        if rng.random() < rates["swap"] * (3 if c.family_first else 1):
            given, family = family, given
        script = ""
        written = own_script(child, family_name)
        if c.script != "Latin" and written:
            if rng.random() < rates["script_only"]:
                given, family, script = "", "", written
            elif rng.random() < rates["script_too"]:
                script = written
        elif c.key == "vietnamese" and rng.random() < rates["script_too"]:
            script = written
        if rng.random() < rates["caps"]:
            given, family = given.upper(), family.upper()
        others = []
        if rng.random() < rates["other_names"]:
            if child.second and not use_second:
                others.append(spell(rng, child.second))
            if child.pet and nickname is None:
                others.append(spell(rng, child.pet))
            if child.given[0].nicknames and nickname is None:
                others.append(rng.choice(child.given[0].nicknames))
        place = spell(rng, child.family.place, 0.4)
        if rng.random() < rates["place_wrong"]:
            place = spell(rng, pick(rng, self.pools(c)["places"]), 0.4)
        if rng.random() < rates["place_missing"]:
            place = ""
        row = {
            "given_name": given,
            "family_name": family,
            "other_names": ", ".join(others),
            "name_in_own_script": script,
            "sex": "" if rng.random() < rates["sex_missing"] else child.sex,
            "date_of_birth": "",
            "age": "",
            "place_of_origin": place,
            "country": c.country,
            "father_name": self.garble(parent_name(child.family, "father", rng, rates["variant"])),
            "mother_name": self.garble(parent_name(child.family, "mother", rng, rates["variant"])),
        }
        if rng.random() < rates["father_missing"]:
            row["father_name"] = ""
        if rng.random() < rates["mother_missing"]:
            row["mother_name"] = ""
        r = rng.random()
        if r < rates["dob_given"]:
            row["date_of_birth"] = self.misremembered(child.dob).isoformat()
        elif r < 1 - rates["no_age"]:
            off = rng.random()
            error = (
                0 if off > rates["age_off_1"] + rates["age_off_2"] else (1 if off < rates["age_off_1"] else 2)
            )
            row["age"] = str(max(0, age_on(child.dob) + error * rng.choice((-1, 1))))
        return row

    def misremembered(self, dob: date) -> date:
        rng = self.rng
        if rng.random() >= self.rates["dob_error"]:
            return dob
        kind = rng.random()
        if kind < 0.35 and dob.day <= 12:
            return dob.replace(month=dob.day, day=dob.month)
        if kind < 0.7:
            return dob.replace(year=dob.year + rng.choice((-1, 1)), day=min(dob.day, 28))
        return dob.replace(day=rng.randint(1, 28))

    def garble(self, text: str) -> str:
        """Spelling changes and typos, word by word, at the profile's rates."""
        if not text:
            return text
        words = []
        for word in text.split(" "):
            if len(word) > 2 and self.rng.random() < self.rates["mutation"]:
                word = mutate(self.rng, word)
            if len(word) > 3 and self.rng.random() < self.rates["typo"]:
                word = typo(self.rng, word)
            words.append(word)
        return " ".join(words)

    # The set.

    def unregistered(self, registered: list[Child]) -> Child:
        rng = self.rng
        sibling, namesake, _ = UNREGISTERED_MIX[self.profile]
        r = rng.random()
        if r < sibling:
            return self.new_child(rng.choice(registered).family)
        if r < sibling + namesake:
            return self.namesake(rng.choice(registered))
        return self.new_child(self.new_family())


def child_family_name(child: Child) -> Name | None:
    f = child.family
    if f.community.syllabic:
        return None
    if f.community.patronymic:
        return f.father[0]
    if child.girls_family is not None:
        return child.girls_family
    if child.sex == "F" and f.community.key == "ukrainian":
        return feminine(f.family)
    return f.family


def feminine(name: Name) -> Name:
    """Ukrainian adjectival family names take the feminine form: Kovalskyi -> Kovalska."""
    if not name.script.endswith("ький"):
        return name
    variants = tuple(re.sub(r"(sk|ck)(yi|iy|y|ii|ij|i)$", r"\1a", v) for v in name.variants)
    return Name(tuple(dict.fromkeys(variants)), name.script[:-2] + "а")


def names_for(
    child: Child,
    rng: random.Random,
    other: float,
    middle: float,
    second: bool = False,
    nickname: str | None = None,
) -> tuple[str, str, Name | None]:
    """Latin given and family name, and which family name that is. `other`: chance of a less common
    spelling; `middle`: chance the middle name (Bahadur, Van, Md., Maung) is written."""
    c = child.family.community
    first = [child.second] if second and child.second else child.given
    given = nickname or " ".join(spell(rng, n, other) for n in first)
    if child.middle is not None and rng.random() < middle and nickname is None:
        m = spell(rng, child.middle, other)
        given = f"{m} {given}" if c.middle_first else f"{given} {m}"
    if second is False and child.second and rng.random() < 0.1:
        given = f"{given} {spell(rng, child.second, other)}"
    family = child_family_name(child)
    if child.girls_family is not None and rng.random() < 0.25:
        family = child.family.family  # the record or the parent uses the father's family name
    return given, spell(rng, family, other) if family else "", family


def with_diacritics(child: Child, family_name: Name | None, given: str, family: str) -> tuple[str, str]:
    """Latin-script languages written properly: Stefan -> Ștefan, Nguyen -> Nguyễn."""
    forms = {}
    for n in [*child.given, child.second, child.middle, family_name]:
        if n is not None and n.script:
            forms.update(dict.fromkeys(n.variants, n.script))

    def fix(text: str) -> str:
        return " ".join(forms.get(w, w) for w in text.split(" ")) if text else text

    return fix(given), fix(family)


def own_script(child: Child, family: Name | None) -> str:
    """The full name in the community's own script; "" if a part has no script form."""
    c = child.family.community
    given = [*child.given]
    if child.middle is not None:
        given = [child.middle, *given] if c.middle_first else [*given, child.middle]
    parts = [*given, family] if family else given
    if c.family_first and family:
        parts = [family, *given]
    if any(not p.script for p in parts):
        return ""
    return " ".join(p.script for p in parts)


def parent_name(family: Family, which: str, rng: random.Random, other: float) -> str:
    c = family.community
    given = " ".join(spell(rng, n, other) for n in (family.father if which == "father" else family.mother))
    if which == "father":
        last = family.grandfather if c.patronymic else family.family
    else:
        last = family.mother_family
        if last is not None and c.key == "ukrainian":
            last = feminine(last)
    if last is None:
        return given
    last_s = spell(rng, last, other)
    return f"{last_s} {given}" if c.family_first else f"{given} {last_s}"


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def make_tracing_set(
    children: int = 100_000,
    requests: int = 5_000,
    seed: int = 1,
    profile: str = "development",
    out_dir: str | Path = ".",
) -> TracingSet:
    """Write children.csv, requests.csv and truth.csv (prefixed by the profile) into `out_dir`."""
    gen = Generator(seed, profile)
    rng = gen.rng
    registered = gen.registered(children)
    matched = rng.sample(registered, min(len(registered), round(requests * MATCHED_SHARE)))
    rng.shuffle(registered)
    records = {}
    for number, child in enumerate(registered, 1):
        child.id = f"C{number:06d}"
        records[child.id] = gen.record_row(child)
    sought = [(child, records[child.id]) for child in matched]
    sought += [(gen.unregistered(registered), None) for _ in range(requests - len(matched))]
    rng.shuffle(sought)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth, rows = {}, []
    for number, (child, record) in enumerate(sought, 1):
        request_id = f"R{number:05d}"
        truth[request_id] = child.id if record is not None else None
        rows.append({"id": request_id, **gen.request_row(child)})
    paths = [out / f"{profile}_{name}.csv" for name in ("children", "requests", "truth")]
    write_csv(paths[0], COLUMNS, [{"id": cid, **row} for cid, row in records.items()])
    write_csv(paths[1], COLUMNS, rows)
    write_csv(
        paths[2],
        ["request_id", "child_id"],
        [{"request_id": r, "child_id": c or ""} for r, c in truth.items()],
    )
    return TracingSet(*paths, truth=truth, profile=profile, seed=seed)
