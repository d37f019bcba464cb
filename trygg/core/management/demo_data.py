"""What `manage.py load_demo` creates: places, demo accounts and invented families.

Every name here is invented for the demo; any likeness to a real child or family is coincidence.
Names follow the regions' naming customs, some are written in their own script as well (Devanagari,
Bengali), some carry accents, and some children's ages are estimates, as in real casework.
"""

from dataclasses import dataclass, field

from trygg.accounts.roles import Role

# Documented in README.md and docs/getting-started.md. At least 12 characters and not a common
# password, so it passes the same validators as every real password (load_demo checks).
DEMO_PASSWORD = "trygg-demo-2026"  # noqa: S105 - published demo password, embedded mode only
DEMO_EMAIL_DOMAIN = "demo.example.org"
DEMO_COUNTRIES = ("KE", "NP", "IN")


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    country: str | None  # None: a global membership
    site: str | None = None  # a key of CountryPlan.sites: narrows the membership to that site


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


ACCOUNTS = [
    DemoAccount(_email("caseworker.ke"), "Wanjiru Kamau", Role.CASEWORKER, "KE"),
    DemoAccount(_email("supervisor.ke"), "Otieno Odhiambo", Role.SUPERVISOR, "KE"),
    DemoAccount(_email("family-worker.ke"), "Achieng Atieno", Role.FAMILY_STRENGTHENING_WORKER, "KE"),
    # The village director: everything in the village, including the gatekeeping panel's decisions.
    DemoAccount(_email("care-provider.ke"), "Samuel Mutiso", Role.CARE_PROVIDER, "KE", site="village"),
    # The SOS mother of SOS family Twiga (trygg.care.demo): sees only the children of her home.
    DemoAccount(_email("sos-parent.ke"), "Mary Njeri", Role.SOS_PARENT, "KE", site="village"),
    DemoAccount(_email("tracing.ke"), "Brian Kiprop", Role.TRACING_OFFICER, "KE"),
    DemoAccount(_email("therapist.ke"), "Faith Chebet", Role.THERAPIST, "KE"),
    DemoAccount(_email("dpo.ke"), "Joseph Mwangi", Role.DATA_PROTECTION_OFFICER, "KE"),
    DemoAccount(_email("analyst.ke"), "Grace Wambui", Role.ANALYST, "KE"),
    DemoAccount(_email("advocacy.ke"), "Peter Omondi", Role.ADVOCACY_OFFICER, "KE"),
    DemoAccount(_email("admin.ke"), "Esther Nyambura", Role.COUNTRY_ADMINISTRATOR, "KE"),
    DemoAccount(_email("caseworker.np"), "Sita Gurung", Role.CASEWORKER, "NP"),
    DemoAccount(_email("admin.np"), "Ramesh Shrestha", Role.COUNTRY_ADMINISTRATOR, "NP"),
    # Reviews the matches that families in other countries find among Nepal's children.
    DemoAccount(_email("tracing.np"), "Binod Adhikari", Role.TRACING_OFFICER, "NP"),
    # India's persons need someone allowed to register them.
    DemoAccount(_email("caseworker.in"), "Priya Sharma", Role.CASEWORKER, "IN"),
    DemoAccount(_email("sysadmin"), "Ingrid Dahl", Role.SYSTEM_ADMINISTRATOR, None),
]
# The account whose presence means the demo data is already loaded.
MARKER_EMAIL = ACCOUNTS[0].email
# Who registers each country's persons and households.
REGISTRAR = {"KE": _email("caseworker.ke"), "NP": _email("caseworker.np"), "IN": _email("caseworker.in")}


@dataclass(frozen=True)
class Member:
    """One person in a demo household.

    `kin` says how an adult is related to the household's children (mother, father, grandparent,
    aunt_uncle, sos_parent) or "child" for a child.
    """

    given_name: str
    family_name: str
    sex: str  # "F" or "M"
    age: int
    kin: str
    own_script: str = ""
    estimate: bool = False
    other_names: str = ""
    nationality: str = ""  # when not the country's own
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Family:
    name: str
    site: str | None  # "village", "fs" or None
    location: str  # a location code
    members: tuple[Member, ...]
    address: str = ""


@dataclass
class CountryPlan:
    code: str
    # (code, name, level, parent code)
    locations: list[tuple[str, str, int, str | None]]
    # key -> (programme name, programme kind, site name, site kind, location code)
    sites: dict[str, tuple[str, str, str, str, str]]
    languages: tuple[str, ...]
    families: list[Family] = field(default_factory=list)


M, F = "M", "F"

KENYA = CountryPlan(
    code="KE",
    locations=[
        ("KE-047", "Nairobi", 1, None),
        ("KE-047-EMB", "Embakasi", 2, "KE-047"),
        ("KE-047-KIB", "Kibra", 2, "KE-047"),
        ("KE-042", "Kisumu", 1, None),
        ("KE-042-KSE", "Kisumu East", 2, "KE-042"),
        ("KE-042-NYA", "Nyando", 2, "KE-042"),
        ("KE-001", "Mombasa", 1, None),
        ("KE-001-LIK", "Likoni", 2, "KE-001"),
    ],
    sites={
        "village": (
            "Alternative care Kenya",
            "alternative_care",
            "SOS Children's Village Nairobi",
            "childrens_village",
            "KE-047-EMB",
        ),
        "fs": (
            "Family strengthening Kisumu",
            "family_strengthening",
            "Family strengthening programme Kisumu",
            "family_strengthening",
            "KE-042-KSE",
        ),
    },
    languages=("sw", "en"),
    families=[
        Family(
            "Otieno",
            "fs",
            "KE-042-KSE",
            (
                Member("Akinyi", "Otieno", F, 34, "mother", languages=("luo", "sw")),
                Member("Brian", "Otieno", M, 13, "child", languages=("luo", "sw")),
                Member("Nekesa", "Otieno", F, 10, "child", languages=("luo", "sw")),
                Member("Baraka", "Otieno", M, 6, "child", languages=("luo", "sw")),
            ),
            address="Behind the Kondele market, blue gate",
        ),
        Family(
            "Mukendi",
            "fs",
            "KE-042-NYA",
            (
                Member("Bénédicte", "Mukendi", F, 38, "mother", nationality="CD", languages=("fr", "sw")),
                Member("Jérôme", "Mukendi", M, 41, "father", nationality="CD", languages=("fr", "sw")),
                Member("Amélie", "Mukendi", F, 14, "child", nationality="CD", languages=("fr", "sw")),
                Member("Hélène", "Mukendi", F, 11, "child", nationality="CD", languages=("fr", "sw")),
                Member("Noël", "Mukendi", M, 8, "child", estimate=True, nationality="CD"),
            ),
        ),
        Family(
            "Wafula",
            "fs",
            "KE-042-KSE",
            (
                Member("Margaret", "Wafula", F, 67, "grandparent", languages=("luy", "sw")),
                Member("Zawadi", "Wafula", F, 12, "child", languages=("luy", "sw")),
                Member("Juma", "Wafula", M, 9, "child", languages=("luy", "sw")),
            ),
        ),
        Family(
            "Kamau",
            None,
            "KE-047-KIB",
            (
                Member("John", "Kamau", M, 45, "father", languages=("ki", "sw")),
                Member("Lucy", "Wanjiku", F, 39, "mother", languages=("ki", "sw")),
                Member("Njeri", "Kamau", F, 16, "child", languages=("ki", "sw", "en")),
                Member("Mwangi", "Kamau", M, 15, "child", languages=("ki", "sw", "en")),
            ),
        ),
        Family(
            "Said",
            None,
            "KE-001-LIK",
            (
                Member("Mwanaisha", "Said", F, 29, "mother", languages=("sw",)),
                Member("Hamisi", "Said", M, 33, "father", languages=("sw",)),
                Member("Amani", "Said", M, 7, "child", languages=("sw",)),
                Member("Fatma", "Said", F, 4, "child", languages=("sw",)),
            ),
        ),
        Family(
            "SOS family Twiga",
            "village",
            "KE-047-EMB",
            (
                Member("Mary", "Njeri", F, 48, "sos_parent", languages=("sw", "en")),
                Member("Kevin", "Ochieng", M, 11, "child", estimate=True, other_names="Kevo"),
                Member("Chebet", "Kiprono", F, 9, "child", languages=("kln", "sw")),
                Member("Kiprotich", "Kiprono", M, 7, "child", languages=("kln", "sw")),
                Member("Baraka", "", M, 12, "child", estimate=True, other_names="found at Likoni ferry"),
                Member("Imani", "Achieng", F, 5, "child", languages=("sw",)),
            ),
        ),
        Family(
            "SOS family Simba",
            "village",
            "KE-047-EMB",
            (
                Member("Rose", "Awino", F, 52, "sos_parent", languages=("sw", "en")),
                Member("Josée", "Uwase", F, 13, "child", nationality="RW", languages=("rw", "sw")),
                Member("Daniel", "Mutua", M, 14, "child", languages=("sw", "en")),
                Member("Wairimu", "Ndung'u", F, 10, "child", languages=("ki", "sw")),
            ),
        ),
    ],
)

NEPAL = CountryPlan(
    code="NP",
    locations=[
        ("NP-P3", "Bagmati", 1, None),
        ("NP-P3-KTM", "Kathmandu", 2, "NP-P3"),
        ("NP-P3-LAL", "Lalitpur", 2, "NP-P3"),
        ("NP-P3-SIN", "Sindhupalchok", 2, "NP-P3"),
        ("NP-P4", "Gandaki", 1, None),
        ("NP-P4-KAS", "Kaski", 2, "NP-P4"),
        ("NP-P1", "Koshi", 1, None),
        ("NP-P1-MOR", "Morang", 2, "NP-P1"),
    ],
    sites={
        "village": (
            "Alternative care Nepal",
            "alternative_care",
            "SOS Children's Village Kathmandu",
            "childrens_village",
            "NP-P3-LAL",
        ),
        "fs": (
            "Family strengthening Sindhupalchok",
            "family_strengthening",
            "Family strengthening programme Sindhupalchok",
            "family_strengthening",
            "NP-P3-SIN",
        ),
    },
    languages=("ne",),
    families=[
        Family(
            "Tamang",
            "fs",
            "NP-P3-SIN",
            (
                Member("Dawa", "Tamang", F, 36, "mother", "दावा तामाङ", languages=("taj", "ne")),
                Member("Pemba", "Tamang", M, 40, "father", "पेम्बा तामाङ", languages=("taj", "ne")),
                Member("Sita", "Tamang", F, 15, "child", "सीता तामाङ", languages=("taj", "ne")),
                Member("Lhakpa", "Tamang", M, 12, "child", "ल्हाक्पा तामाङ", languages=("taj", "ne")),
                Member("Nima", "Tamang", F, 8, "child", "निमा तामाङ", languages=("taj", "ne")),
            ),
            address="Ward 4, above the health post",
        ),
        Family(
            "Sherpa",
            "fs",
            "NP-P3-SIN",
            (
                Member("Ang", "Sherpa", F, 63, "grandparent", "आङ शेर्पा", languages=("xsr", "ne")),
                Member("Pasang", "Sherpa", F, 14, "child", "पासाङ शेर्पा", languages=("xsr", "ne")),
                Member("Mingma", "Sherpa", M, 11, "child", "मिङमा शेर्पा", estimate=True),
            ),
        ),
        Family(
            "Thapa",
            None,
            "NP-P3-KTM",
            (
                Member("Bishnu", "Thapa", M, 44, "father", "विष्णु थापा", languages=("ne",)),
                Member("Gita", "Thapa", F, 39, "mother", "गीता थापा", languages=("ne",)),
                Member("Anjali", "Thapa", F, 17, "child", "अञ्जली थापा", languages=("ne", "en")),
                Member("Kiran", "Thapa", M, 13, "child", "किरण थापा", languages=("ne", "en")),
            ),
        ),
        Family(
            "Rai",
            None,
            "NP-P1-MOR",
            (
                Member("Maya", "Rai", F, 31, "mother", "माया राई", languages=("ne",)),
                Member("Sunita", "Rai", F, 9, "child", "सुनिता राई", languages=("ne",)),
                Member("Bikash", "Rai", M, 6, "child", "विकास राई", languages=("ne",)),
            ),
        ),
        Family(
            "Gurung",
            "fs",
            "NP-P4-KAS",
            (
                Member("Hari", "Gurung", M, 50, "aunt_uncle", "हरि गुरुङ", languages=("ne",)),
                Member("Samjhana", "Gurung", F, 16, "child", "सम्झना गुरुङ", languages=("ne",)),
                Member("Prakash", "Gurung", M, 14, "child", "प्रकाश गुरुङ", languages=("ne",)),
            ),
        ),
        Family(
            "SOS family Sagarmatha",
            "village",
            "NP-P3-LAL",
            (
                Member("Kamala", "Shrestha", F, 47, "sos_parent", "कमला श्रेष्ठ", languages=("ne", "new")),
                Member("Rita", "Magar", F, 10, "child", "रिता मगर", estimate=True),
                Member("Suman", "Magar", M, 8, "child", "सुमन मगर", estimate=True),
                Member("Laxmi", "B.K.", F, 12, "child", "लक्ष्मी बि.क.", languages=("ne",)),
                Member("Dipak", "Yadav", M, 11, "child", "दीपक यादव", languages=("mai", "ne")),
                Member("Puja", "", F, 7, "child", "पूजा", estimate=True, other_names="found in Kathmandu"),
            ),
        ),
        Family(
            "Magar",
            None,
            "NP-P4-KAS",
            (
                Member("Sabina", "Magar", F, 28, "mother", "सबिना मगर", languages=("ne",)),
                Member("Rohit", "Magar", M, 5, "child", "रोहित मगर", languages=("ne",)),
                Member("Nisha", "Magar", F, 3, "child", "निशा मगर", languages=("ne",)),
            ),
        ),
        Family(
            "SOS family Annapurna",
            "village",
            "NP-P3-LAL",
            (
                Member("Sarita", "Karki", F, 51, "sos_parent", "सरिता कार्की", languages=("ne",)),
                Member("Roshan", "Lama", M, 13, "child", "रोशन लामा", languages=("taj", "ne")),
                Member("Asha", "Lama", F, 9, "child", "आशा लामा", languages=("taj", "ne")),
            ),
        ),
    ],
)

INDIA = CountryPlan(
    code="IN",
    locations=[
        ("IN-WB", "West Bengal", 1, None),
        ("IN-WB-KOL", "Kolkata", 2, "IN-WB"),
        ("IN-WB-24S", "South 24 Parganas", 2, "IN-WB"),
        ("IN-BR", "Bihar", 1, None),
        ("IN-BR-PAT", "Patna", 2, "IN-BR"),
        ("IN-DL", "Delhi", 1, None),
        ("IN-DL-ND", "New Delhi", 2, "IN-DL"),
    ],
    sites={
        "village": (
            "Alternative care India",
            "alternative_care",
            "SOS Children's Village Kolkata",
            "childrens_village",
            "IN-WB-KOL",
        ),
        "fs": (
            "Family strengthening South 24 Parganas",
            "family_strengthening",
            "Family strengthening programme South 24 Parganas",
            "family_strengthening",
            "IN-WB-24S",
        ),
    },
    languages=("hi",),
    families=[
        Family(
            "Mondal",
            "fs",
            "IN-WB-24S",
            (
                Member("Rina", "Mondal", F, 33, "mother", "রিনা মণ্ডল", languages=("bn",)),
                Member("Tapan", "Mondal", M, 38, "father", "তপন মণ্ডল", languages=("bn",)),
                Member("Mou", "Mondal", F, 14, "child", "মৌ মণ্ডল", languages=("bn",)),
                Member("Rupa", "Mondal", F, 11, "child", "রূপা মণ্ডল", languages=("bn",)),
                Member("Sujoy", "Mondal", M, 7, "child", "সুজয় মণ্ডল", languages=("bn",)),
            ),
            address="Near the Canning station road",
        ),
        Family(
            "Khatun",
            "fs",
            "IN-WB-24S",
            (
                Member("Fatema", "Khatun", F, 40, "mother", "ফাতেমা খাতুন", languages=("bn",)),
                Member("Rubina", "Khatun", F, 15, "child", "রুবিনা খাতুন", languages=("bn",)),
                Member("Imran", "Sheikh", M, 12, "child", "ইমরান শেখ", languages=("bn",)),
            ),
        ),
        Family(
            "Yadav",
            None,
            "IN-BR-PAT",
            (
                Member("Sunita", "Devi", F, 42, "mother", "सुनीता देवी", languages=("hi", "bho")),
                Member("Ramesh", "Yadav", M, 46, "father", "रमेश यादव", languages=("hi", "bho")),
                Member("Pooja", "Kumari", F, 16, "child", "पूजा कुमारी", languages=("hi", "bho")),
                Member("Rahul", "Kumar", M, 13, "child", "राहुल कुमार", languages=("hi", "bho")),
            ),
        ),
        Family(
            "Ansari",
            None,
            "IN-DL-ND",
            (
                Member("Shabana", "Ansari", F, 35, "mother", "شبانہ انصاری", languages=("ur", "hi")),
                Member("Arif", "Ansari", M, 10, "child", "عارف انصاری", languages=("ur", "hi")),
                Member("Sana", "Ansari", F, 8, "child", "ثنا انصاری", languages=("ur", "hi")),
            ),
        ),
        Family(
            "Paswan",
            "fs",
            "IN-BR-PAT",
            (
                Member("Kamla", "Devi", F, 66, "grandparent", "कमला देवी", languages=("hi", "bho")),
                Member("Anil", "Paswan", M, 12, "child", "अनिल पासवान", estimate=True),
                Member("Priya", "Kumari", F, 9, "child", "प्रिया कुमारी", languages=("hi",)),
            ),
        ),
        Family(
            "SOS family Ganga",
            "village",
            "IN-WB-KOL",
            (
                Member("Anita", "Das", F, 49, "sos_parent", "অনিতা দাস", languages=("bn", "hi")),
                Member("Rakhi", "Das", F, 12, "child", "রাখি দাস", estimate=True),
                Member("Bapi", "Sardar", M, 10, "child", "বাপি সরদার", languages=("bn",)),
                Member(
                    "Munni", "", F, 8, "child", "मुन्नी", estimate=True, other_names="found at Howrah station"
                ),
                Member("Sourav", "Halder", M, 14, "child", "সৌরভ হালদার", languages=("bn",)),
            ),
        ),
        Family(
            "Biswas",
            "fs",
            "IN-WB-24S",
            (
                Member("Shefali", "Biswas", F, 30, "mother", "শেফালী বিশ্বাস", languages=("bn",)),
                Member("Gopal", "Biswas", M, 35, "father", "গোপাল বিশ্বাস", languages=("bn",)),
                Member("Tumpa", "Biswas", F, 6, "child", "টুম্পা বিশ্বাস", languages=("bn",)),
                Member("Raju", "Biswas", M, 4, "child", "রাজু বিশ্বাস", languages=("bn",)),
            ),
        ),
        Family(
            "SOS family Yamuna",
            "village",
            "IN-WB-KOL",
            (
                Member("Lakshmi", "Pal", F, 45, "sos_parent", "লক্ষ্মী পাল", languages=("bn",)),
                Member("Ritu", "Kumari", F, 13, "child", "ऋतु कुमारी", languages=("hi",)),
                Member("Sonu", "Kumar", M, 11, "child", "सोनू कुमार", languages=("hi",)),
            ),
        ),
    ],
)

PLANS = {plan.code: plan for plan in (KENYA, NEPAL, INDIA)}
