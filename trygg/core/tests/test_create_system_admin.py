"""`manage.py create_system_admin`: the first account of a new installation."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from trygg.accounts.models import User
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.scoping import grants_for

GOOD_PASSWORD = "kettle orbit lantern 93"


def create(email="ingrid.dahl@example.org", full_name="Ingrid Dahl") -> str:
    out = StringIO()
    call_command("create_system_admin", email=email, full_name=full_name, stdout=out)
    return out.getvalue()


def test_creates_a_global_administrator_and_audits_it(db, monkeypatch):
    monkeypatch.setenv("TRYGG_ADMIN_PASSWORD", GOOD_PASSWORD)
    create(email=" Ingrid.Dahl@Example.org ")
    user = User.objects.get(email="ingrid.dahl@example.org")
    assert user.check_password(GOOD_PASSWORD)
    assert not user.is_demo_account
    assert [m.role for m in user.memberships.all()] == [Role.SYSTEM_ADMINISTRATOR]
    assert all(grant.is_global for grant in grants_for(user, "user.add"))
    events = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, channel="command")
    assert {event.object_type for event in events} == {"accounts.user", "accounts.membership"}
    assert "Ingrid" not in str([event.detail for event in events])


@pytest.mark.parametrize("password", ["short", "password1234", "123456789012345"])
def test_refuses_a_weak_password(db, monkeypatch, password):
    monkeypatch.setenv("TRYGG_ADMIN_PASSWORD", password)
    with pytest.raises(CommandError):
        create()
    assert not User.objects.exists()


def test_refuses_an_existing_address(db, monkeypatch):
    monkeypatch.setenv("TRYGG_ADMIN_PASSWORD", GOOD_PASSWORD)
    create()
    with pytest.raises(CommandError, match="already exists"):
        create(email="INGRID.DAHL@example.org")
    assert User.objects.count() == 1


def test_asks_twice_and_refuses_a_mismatch(db, monkeypatch):
    monkeypatch.delenv("TRYGG_ADMIN_PASSWORD", raising=False)
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="do not match"):
        create()
    assert not User.objects.exists()
