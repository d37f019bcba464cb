"""Shared pieces of the audit tests: a person, a clock to set, the data protection officers."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.people.tests.factories import PersonFactory


@contextmanager
def clock(moment: datetime.datetime):
    """Events written inside get `moment` as their time (auto_now_add reads timezone.now)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def moment(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=datetime.UTC)


@pytest.fixture
def dpo_ke(world):
    return world.user("KE", Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def dpo_np(world):
    return world.user("NP", Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def caseworker_ke(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def child_ke(world):
    return PersonFactory(country=world.ke)


@pytest.fixture
def child_np(world):
    return PersonFactory(country=world.np)


@pytest.fixture
def now():
    return timezone.now()
