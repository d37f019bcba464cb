"""A small synthetic tracing set for the engine's tests: registered children and tracing requests.

Children come in families (brothers and sisters share a family name, parents and a place) from
five regions; a request describes a registered child with the differences a parent's account has
(another spelling or transliteration, a typing slip, swapped names, a nickname, a missing name, an
approximate age instead of the date of birth, the name in its own script), or describes a brother
or sister who was never registered. Deterministic for a seed. Not the benchmark's generator, and
not what the engine was tuned on: it only has to be realistic enough to tell a working engine from
a broken one.
"""

import datetime
import random
from dataclasses import dataclass

REFERENCE_DATE = datetime.date(2025, 6, 1)

# (spellings..., ) per name; the first is the usual one. A name in its own script after "|".
REGIONS = {
    "NP": {
        "m": [
            "Ram|राम",
            "Hari|हरि",
            "Bikash|बिकाश",
            "Suresh|सुरेश",
            "Krishna|कृष्ण",
            "Sanjay|संजय",
            "Dipak,Deepak",
        ],
        "f": ["Sita|सीता", "Gita|गीता", "Sunita|सुनीता", "Laxmi,Lakshmi|लक्ष्मी", "Anjali|अंजलि", "Puja,Pooja"],
        "family": [
            "Thapa|थापा",
            "Shrestha,Shresta|श्रेष्ठ",
            "Gurung|गुरुङ",
            "Tamang|तामाङ",
            "Rai|राई",
            "Karki|कार्की",
        ],
        "places": ["Kathmandu", "Pokhara", "Dhading", "Sindhupalchok", "Kailali"],
    },
    "KE": {
        "m": [
            "Otieno,Otiyeno",
            "Ochieng",
            "Mwangi,Muangi",
            "Kamau",
            "Mohamed,Mohammed,Muhammad",
            "Abdi",
            "Hassan,Hasan",
        ],
        "f": ["Achieng", "Atieno", "Akinyi", "Wanjiru", "Wanjiku", "Fatuma,Fatma", "Amina"],
        "family": [
            "Odhiambo,Odiambo",
            "Omondi",
            "Kariuki",
            "Njoroge",
            "Ali,Aly",
            "Hussein,Hussain",
            "Abdullahi",
        ],
        "places": ["Kisumu", "Nairobi", "Garissa", "Mombasa", "Nakuru"],
    },
    "NG": {
        "m": ["Oluwaseun", "Chinedu", "Emeka", "Ibrahim,Ebrahim", "Yusuf,Yousef", "Tunde"],
        "f": ["Ngozi", "Chiamaka", "Aisha,Ayesha", "Funmilayo", "Blessing", "Halima,Halimah"],
        "family": ["Okafor", "Adeyemi", "Okeke", "Bello", "Abubakar", "Eze"],
        "places": ["Lagos", "Kano", "Ibadan", "Enugu", "Maiduguri"],
    },
    "UA": {
        "m": [
            "Oleksandr,Olexandr|Олександр",
            "Andriy,Andrii|Андрій",
            "Mykola|Микола",
            "Dmytro|Дмитро",
            "Ivan|Іван",
        ],
        "f": ["Olena|Олена", "Olha,Olga|Ольга", "Iryna|Ірина", "Kateryna|Катерина", "Yuliia,Yulia|Юлія"],
        "family": [
            "Shevchenko|Шевченко",
            "Bondarenko|Бондаренко",
            "Kovalenko|Коваленко",
            "Melnyk,Melnik|Мельник",
        ],
        "places": ["Kharkiv", "Mariupol", "Kherson", "Odesa", "Dnipro"],
    },
    "VN": {
        "m": ["Minh", "Hung", "Tuan", "Duc", "Quang"],
        "f": ["Lan", "Huong", "Thao", "Linh", "Mai"],
        "family": ["Nguyen", "Tran", "Le", "Pham", "Hoang"],
        "places": ["Ha Giang", "Lao Cai", "Son La", "Hue", "Can Tho"],
    },
}
NICKNAMES = {"Oleksandr": "Sasha", "Kateryna": "Katya", "Oluwaseun": "Seun", "Olena": "Lena", "Mohamed": "Mo"}


@dataclass
class Child:
    id: str
    region: str
    sex: str
    given: str
    family: str
    dob: datetime.date
    place: str
    father: str
    mother: str


def _spellings(entry: str) -> tuple[list[str], str]:
    latin, _, script = entry.partition("|")
    return latin.split(","), script


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
    if kind < 0.7:
        return word[:i] + word[i + 1 :]  # a letter dropped
    return word[:i] + word[i] + word[i:]  # a letter doubled


def _script(region: str, *entries: str) -> str:
    scripts = []
    for pool in ("m", "f", "family"):
        for entry in REGIONS[region][pool]:
            spellings, script = _spellings(entry)
            for name in entries:
                if name in spellings and script:
                    scripts.append((entries.index(name), script))
    return " ".join(s for _, s in sorted(scripts)) if len(scripts) == len(entries) else ""


def make(children: int = 1500, requests: int = 150, seed: int = 1):
    """(children rows, request rows, truth {request id: child id or None}), rows as the CSV columns
    id, given_name, family_name, other_names, name_in_own_script, sex, date_of_birth, age,
    place_of_origin, father_name, mother_name."""
    rng = random.Random(seed)
    registered: list[Child] = []
    while len(registered) < children:
        region = rng.choice(list(REGIONS))
        pool = REGIONS[region]
        family = _spellings(rng.choice(pool["family"]))[0][0]
        place = rng.choice(pool["places"])
        father = _spellings(rng.choice(pool["m"]))[0][0] + " " + family
        mother = _spellings(rng.choice(pool["f"]))[0][0] + " " + _spellings(rng.choice(pool["family"]))[0][0]
        taken: set[str] = set()
        for _ in range(rng.choice((1, 1, 2, 3))):
            sex = rng.choice("mf")
            given = _spellings(rng.choice(pool[sex]))[0][0]
            if given in taken:
                continue
            taken.add(given)
            dob = REFERENCE_DATE - datetime.timedelta(days=rng.randrange(300, 17 * 365))
            number = len(registered) + 1
            registered.append(Child(f"C{number:05d}", region, sex, given, family, dob, place, father, mother))
    registered = registered[:children]
    rows = [_record(c) for c in registered]
    sought = rng.sample(registered, int(requests * 0.7))
    out, truth = [], {}
    for n in range(requests):
        rid = f"R{n + 1:04d}"
        if n < len(sought):
            child = sought[n]
            truth[rid] = child.id
        else:
            # A brother or sister never registered: same family, another given name and birth.
            other = rng.choice(registered)
            pool = REGIONS[other.region]
            sex = rng.choice("mf")
            given = rng.choice([g for g in (_spellings(e)[0][0] for e in pool[sex]) if g != other.given])
            dob = other.dob + datetime.timedelta(days=rng.choice((-1, 1)) * rng.randrange(400, 2000))
            child = Child(
                "", other.region, sex, given, other.family, dob, other.place, other.father, other.mother
            )
            truth[rid] = None
        out.append({"id": rid, **_request(rng, child)})
    return rows, out, truth


def _record(c: Child) -> dict:
    return {
        "id": c.id,
        "given_name": c.given,
        "family_name": c.family,
        "other_names": "",
        "name_in_own_script": "",
        "sex": c.sex.upper(),
        "date_of_birth": c.dob.isoformat(),
        "age": "",
        "place_of_origin": c.place,
        "father_name": c.father,
        "mother_name": c.mother,
    }


def _request(rng: random.Random, c: Child) -> dict:
    """The child as a parent describes it."""
    pool = REGIONS[c.region]

    def spell(name: str) -> str:
        for entries in pool.values():
            for entry in entries:
                spellings = _spellings(entry)[0]
                if name in spellings and len(spellings) > 1 and rng.random() < 0.4:
                    return rng.choice(spellings[1:])
        return _typo(rng, name) if rng.random() < 0.12 else name

    given, family = spell(c.given), spell(c.family)
    if c.given in NICKNAMES and rng.random() < 0.3:
        given = NICKNAMES[c.given]
    row = {
        "given_name": given,
        "family_name": family,
        "other_names": "",
        "name_in_own_script": "",
        "sex": c.sex if rng.random() > 0.05 else "",
        "date_of_birth": "",
        "age": "",
        "place_of_origin": c.place if rng.random() > 0.15 else "",
        "father_name": c.father if rng.random() > 0.4 else "",
        "mother_name": c.mother if rng.random() > 0.4 else "",
    }
    if rng.random() < 0.1:
        row["given_name"], row["family_name"] = row["family_name"], row["given_name"]
    elif rng.random() < 0.06:
        row["family_name"] = ""
    script = _script(c.region, c.given, c.family)
    if script and rng.random() < 0.3:
        row["name_in_own_script"] = script
        if rng.random() < 0.3:
            row["given_name"] = row["family_name"] = ""
    if rng.random() < 0.4:
        row["date_of_birth"] = c.dob.isoformat()
    else:
        age = (
            REFERENCE_DATE.year
            - c.dob.year
            - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (c.dob.month, c.dob.day))
        )
        row["age"] = str(max(0, age + rng.choice((-1, 0, 0, 0, 1))))
    return row


FIELDS = [
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("other_names", "given_name"),
    ("name_in_own_script", "full_name"),
    ("sex", "sex"),
    ("date_of_birth", "date_of_birth"),
    ("age", "age"),
    ("place_of_origin", "place"),
    ("father_name", "person_name"),
    ("mother_name", "person_name"),
]
