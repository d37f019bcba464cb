"""0002 indexes the children registered before tracing existed, so that the first requests find them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from trygg.people.tests.factories import PersonFactory

from ..models import ChildMatchKey
from ..records import blocking_keys, child_record
from .factories import born

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("tracing", "0001_initial")]
AFTER = [("tracing", "0002_backfill_child_keys")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_children_registered_before_tracing_get_their_keys():
    migrate(BEFORE)
    try:
        child = PersonFactory(given_name="Achieng", family_name="Odhiambo", date_of_birth=born(12))
        unknown_age = PersonFactory(given_name="Baraka", family_name="Otieno", date_of_birth=None)
        adult = PersonFactory(given_name="Mary", family_name="Odhiambo", date_of_birth=born(40))
        gone = PersonFactory(given_name="Amina", family_name="Abdi", date_of_birth=born(8), is_deleted=True)
        assert not ChildMatchKey.objects.exists()

        migrate(AFTER)

        keys = set(ChildMatchKey.objects.filter(person=child).values_list("key", flat=True))
        assert keys == set(blocking_keys(child_record(child)))
        assert ChildMatchKey.objects.filter(person=unknown_age).exists()
        assert not ChildMatchKey.objects.filter(person__in=[adult, gone]).exists()
        assert set(ChildMatchKey.objects.filter(person=child).values_list("country__code", flat=True)) == {
            "KE"
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
