"""The audit trail is append-only: in the model, the queryset and the database itself."""

import datetime
import json

import pytest
from django.db import DatabaseError, connection, transaction

from trygg.audit.models import AuditEvent, AuditEventSubject, AuditImmutable
from trygg.audit.services import record_event, record_read, record_search
from trygg.people.models import Person
from trygg.people.services import register_person, update_person
from trygg.people.tests.factories import PersonFactory


@pytest.fixture
def event(child_ke, caseworker_ke):
    return record_read(child_ke, actor=caseworker_ke)


@pytest.fixture
def search(child_ke, caseworker_ke):
    return record_search(Person, actor=caseworker_ke, query_present=True, result_uuids=[child_ke.uuid])


def test_saving_an_existing_event_is_refused(event):
    event.action = AuditEvent.Action.DELETE
    with pytest.raises(AuditImmutable):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.VIEW


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditImmutable):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditEvent.Action.LOGIN)
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.VIEW


def test_search_subjects_are_append_only_too(search):
    subject = search.subjects.get()
    with pytest.raises(AuditImmutable):
        subject.save()
    with pytest.raises(AuditImmutable):
        subject.delete()
    with pytest.raises(AuditImmutable):
        AuditEventSubject.objects.filter(pk=subject.pk).update(object_uuid=search.uuid)
    with pytest.raises(AuditImmutable):
        AuditEventSubject.objects.all().delete()


def _refused_by_database(sql: str, params: list) -> str:
    """Run raw SQL that the database must refuse; return its error message."""
    # The savepoint (atomic inside raises) keeps the test's transaction usable after the error.
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(refused.value)


def test_raw_sql_update_is_refused_by_the_database(event):
    # Both PostgreSQL and SQLite carry a trigger that refuses UPDATE (migration 0002).
    message = _refused_by_database(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", [AuditEvent.Action.LOGIN, event.pk]
    )
    assert "append-only" in message
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.VIEW


def test_raw_sql_update_of_search_subjects_is_refused_by_the_database(search):
    subject = search.subjects.get()
    message = _refused_by_database(
        "UPDATE audit_auditeventsubject SET object_uuid = %s WHERE id = %s",
        [
            AuditEventSubject._meta.get_field("object_uuid").get_db_prep_value(search.uuid, connection),
            subject.pk,
        ],
    )
    assert "append-only" in message
    assert AuditEventSubject.objects.get(pk=subject.pk).object_uuid == subject.object_uuid


def test_raw_sql_delete_is_refused_where_the_database_can_refuse_it(event, search):
    if connection.vendor == "postgresql":
        for table, pk in (
            ("audit_auditevent", event.pk),
            ("audit_auditeventsubject", search.subjects.get().pk),
        ):
            message = _refused_by_database(f"DELETE FROM {table} WHERE id = %s", [pk])
            assert "append-only" in message
            assert "DELETE" in message
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        assert search.subjects.exists()
    else:
        # SQLite (the embedded laptop mode) refuses UPDATE in the database but cannot refuse
        # DELETE: the test suite's transactional tests empty every table with DELETE between
        # tests. Deletes are refused by the model and queryset, and the UPDATE triggers exist.
        assert connection.vendor == "sqlite"
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%%'")
            triggers = {row[0] for row in cursor.fetchall()}
        assert triggers == {"audit_auditevent_no_update", "audit_auditeventsubject_no_update"}
        with pytest.raises(AuditImmutable):
            AuditEvent.objects.filter(pk=event.pk).delete()


def test_no_personal_data_in_audit_events(world, caseworker_ke):
    person = register_person(
        country=world.ke,
        acting_user=caseworker_ke,
        given_name="Wanjirukwa",
        family_name="Odhiambotelo",
        other_names="Kamaruzzle",
        date_of_birth=datetime.date(2015, 4, 17),
    )
    update_person(
        person,
        acting_user=caseworker_ke,
        expected_version=person.version,
        family_name="Nyamburatelo",
        other_names="Kipchumbazzle",
    )
    record_read(person, actor=caseworker_ke)
    record_search(Person, actor=caseworker_ke, query_present=True, result_uuids=[person.uuid])
    events = list(AuditEvent.objects.all())
    assert {e.action for e in events} >= {AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE}
    stored = json.dumps(
        [
            [e.object_type, e.object_reference, e.fields, e.detail, e.channel, e.request_id]
            for e in AuditEvent.objects.values_list(
                "object_type", "object_reference", "fields", "detail", "channel", "request_id", named=True
            )
        ]
    ).lower()
    for secret in ("wanjirukwa", "odhiambotelo", "kamaruzzle", "nyamburatelo", "kipchumbazzle", "2015-04-17"):
        assert secret not in stored
    # What is stored instead: the names of the fields, and the record's reference.
    update = next(e for e in events if e.action == AuditEvent.Action.UPDATE)
    assert update.fields == ["family_name", "other_names"]
    assert update.object_reference == person.reference


def test_concerning_finds_reads_writes_and_searches_that_listed_the_record(world, child_ke, caseworker_ke):
    other = PersonFactory(country=world.ke)
    read = record_read(child_ke, actor=caseworker_ke)
    listed = record_search(
        Person,
        actor=caseworker_ke,
        query_present=False,
        result_uuids=[child_ke.uuid, str(child_ke.uuid), other.uuid],
    )
    not_listed = record_search(Person, actor=caseworker_ke, query_present=True, result_uuids=[other.uuid])
    other_read = record_read(other, actor=caseworker_ke)
    assert set(AuditEvent.objects.concerning(child_ke.uuid)) == {read, listed}
    assert set(AuditEvent.objects.concerning(other.uuid)) == {listed, not_listed, other_read}
    # Each listed record is stored once, readable in the detail and indexed as a subject.
    assert listed.detail["results"] == [str(child_ke.uuid), str(other.uuid)]
    assert sorted(str(s.object_uuid) for s in listed.subjects.all()) == sorted(listed.detail["results"])


def test_event_labels_are_translated_names_not_codes(event, search):
    assert event.record_type_label == "person"
    assert search.record_type_label == "person"
    update = record_event(
        AuditEvent.Action.UPDATE,
        obj=Person.objects.get(uuid=event.object_uuid),
        fields=["given_name", "gone"],
    )
    assert update.field_labels == ["given name", "gone"]
    assert update.channel_label == "Command"


def test_migration_backfills_subjects_of_earlier_searches(child_ke, caseworker_ke):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("trygg.audit.migrations.0003_subjects")
    # A search written before the subject table existed: results only in the detail.
    earlier = AuditEvent.objects.create(
        actor=caseworker_ke,
        action=AuditEvent.Action.SEARCH,
        detail={"model": "people.person", "results": [str(child_ke.uuid), "not-a-uuid"]},
    )
    assert not AuditEvent.objects.concerning(child_ke.uuid).exists()
    migration.backfill_subjects(apps, None)
    assert list(AuditEvent.objects.concerning(child_ke.uuid)) == [earlier]
