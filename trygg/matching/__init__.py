"""Trygg's record-linkage engine: find the same person in two lists, or twice in one.

Plain Python (no Django), used by tracing and registration and by the `trygg-match` command::

    from trygg.matching import Engine, Field

    engine = Engine([Field("given", "given_name"), Field("family", "family_name"),
                     Field("dob", "date_of_birth"), Field("age", "age")])
    pairs = engine.link(children, requests)       # [(child id, request id, probability), ...]
    engine.compare(child, request).fields         # field by field, for a reviewer
    engine.blocking_keys(child)                   # the indexed keys stored with a record
    engine.score(request, candidates)             # one record against those sharing a key
    Engine.from_params(fields, engine.params)     # trained parameters, JSON-serialisable

Records are dicts with an "id" and one value per field column: a string (empty or None for
missing), or for names a list of alternative spellings and nicknames ("Mohammed, Mo" in one cell
are two alternatives too). Several fields of one name kind are alternatives of each other (given
name and other names); a date of birth and an age field are compared as one.

How it works: names are transliterated and folded (normalise.py, phonetic.py, names.py);
compared on several levels per kind (compare.py, compare_names.py, birth.py), many pairs at once
(pairs.py); weighed by a Fellegi–Sunter model with term frequencies whose parameters are
estimated by expectation–maximisation (model.py); over the pairs that share a blocking key
(blocking.py). In `link`, each record is taken to match at most one of the other list
(`Engine(..., exclusive=False)` to score each pair on its own).
"""

from .compare import AGREES, DISAGREES, MISSING, PARTLY
from .engine import KINDS, Comparison, Engine, Field, FieldResult

__all__ = [
    "AGREES",
    "DISAGREES",
    "KINDS",
    "MISSING",
    "PARTLY",
    "Comparison",
    "Engine",
    "Field",
    "FieldResult",
]
