"""Trygg's record-linkage engine: find the same person in two lists, or twice in one.

Plain Python (no Django), used by tracing and registration and by the `trygg-match` command::

    from trygg.matching import Engine, Field

    engine = Engine([Field("given", "given_name"), Field("family", "family_name"),
                     Field("dob", "date_of_birth"), Field("age", "age")])
    pairs = engine.link(requests, children)       # [(request id, child id, probability), ...]
    engine.compare(request, child).fields         # field by field, for a reviewer
    engine.blocking_keys(child)                   # the indexed keys stored with a record
    Engine.from_params(fields, engine.params)     # trained parameters, JSON-serialisable

Records are dicts with an "id" and one value per field column: a string (empty or None for
missing), or for names a list of alternative spellings and nicknames. How it works: names are
transliterated and folded (normalise.py, phonetic.py, names.py), compared on several levels per
kind (compare.py), weighed by a Fellegi–Sunter model with term frequencies whose parameters are
estimated by expectation–maximisation (model.py), over the pairs that share a blocking key
(blocking.py).
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
