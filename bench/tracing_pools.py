"""The name pools' building blocks for bench/tracing_names.py: the `Name` and `Community` records,
the pool syntax's parser (see tracing_names' docstring) and each profile's share of a pool."""

import zlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Name:
    variants: tuple[str, ...]  # Latin spellings, the most common first
    script: str  # own-script form ("" if none)
    nicknames: tuple[str, ...] = ()

    @property
    def latin(self) -> str:
        return self.variants[0]


@dataclass
class Community:
    key: str
    country: str  # ISO 3166 code
    script: str  # "Latin" when the own script is Latin (with diacritics)
    male: str
    female: str
    family: str
    places: str
    middle_male: str = ""
    middle_female: str = ""
    female_family: str = ""  # family names used for girls instead of the father's (Kumari, Akter)
    female_family_rate: float = 0.0
    pet_male: str = ""  # pet names not derived from the given name (Thai chue len, Nepali Kancha)
    pet_female: str = ""
    pet_rate: float = 0.0
    family_first: bool = False  # own-script form and everyday order: family name first
    patronymic: bool = False  # the child's "family name" is the father's given name
    syllabic: bool = False  # Burmese: no family name, 1-3 syllables from the given pools
    middle_first: bool = False  # Bangladeshi "Md." comes before the given name
    second_given_rate: float = 0.0  # a second given name (Kenyan John Kamau)
    pools: dict = field(default_factory=dict, repr=False)


def parse(text: str, zipf: float = 0.9) -> list[tuple[Name, float]]:
    """Entries with their weights; see the module docstring for the syntax."""
    out = []
    entries = [e.strip() for line in text.strip().splitlines() for e in line.split(";")]
    for rank, entry in enumerate(e for e in entries if e):
        weight = None
        if "*" in entry:
            entry, w = entry.rsplit("*", 1)
            weight = float(w)
        nicks = ()
        if "~" in entry:
            entry, n = entry.split("~", 1)
            nicks = tuple(x.strip() for x in n.split("|") if x.strip())
        script = ""
        if "=" in entry:
            entry, script = entry.split("=", 1)
        variants = tuple(dict.fromkeys(v.strip() for v in entry.split("|") if v.strip()))
        out.append(
            (Name(variants, script.strip(), nicks), weight if weight is not None else 1 / (rank + 1) ** zipf)
        )
    return out


def split_pool(pool: list[tuple[Name, float]], part: str, keep_top: int = 4) -> list[tuple[Name, float]]:
    """The part of a pool one profile uses: the most common names and ~60% of the rest are shared,
    ~20% only in "development" and ~20% only in "heldout", decided by a stable hash of the name."""
    if not part:
        return pool
    out = []
    for rank, (name, weight) in enumerate(pool):
        bucket = zlib.crc32(name.latin.encode()) % 5
        if rank < keep_top or bucket >= 2 or (bucket == 0) == (part == "development"):
            out.append((name, weight))
    return out


def pools(community: Community, part: str) -> dict[str, list[tuple[Name, float]]]:
    """The parsed pools of a community for one profile ("development" or "heldout"), cached."""
    if part not in community.pools:
        male = split_pool(parse(community.male), part)
        out = {
            "male": male,
            "female": split_pool(parse(community.female), part),
            # Patronymic communities: the family name is the father's given name.
            "family": split_pool(parse(community.family), part) if community.family else male,
            "middle_male": parse(community.middle_male),
            "middle_female": parse(community.middle_female),
            "female_family": parse(community.female_family),
            "pet_male": parse(community.pet_male),
            "pet_female": parse(community.pet_female),
            "places": parse(community.places, zipf=0.6),
        }
        community.pools[part] = out
    return community.pools[part]
