"""Matching, both ways, through the engine and the blocking keys stored with every record.

- A tracing request (new or changed, with consent to trace) is matched against the registered
  children of every country: its keys find the children who share one (`ChildMatchKey`, an
  index range per key), the best of them by keys shared are scored by the engine, and those at
  or above the requesting country's threshold become `MatchProposal`s.
- A child registered or changed in `trygg.people` is indexed in the same transaction
  (`person_saved`, called by the people services) and matched against the open requests after
  the commit, by a task.
- A registration that looks like a child already registered in the same country gets a warning
  (`possible_duplicates`), never a refusal.

A pair is proposed once: matching again updates the score of a proposal still waiting for
review, and leaves a confirmed, rejected or withdrawn one alone.

Every lookup reads at most `PER_KEY` index entries per key and scores at most `SCORED`
candidates, so one request costs about the same against ten thousand children as against a
million (see bench/tracing_scale.py).
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.people.models import Person
from trygg.people.querysets import adult_cutoff

from .. import records
from ..codes import ProposalStatus, RequestStatus
from ..models import ChildMatchKey, MatchProposal, RequestMatchKey, TracingRequest
from .config import settings_for
from .status import set_request_status

logger = logging.getLogger(__name__)

# Index entries read per key at most: a key shared by more records than this says little.
PER_KEY = 1000
# Candidates scored per lookup at most, those sharing the most (and rarest) keys first.
SCORED = 60
# Possible duplicates shown at registration at most.
DUPLICATES_SHOWN = 3


@dataclass
class Candidate:
    """A record found by its keys and scored: the other side's id and record, the probability.

    The field-by-field comparison is computed only when asked for (`explain`): for a proposal,
    not for every candidate scored.
    """

    pk: int
    obj: object
    probability: float
    left: dict
    right: dict

    def explain(self):
        return records.engine().compare(self.left, self.right)


def _score(left: list[dict], right: list[dict]) -> dict[tuple[str, str], float]:
    """{(left id, right id): probability} for the pairs the engine scores (one vectorised call)."""
    if not left or not right:
        return {}
    pairs = records.engine().link(left, right, fit=False)
    return {(a, b): float(p) for a, b, p in pairs}


def is_child_or_unknown(person, today: date | None = None) -> bool:
    """Tracing looks for children: under 18, or of an age nobody knows."""
    return person.date_of_birth is None or person.date_of_birth > adult_cutoff(today)


# --- keys ------------------------------------------------------------------------------------------


def _replace_keys(model, owner_field: str, owner, country_id, keys) -> None:
    existing = model.objects.filter(**{owner_field: owner})
    existing.exclude(key__in=keys).delete()
    present = set(existing.values_list("key", flat=True))
    model.objects.bulk_create(
        [
            model(**{owner_field: owner, "country_id": country_id, "key": key})
            for key in keys
            if key not in present
        ]
    )


def index_child(person, parents=()) -> list[str]:
    """Write the person's blocking keys afresh (none for an adult or a deleted record)."""
    keys = []
    if not person.is_deleted and is_child_or_unknown(person):
        keys = records.blocking_keys(records.child_record(person, parents))
    _replace_keys(ChildMatchKey, "person", person, person.country_id, keys)
    return keys


def index_request(request) -> list[str]:
    """Write the request's blocking keys afresh (none once it no longer searches)."""
    keys = []
    if not request.is_deleted and request.is_searching:
        keys = records.blocking_keys(records.request_record(request))
    _replace_keys(RequestMatchKey, "request", request, request.country_id, keys)
    return keys


def _quoted(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _hits(model, owner: str, keys, country_ids) -> tuple[str, list]:
    """SQL for (owner_id, weight) rows: the owners of each key, an index range of at most PER_KEY
    entries, weighed by how rare the key is (1 / the entries read), so that sharing a rare key
    (a whole date of birth, an unusual name) counts for more than sharing a common one."""
    table = connection.ops.quote_name(model._meta.db_table)
    owner_col, key_col, country_col = _quoted(model, owner), _quoted(model, "key"), _quoted(model, "country")
    in_countries, country_params = "", []
    if country_ids is not None:
        ids = sorted(country_ids) or [0]
        in_countries = f" AND {country_col} IN ({', '.join(['%s'] * len(ids))})"
        country_params = ids
    parts, params = [], []
    for key in keys:
        n = len(parts)
        parts.append(
            f"SELECT owner_id, 1.0 / COUNT(*) OVER () AS weight FROM (SELECT {owner_col} AS owner_id "
            f"FROM {table} WHERE {key_col} = %s{in_countries} LIMIT {PER_KEY}) AS k{n}"
        )
        params.extend([key, *country_params])
    return " UNION ALL ".join(parts), params


def _ranked(hits: str, limit_sql: str) -> str:
    """The owners with the most (and rarest) keys shared, read from the key index alone."""
    return (
        f"SELECT owner_id, SUM(weight) AS score FROM ({hits}) AS h "
        f"GROUP BY owner_id ORDER BY score DESC, owner_id LIMIT {limit_sql}"
    )


def candidate_children(keys, *, country_ids=None, exclude=(), limit: int = SCORED) -> list[int]:
    """Ids of the living children (or persons of unknown age) sharing the most keys, best first.

    The ranking reads the key index only; the persons' rows are read for the best few (twice the
    limit, to leave room for adults and deleted records), so a lookup costs about the same among
    a million children as among ten thousand.
    """
    if not keys:
        return []
    hits, params = _hits(ChildMatchKey, "person", keys, country_ids)
    person = connection.ops.quote_name(Person._meta.db_table)
    excluded = ""
    if exclude:
        excluded = f" AND p.id NOT IN ({', '.join(['%s'] * len(exclude))})"
    sql = (
        f"SELECT r.owner_id FROM ({_ranked(hits, '%s')}) AS r JOIN {person} AS p ON p.id = r.owner_id "
        f"WHERE NOT p.is_deleted AND (p.date_of_birth IS NULL OR p.date_of_birth > %s){excluded} "
        f"ORDER BY r.score DESC, r.owner_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, 2 * limit, adult_cutoff(), *exclude, limit])
        return [row[0] for row in cursor.fetchall()]


def candidate_requests(keys, *, limit: int = SCORED) -> list[int]:
    """Ids of the requests that may be matched (searching, with consent) sharing the most keys."""
    if not keys:
        return []
    hits, params = _hits(RequestMatchKey, "request", keys, None)
    table = connection.ops.quote_name(TracingRequest._meta.db_table)
    statuses = [RequestStatus.OPEN.value, RequestStatus.MATCH_PROPOSED.value]
    sql = (
        f"SELECT r.owner_id FROM ({_ranked(hits, '%s')}) AS r JOIN {table} AS t ON t.id = r.owner_id "
        f"WHERE NOT t.is_deleted AND t.consent_to_trace AND t.status IN (%s, %s) "
        f"ORDER BY r.score DESC, r.owner_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, 2 * limit, *statuses, limit])
        return [row[0] for row in cursor.fetchall()]


# --- scoring ---------------------------------------------------------------------------------------


def children_for_request(request) -> list[Candidate]:
    """The registered children the request's keys find, scored, most probable first.

    This is the whole cost of matching one request (what the scale benchmark times): a few index
    ranges, the candidates' rows and parents (two queries) and one vectorised scoring call.
    """
    record = records.request_record(request)
    ids = candidate_children(records.blocking_keys(record))
    persons = records.children_by_id(ids)
    parents = records.parents_of(ids)
    children = {pk: records.child_record(persons[pk], parents.get(pk, ())) for pk in ids if pk in persons}
    scores = _score([record], list(children.values()))
    found = [
        Candidate(pk, persons[pk], scores[(record["id"], child["id"])], record, child)
        for pk, child in children.items()
        if (record["id"], child["id"]) in scores
    ]
    return sorted(found, key=lambda c: (-c.probability, c.pk))


def requests_for_child(person) -> list[Candidate]:
    """The open requests with consent that the child's keys find, scored, most probable first."""
    parents = records.parents_of([person.pk]).get(person.pk, ())
    child = records.child_record(person, parents)
    ids = candidate_requests(records.blocking_keys(child))
    found_requests = TracingRequest.objects.filter(pk__in=ids).in_bulk()
    asked = {pk: records.request_record(found_requests[pk]) for pk in ids if pk in found_requests}
    scores = _score(list(asked.values()), [child])
    found = [
        Candidate(pk, found_requests[pk], scores[(record["id"], child["id"])], record, child)
        for pk, record in asked.items()
        if (record["id"], child["id"]) in scores
    ]
    return sorted(found, key=lambda c: (-c.probability, c.pk))


# --- proposals -------------------------------------------------------------------------------------


def _audit_proposal(action: str, proposal: MatchProposal, actor, fields, detail=None) -> None:
    """One event per country involved: each country's data protection officer sees the story."""
    for country_id in dict.fromkeys((proposal.request_country_id, proposal.child_country_id)):
        record_event(action, actor=actor, obj=proposal, country_id=country_id, fields=fields, detail=detail)


def _propose(request, child, candidate: Candidate, *, threshold: float, acting_user) -> MatchProposal | None:
    """Create the pair's proposal when the score reaches the threshold, or refresh the score of
    one still waiting for review; a decided pair is left alone. The new proposal, else None."""
    probability = min(1.0, max(0.0, candidate.probability))
    now = timezone.now()
    existing = MatchProposal.objects.filter(request=request, child=child).only("pk", "status").first()
    if existing is not None:
        if existing.status == ProposalStatus.PROPOSED:
            MatchProposal.objects.filter(pk=existing.pk, status=ProposalStatus.PROPOSED).update(
                probability=probability, explanation=records.explanation(candidate.explain()), scored_at=now
            )
        return None
    if probability < threshold:
        return None
    explanation = records.explanation(candidate.explain())
    proposal = MatchProposal.objects.create(
        request=request,
        child=child,
        request_country_id=request.country_id,
        child_country_id=child.country_id,
        probability=probability,
        explanation=explanation,
        scored_at=now,
        created_by=acting_user,
        updated_by=acting_user,
    )
    _audit_proposal(
        AuditEvent.Action.CREATE,
        proposal,
        acting_user,
        ["probability", "explanation"],
        detail={"request": str(request.uuid), "child": str(child.uuid), "probability": round(probability, 3)},
    )
    return proposal


def _after_proposing(request, acting_user) -> None:
    if (
        request.status == RequestStatus.OPEN
        and request.proposals.filter(status=ProposalStatus.PROPOSED).exists()
    ):
        set_request_status(request, RequestStatus.MATCH_PROPOSED, acting_user=acting_user)


@transaction.atomic
def match_request(request, *, acting_user=None) -> list[MatchProposal]:
    """Match one request against the registered children; the new proposals, best first.

    Needs consent to trace; a request that no longer searches is not matched (nothing happens).
    """
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    if not request.consent_to_trace:
        raise ValidationError({"consent_to_trace": _("Record the consent to trace before matching.")})
    if not request.is_searching or request.is_deleted:
        return []
    threshold = settings_for(request.country_id).match_threshold
    created = []
    for candidate in children_for_request(request):
        proposal = _propose(request, candidate.obj, candidate, threshold=threshold, acting_user=acting_user)
        if proposal is not None:
            created.append(proposal)
    _after_proposing(request, acting_user)
    return created


@transaction.atomic
def match_child(person, *, acting_user=None) -> list[MatchProposal]:
    """Match one registered child against the open requests (with consent) of every country."""
    if person.is_deleted or not is_child_or_unknown(person):
        return []
    created = []
    thresholds: dict[int, float] = {}
    for candidate in requests_for_child(person):
        request = TracingRequest.objects.select_for_update().get(pk=candidate.pk)
        if not (request.is_searching and request.consent_to_trace):
            continue
        if request.country_id not in thresholds:
            thresholds[request.country_id] = settings_for(request.country_id).match_threshold
        threshold = thresholds[request.country_id]
        proposal = _propose(request, person, candidate, threshold=threshold, acting_user=acting_user)
        if proposal is not None:
            created.append(proposal)
            _after_proposing(request, acting_user)
    return created


def match_request_by_id(request_id: int) -> int:
    """For the task: match the request if it still exists and may be matched; proposals made."""
    request = TracingRequest.objects.alive().filter(pk=request_id).first()
    if request is None or not request.consent_to_trace:
        return 0
    return len(match_request(request))


def match_child_by_id(person_id: int) -> int:
    person = Person.objects.alive().filter(pk=person_id).first()
    return 0 if person is None else len(match_child(person))


# --- the people services' hook and the registration warning ---------------------------------------


def person_saved(person) -> None:
    """Called by `trygg.people.services` inside the transaction that registered or changed a
    person: index the child's keys now, match against the open requests once committed.

    A failure here never stops the registration: the child is then indexed and matched by the
    next batch run, and the log says so (the person's id and the error's type, nothing else).
    """
    from .. import tasks

    try:
        with transaction.atomic():
            index_child(person)
    except Exception as exc:
        logger.error(
            "Tracing could not index person %s (%s); a batch run will.", person.pk, type(exc).__name__
        )
        return
    if is_child_or_unknown(person):
        person_id = person.pk
        transaction.on_commit(lambda: tasks.match_child.delay(person_id))


def possible_duplicates(person, *, user) -> list[tuple[Person, float]]:
    """Children of the same country, visible to `user`, who look like `person` (just registered):
    [(person, probability)], most probable first, at most `DUPLICATES_SHOWN`."""
    if not is_child_or_unknown(person):
        return []
    keys = list(ChildMatchKey.objects.filter(person=person).values_list("key", flat=True))
    ids = candidate_children(keys, country_ids=[person.country_id], exclude=[person.pk])
    if not ids:
        return []
    visible = set(Person.objects.for_user(user).filter(pk__in=ids).values_list("pk", flat=True))
    persons = records.children_by_id(visible)
    parents = records.parents_of([person.pk, *visible])
    record = records.child_record(person, parents.get(person.pk, ()))
    theirs = {pk: records.child_record(other, parents.get(pk, ())) for pk, other in persons.items()}
    others = {theirs[pk]["id"]: persons[pk] for pk in theirs}
    scores = _score([record], list(theirs.values()))
    threshold = settings_for(person.country_id).duplicate_threshold
    found = [
        (others[other_id], probability)
        for (_left, other_id), probability in scores.items()
        if probability >= threshold and other_id in others
    ]
    found.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return found[:DUPLICATES_SHOWN]
