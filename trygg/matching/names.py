"""Spellings of one name and short forms of a name, for the regions Trygg works in.

Two tables, both keyed by a name word's spelling fold (phonetic.spelling_fold), so that each
entry also covers the spellings the fold already brings together:

- VARIANTS: one name in several transliterations or languages: "Muhammad", "Mohammed",
  "Mohamed", "Mamadou", "Mehmet"; "Oleksandr" and "Aleksandr"; "Olha" and "Olga". Two words of
  one group are the same name (`canonical` gives them one form).
- NICKNAMES: a formal name's usual short or pet forms: "Bill" for "William", "Sasha" for
  "Aleksandr" or "Aleksandra", "Seun" for "Oluwaseun". A short form may belong to several names.

The tables are a starting point, not a census: the engine also treats one word starting or ending
another ("Tobi", "Oluwatobi") as a partial agreement, and its fuzzy levels catch the rest.
"""

from functools import lru_cache

from .phonetic import spelling_fold

VARIANTS: dict[str, tuple[str, ...]] = {
    # Arabic names across Africa, the Middle East, South and Southeast Asia; in Somali spelling x
    # writes the Arabic h of Hassan, c its ain ("Xasan", "Cali").
    "muhammad": ("mohammed", "mohamed", "mohamad", "mohammad", "muhammed", "mohamud", "maxamed",
                 "maxammed", "mahamed", "mehmet", "mamadou", "mamadu", "muhamad", "mohd", "md",
                 "mahamat", "mohamood"),
    "ahmad": ("ahmed", "ahmet", "ahmadou", "ahamed", "axmed"),
    "mahmud": ("mahmoud", "mahmood", "mehmood", "maxamuud", "mahamud"),
    "mustafa": ("mostafa", "mustapha", "moustapha", "mustafe"),
    "abdullah": ("abdallah", "abdulla", "abdellah", "abdoulaye", "abdullahi", "abdulahi", "cabdullahi",
                 "cabdulaahi"),
    "abdulrahman": ("abdirahman", "abdourahmane", "abderrahmane", "abdurrahman", "abdelrahman",
                    "cabdiraxmaan"),
    "husayn": ("hussein", "hussain", "husein", "hossain", "hosain", "huseyin", "hossein", "xuseen",
               "xusseen"),
    "hasan": ("hassan", "hassane", "hasani", "xasan", "xassan"),
    "ibrahim": ("ebrahim", "ibrahima", "brahim", "ibraheem", "ebrima", "ibrahimu", "ibraahim"),
    "ismail": ("ismael", "ismaila", "esmail", "ismaili", "ismaaciil"),
    "yusuf": ("yousef", "youssef", "yusif", "yussuf", "yousuf", "yousif", "yosef", "yusufu", "yuusuf"),
    "yunus": ("younis", "younes", "yunis", "younous"),
    "musa": ("moussa", "mousa", "musah", "muuse"),
    "isa": ("issa", "eisa", "iisa", "ciise"),
    "idris": ("idriss", "edris", "idrissa"),
    "ali": ("aly", "alee", "aliyu", "cali"),
    "umar": ("omar", "omer", "oumar", "umaru", "cumar"),
    "uthman": ("osman", "usman", "othman", "ousmane", "usmane", "osmane", "cusmaan"),
    "abubakar": ("abubakr", "aboubacar", "boubacar", "abubakari", "aboubakar"),
    "khalid": ("khaled", "kaled", "halid", "khaalid"),
    "karim": ("kareem", "kerim"),
    "rashid": ("rasheed", "rachid", "rashed"),
    "said": ("saeed", "sayed", "saed", "saidu", "saciid"),
    "hamid": ("hameed", "hamed", "xamid"),
    "jamal": ("gamal", "djamal"),
    "salim": ("saleem", "selim", "salem"),
    "sulayman": ("suleiman", "sulaiman", "suleyman", "souleymane", "slimane", "suleman"),
    "yahya": ("yahia", "yehia", "yahaya"),
    "zakariya": ("zakaria", "zakariyya", "zakari", "zakarie"),
    "aisha": ("aicha", "aysha", "ayesha", "aishah", "aissatou", "ayisha", "caasha", "caisha"),
    "fatima": ("fatma", "fatuma", "fatoumata", "fatimah", "fadumo", "fatouma", "fatumata", "faadumo"),
    "khadija": ("khadijah", "kadija", "hadiza", "hadija", "khadiga", "hatice", "kadiatou", "khadiijo",
                "khadiija"),
    "maryam": ("mariam", "meryem", "mariama", "miriam", "maryama", "mariyam"),
    "amina": ("aminah", "aminata", "ameena", "aminatou"),
    "zaynab": ("zainab", "zeinab", "zenab", "zaynabu"),
    "halima": ("halimah", "halime", "halimatou", "xaliimo", "halimo"),
    "hawa": ("hawwa", "awa", "hauwa", "xawo", "hawo"),
    "ruqayya": ("ruqaya", "rukia", "rukiya", "rokia", "rokiatou"),
    "nur": ("noor", "nour", "nuur"),
    "rahman": ("rehman", "rahaman", "rahmani"),
    "rahim": ("raheem", "rahimi"),
    "begum": ("begam",),
    "khatun": ("khatoon", "khatun"),
    "parvin": ("parveen", "perveen"),
    "nasrin": ("nasreen", "nasrine"),
    # South Asia: Hindi and Nepali forms, b for v in Nepali and Bengali.
    "lakshmi": ("laxmi", "lakhsmi", "lakshmee", "lachhmi"),
    "chaudhary": ("chowdhury", "choudhury", "chaudhari", "chaudhry", "choudhary", "chowdhary"),
    "vikas": ("vikash", "bikash", "bikas"),
    "vishnu": ("bishnu",),
    "vinod": ("binod",),
    "vijay": ("bijay", "bijaya", "vijaya"),
    "vimal": ("bimal", "bimala"),
    "vivek": ("bibek",),
    "devi": ("debi",),
    "shiva": ("siva", "shiv", "sivaa"),
    "ganesh": ("ganesha", "ganes"),
    "krishna": ("krisna", "krishn", "kishna"),
    "tamang": ("tamaang",),
    "gurung": ("gurang",),
    # Eastern Europe: Russian and Ukrainian forms of one name, Polish and passport spellings.
    "aleksandr": ("alexander", "aleksander", "oleksandr", "olexandr", "alexandr", "aleksandar",
                  "oleksander", "alexandre"),
    "aleksandra": ("alexandra", "oleksandra", "olexandra"),
    "andrey": ("andrei", "andriy", "andrii", "andrzej", "andrej"),
    "dmitry": ("dmitri", "dmytro", "dimitri", "dmitrii", "dmitrij"),
    "mikhail": ("mykhailo", "michal", "mihail", "mikhailo", "mykhaylo"),
    "sergey": ("sergei", "serhiy", "serhii", "sergiy", "sergii", "siarhei"),
    "vladimir": ("volodymyr", "wladimir", "vladymyr", "uladzimir"),
    "yuri": ("yuriy", "yurii", "iurii", "jurij", "yury"),
    "nikolai": ("mykola", "nikolay", "mikola", "mikalai", "nicolae"),
    "pavel": ("pavlo", "pawel", "paulo"),
    "pyotr": ("petro", "petr", "piotr", "pyotor"),
    "yevgeny": ("evgeny", "yevhen", "evgenii", "yevgeniy", "evgeniy"),
    "yevgenia": ("evgenia", "yevheniia", "yevgeniya", "evgeniya"),
    "olga": ("olha", "olgha"),
    "elena": ("olena", "yelena", "alena", "helena", "jelena", "alyona", "yelena"),
    "tatiana": ("tetiana", "tatyana", "tetyana", "tatjana"),
    "natalia": ("nataliya", "natalya", "natalija", "nataliia"),
    "yulia": ("yuliya", "julia", "iuliia", "yuliia", "julija"),
    "ekaterina": ("kateryna", "yekaterina", "katerina", "katarzyna", "katsiaryna"),
    "anastasia": ("anastasiya", "anastasiia", "anastasija"),
    "irina": ("iryna", "iryina", "iryena"),
    "oksana": ("oxana",),
    "maria": ("mariya", "mariia", "marija", "mariia"),
    "viktor": ("victor", "wiktor"),
    "viktoria": ("victoria", "viktoriya", "viktoriia", "wiktoria"),
    "vasily": ("vasyl", "vasili", "vasiliy", "wasyl", "vasil"),
    "grigory": ("hryhoriy", "grigoriy", "hryhorii", "grzegorz"),
    "galina": ("halyna", "halina"),
    "anna": ("hanna", "ganna", "ana"),
    "denis": ("denys",),
    "maksim": ("maxim", "maksym", "maksymilian", "maxym"),
    "oleg": ("oleh", "aleh"),
    "igor": ("ihor",),
    "kirill": ("kyrylo", "kiryl"),
    "bogdan": ("bohdan",),
    "lyudmila": ("liudmyla", "ludmila", "lyudmyla"),
    "svetlana": ("svitlana", "swetlana"),
    "alexey": ("aleksei", "oleksiy", "oleksii", "aleksey", "alexei", "aliaksei"),
    "georgy": ("heorhiy", "georgiy", "heorhii"),
    "yakov": ("yakiv", "jakub"),
    "kseniya": ("ksenia", "oksenia", "kseniia"),
    "daria": ("dariya", "daryna", "dariia"),
    "sofia": ("sofiya", "sofiia", "zofia", "sophia"),
    # Southeast Asia.
    "nguyen": ("nguyn", "ngyuen"),
    "huynh": ("huinh",),
    "hoang": ("huang",),
    "maung": ("mg",),
}  # fmt: skip

NICKNAMES: dict[str, tuple[str, ...]] = {
    # English.
    "william": ("bill", "billy", "will", "willy", "liam"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "richard": ("dick", "rick", "ricky", "rich", "richie"),
    "james": ("jim", "jimmy", "jamie"),
    "john": ("jack", "johnny", "jon"),
    "joseph": ("joe", "joey", "jo"),
    "thomas": ("tom", "tommy"),
    "michael": ("mike", "mikey", "mick", "mickey"),
    "christopher": ("chris", "kit"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "elizabeth": ("liz", "lizzy", "beth", "betty", "eliza", "lisa", "elsie", "libby"),
    "margaret": ("maggie", "meg", "peggy", "margo"),
    "katherine": ("kate", "katie", "kathy", "cathy", "kat", "catherine", "kathryn"),
    "jennifer": ("jen", "jenny"),
    "patricia": ("pat", "patty", "trish"),
    "rebecca": ("becky", "becca"),
    "susan": ("sue", "suzy"),
    "deborah": ("deb", "debbie"),
    "viktoria": ("vicky", "tori"),
    "aleksandr": ("alex", "sasha", "sandy", "xander", "sanya", "shura", "sashko", "lesko"),
    "aleksandra": ("alex", "sasha", "sandra", "shura"),
    "anthony": ("tony",),
    "benjamin": ("ben", "benny"),
    "charles": ("charlie", "chuck"),
    "samuel": ("sam", "sammy"),
    "samantha": ("sam", "sammy"),
    "nicholas": ("nick", "nicky"),
    "matthew": ("matt",),
    "andrew": ("andy", "drew"),
    "stephen": ("steve", "steven"),
    "jonathan": ("jon", "jonny"),
    "timothy": ("tim", "timmy"),
    "peter": ("pete",),
    "francis": ("frank",),
    "henry": ("harry", "hank"),
    "lawrence": ("larry",),
    "gregory": ("greg",),
    "kenneth": ("ken", "kenny"),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donnie"),
    "josephine": ("jo", "josie"),
    "abigail": ("abby",),
    "christine": ("chris", "tina", "christina"),
    "theresa": ("terry", "tess", "teresa"),
    "jessica": ("jess", "jessie"),
    "joshua": ("josh",),
    "isabella": ("bella", "izzy", "isabel"),
    "eleanor": ("ellie", "nell"),
    "emily": ("emmy",),
    # Russian and Ukrainian.
    "mikhail": ("misha",),
    "dmitry": ("dima", "mitya"),
    "ivan": ("vanya",),
    "vladimir": ("volodya", "vova"),
    "nikolai": ("kolya",),
    "pyotr": ("petya",),
    "sergey": ("seryozha", "serezha"),
    "andrey": ("andryusha",),
    "alexey": ("alyosha", "lesha", "lyosha"),
    "yevgeny": ("zhenya",),
    "yevgenia": ("zhenya",),
    "pavel": ("pasha",),
    "konstantin": ("kostya",),
    "viktor": ("vitya",),
    "yuri": ("yura",),
    "grigory": ("grisha",),
    "yakov": ("yasha",),
    "ekaterina": ("katya", "katia", "katrya"),
    "elena": ("lena", "olenka"),
    "olga": ("olya", "olenka"),
    "tatiana": ("tanya",),
    "natalia": ("natasha", "natalka"),
    "anastasia": ("nastya", "stasya"),
    "maria": ("masha", "marusya"),
    "svetlana": ("sveta",),
    "irina": ("ira",),
    "yulia": ("yulya",),
    "anna": ("anya", "hanusya"),
    "lyudmila": ("lyuda", "mila"),
    "galina": ("galya", "halya"),
    "kseniya": ("ksyusha",),
    "daria": ("dasha",),
    "sofia": ("sonya",),
    "nadezhda": ("nadya",),
    "maksim": ("max",),
    "bogdan": ("bodya",),
    # West Africa: Yoruba and Igbo names and their short forms.
    "oluwaseun": ("seun",),
    "oluwatobi": ("tobi",),
    "oluwafemi": ("femi",),
    "oluwadamilare": ("dami", "damilare"),
    "olumide": ("mide",),
    "oluwatosin": ("tosin",),
    "oluwakemi": ("kemi",),
    "olufunmilayo": ("funmi", "funmilayo"),
    "adebayo": ("bayo",),
    "babatunde": ("tunde",),
    "adewale": ("wale",),
    "ayodele": ("dele",),
    "temitope": ("tope",),
    "oluwabukola": ("bukola", "bukky"),
    "chukwuemeka": ("emeka",),
    "chinedu": ("nedu",),
    "chukwudi": ("chudi",),
    "ifeanyi": ("ify",),
    "chiamaka": ("amaka",),
    "uchenna": ("uche",),
    "ikenna": ("ike",),
    # East Africa.
    "wanjiru": ("shiru",),
    "wanjiku": ("shiku",),
    "muhammad": ("mo", "moha", "hamadi"),
    "abdullah": ("abdi", "cabdi"),
    "fatima": ("fatu",),
    # South Asia.
    "vikas": ("vicky", "viki"),
    "krishna": ("kishan", "kanha"),
}  # fmt: skip


def _build() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    canon: dict[str, str] = {}
    for name, variants in VARIANTS.items():
        for word in (name, *variants):
            canon.setdefault(spelling_fold(word), name)
    nicks: dict[str, set[str]] = {}
    for formal, short_forms in NICKNAMES.items():
        target = canon.get(spelling_fold(formal), spelling_fold(formal))
        for short in short_forms:
            nicks.setdefault(spelling_fold(short), set()).add(target)
    return canon, {short: frozenset(targets) for short, targets in nicks.items()}


_CANONICAL, _NICKNAMES = _build()


@lru_cache(maxsize=200_000)
def canonical(word: str) -> str:
    """One form for every spelling and variant of a lower-case ASCII name word."""
    folded = spelling_fold(word)
    return _CANONICAL.get(folded, folded)


@lru_cache(maxsize=200_000)
def identities(word: str) -> frozenset[str]:
    """The names a word may stand for: its canonical form and the names it is a short form of."""
    folded = spelling_fold(word)
    return frozenset({_CANONICAL.get(folded, folded), *_NICKNAMES.get(folded, ())})
