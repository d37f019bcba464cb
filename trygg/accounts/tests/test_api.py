"""API tokens: issued only to a session that passed a real second factor, shown once, revocable."""

import pytest
from rest_framework.test import APIClient

from trygg.accounts import services
from trygg.accounts.models import ApiToken
from trygg.accounts.roles import Role
from trygg.accounts.second_factor import DEMO_SKIP_SESSION_KEY
from trygg.audit.models import AuditEvent

TOKENS = "/api/v1/tokens/"


def revoke_url(token_uuid):
    return f"{TOKENS}{token_uuid}/revoke/"


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_verified_session_creates_a_token_shown_once(world, api_login):
    user = world.user("KE", Role.CASEWORKER)
    client = api_login(user)
    response = client.post(TOKENS, {"name": "statistics script"})
    assert response.status_code == 201
    key = response.json()["key"]
    assert key.startswith("tryg_") and len(key) > 40
    token = ApiToken.objects.get(uuid=response.json()["uuid"])
    assert token.user == user and token.key_hash == ApiToken.hash_key(key)
    listed = client.get(TOKENS).json()["results"]
    assert [row["name"] for row in listed] == ["statistics script"]
    assert "key" not in listed[0] and "key_hash" not in listed[0]
    assert key not in str(listed)
    event = AuditEvent.objects.get(action=AuditEvent.Action.TOKEN, object_uuid=token.uuid)
    assert event.actor == user and event.detail == {"event": "created"}
    assert key not in str(event.detail)


def test_token_authenticates_until_revoked(world, api_login):
    user = world.user("KE", Role.CASEWORKER)
    key = api_login(user).post(TOKENS, {"name": "script"}).json()["key"]
    client = token_client(key)
    response = client.get(TOKENS)
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None
    response = client.post(revoke_url(token.uuid))
    assert response.status_code == 200 and response.json()["revoked_at"] is not None
    assert client.get(TOKENS).status_code == 401
    assert token_client("tryg_not-a-real-key").get(TOKENS).status_code == 401


def test_token_stops_working_when_the_user_is_deactivated(world, api_login):
    user = world.user("KE", Role.CASEWORKER)
    key = api_login(user).post(TOKENS, {"name": "script"}).json()["key"]
    assert token_client(key).get(TOKENS).status_code == 200
    services.deactivate_user(user, acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    assert token_client(key).get(TOKENS).status_code == 401
    # Reactivating the user does not revive the token.
    services.reactivate_user(user, acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    assert token_client(key).get(TOKENS).status_code == 401


def test_a_token_cannot_mint_tokens(world, api_login):
    user = world.user("KE", Role.CASEWORKER)
    key = api_login(user).post(TOKENS, {"name": "script"}).json()["key"]
    response = token_client(key).post(TOKENS, {"name": "another"})
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
    assert ApiToken.objects.filter(user=user).count() == 1


def test_demo_skip_does_not_count_for_tokens(world, settings, api_client):
    settings.TRYGG_DEMO_SKIP_2FA = True
    user = world.user("KE", Role.CASEWORKER)
    user.is_demo_account = True
    user.save()
    api_client.force_login(user)
    session = api_client.session
    session[DEMO_SKIP_SESSION_KEY] = True
    session.save()
    # The demo session may use the API...
    assert api_client.get(TOKENS).status_code == 200
    # ...but not mint tokens.
    response = api_client.post(TOKENS, {"name": "script"})
    assert response.status_code == 403
    assert "demo" in response.json()["detail"]
    assert not ApiToken.objects.filter(user=user).exists()


def test_password_only_session_gets_nothing(world, api_client):
    user = world.user("KE", Role.CASEWORKER)
    api_client.force_login(user)
    assert api_client.get(TOKENS).status_code in (401, 403)
    assert api_client.post(TOKENS, {"name": "script"}).status_code in (401, 403)
    assert not ApiToken.objects.filter(user=user).exists()


def test_anonymous_gets_401(api_client):
    assert api_client.get(TOKENS).status_code == 401


def test_other_users_tokens_are_not_found(world, api_login):
    owner = world.user("NP", Role.CASEWORKER)
    token, _key = services.create_api_token(user=owner, name="theirs", acting_user=owner)
    for caller in (world.user("KE", Role.CASEWORKER), world.user("NP", Role.COUNTRY_ADMINISTRATOR)):
        client = api_login(caller)
        assert client.post(revoke_url(token.uuid)).status_code == 404
        assert client.get(TOKENS).json()["results"] == []
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_name_is_required(world, api_login):
    response = api_login(world.user("KE", Role.CASEWORKER)).post(TOKENS, {"name": ""})
    assert response.status_code == 400 and "name" in response.json()


@pytest.mark.parametrize("rows", [3, 30])
def test_token_list_runs_a_constant_number_of_queries(world, api_login, django_assert_max_num_queries, rows):
    user = world.user("KE", Role.CASEWORKER)
    for i in range(rows):
        services.create_api_token(user=user, name=f"script {i}", acting_user=user)
    client = api_login(user)
    with django_assert_max_num_queries(8):
        response = client.get(TOKENS)
    assert response.json()["count"] == rows


def test_schema_describes_the_token_endpoints(world, api_login):
    schema = api_login(world.user("KE", Role.CASEWORKER)).get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/tokens/" in paths and "/api/v1/tokens/{uuid}/revoke/" in paths
