"""User administration pages: scoped lists and details, creating users, roles, deactivation."""

import pytest
from django.urls import reverse

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.testing import TEST_PASSWORD

from .factories import MembershipFactory

USERS = "/accounts/users/"


def detail_url(user):
    return reverse("accounts:user_detail", kwargs={"uuid": user.uuid})


def test_country_admin_lists_only_users_of_their_country(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.get(USERS)
    assert response.status_code == 200
    listed = set(response.context["user_list"])
    assert world.user("KE", Role.CASEWORKER) in listed
    assert world.user("NP", Role.CASEWORKER) not in listed
    assert world.system_admin not in listed
    assert "caseworker.np@example.org" not in response.content.decode()


def test_system_admin_lists_everyone(world, login):
    response = login(world.system_admin).get(USERS)
    assert set(response.context["user_list"]) == set(User.objects.all())


def test_search_by_name_or_email(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    MembershipFactory(user__full_name="Ágota Wanjiru", user__email="agota@example.org", country=world.ke)
    names = [u.full_name for u in client.get(USERS, {"q": "wanjiru"}).context["user_list"]]
    assert names == ["Ágota Wanjiru"]
    emails = [u.email for u in client.get(USERS, {"q": "AGOTA@"}).context["user_list"]]
    assert emails == ["agota@example.org"]
    assert not client.get(USERS, {"q": "caseworker NP"}).context["user_list"]


def test_live_search_returns_only_the_results(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.get(USERS, {"q": "supervisor"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="user-results"')
    assert "<html" not in content and "supervisor.ke@example.org" in content


def test_status_filter(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    inactive = world.user("KE", Role.ANALYST)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    assert list(client.get(USERS, {"status": "inactive"}).context["user_list"]) == [inactive]
    assert inactive not in client.get(USERS, {"status": "active"}).context["user_list"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.THERAPIST])
def test_staff_without_user_permission_get_404(world, login, role):
    client = login(world.user("KE", role))
    assert client.get(USERS).status_code == 404
    assert client.get(detail_url(world.user("KE", Role.SUPERVISOR))).status_code == 404
    assert client.get(reverse("accounts:user_create")).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_user_list_runs_a_constant_number_of_queries(world, login, django_assert_max_num_queries, rows):
    for i in range(rows):
        membership = MembershipFactory(country=world.ke, site=world.sites["KE"])
        Membership.objects.create(user=membership.user, role=Role.SUPERVISOR, country=world.ke)
        if i % 2:
            Membership.objects.create(user=membership.user, role=Role.CASEWORKER, country=world.np)
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    with django_assert_max_num_queries(12):
        response = client.get(USERS)
    assert response.status_code == 200
    assert len(response.context["user_list"]) >= rows


def test_detail_shows_memberships_in_scope_only(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    user = world.user("KE", Role.CASEWORKER)
    Membership.objects.create(user=user, role=Role.TRACING_OFFICER, country=world.np)
    response = client.get(detail_url(user))
    assert response.status_code == 200
    roles = {m.role for m in response.context["memberships"]}
    assert roles == {Role.CASEWORKER}


def test_other_countrys_user_gets_404(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    nepali = world.user("NP", Role.CASEWORKER)
    for name in ("user_detail", "membership_add", "user_deactivate", "user_reactivate", "user_set_password"):
        url = reverse(f"accounts:{name}", kwargs={"uuid": nepali.uuid})
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("accounts:user_deactivate", kwargs={"uuid": nepali.uuid})).status_code == 404
    membership = nepali.memberships.get()
    assert (
        client.post(reverse("accounts:membership_end", kwargs={"uuid": membership.uuid})).status_code == 404
    )
    assert Membership.objects.get(pk=membership.pk).is_active
    assert User.objects.get(pk=nepali.pk).is_active


def test_create_user_form_offers_only_the_admins_scope(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    form = client.get(reverse("accounts:user_create")).context["form"]
    assert list(form.fields["country"].queryset) == [world.ke]
    assert Role.SYSTEM_ADMINISTRATOR not in dict(form.fields["role"].choices)
    assert set(form.fields["site"].queryset) == {world.sites["KE"]}
    assert set(form.fields["programme"].queryset) == {world.programmes["KE"]}


def test_create_user_through_the_form(world, login):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    client = login(admin)
    data = {
        "email": "amani@example.org",
        "full_name": "Amani Otieno",
        "role": Role.SUPERVISOR,
        "country": world.ke.pk,
        "site": world.sites["KE"].pk,
        "password1": "lantern granite kettle 3",
        "password2": "lantern granite kettle 3",
    }
    response = client.post(reverse("accounts:user_create"), data)
    user = User.objects.get(email="amani@example.org")
    assert response.status_code == 302 and response.url == detail_url(user)
    assert user.memberships.get().site == world.sites["KE"]

    refused = client.post(
        reverse("accounts:user_create"), data | {"email": "b@example.org", "country": world.np.pk}
    )
    assert refused.status_code == 400
    assert "country" in refused.context["form"].errors
    weak = client.post(
        reverse("accounts:user_create"),
        data | {"email": "c@example.org", "password1": "short", "password2": "short"},
    )
    assert weak.status_code == 400 and "password1" in weak.context["form"].errors
    assert not User.objects.filter(email__in=["b@example.org", "c@example.org"]).exists()


def test_add_membership_in_other_country_is_refused_by_the_form(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    user = world.user("KE", Role.CASEWORKER)
    url = reverse("accounts:membership_add", kwargs={"uuid": user.uuid})
    response = client.post(url, {"role": Role.SUPERVISOR, "country": world.np.pk})
    assert response.status_code == 400
    assert "country" in response.context["form"].errors
    response = client.post(url, {"role": Role.SYSTEM_ADMINISTRATOR})
    assert response.status_code == 400 and "role" in response.context["form"].errors
    assert user.memberships.count() == 1
    response = client.post(
        url, {"role": Role.SUPERVISOR, "country": world.ke.pk, "valid_until": "2099-01-31"}
    )
    assert response.status_code == 302
    assert user.memberships.filter(role=Role.SUPERVISOR, country=world.ke).exists()


def test_system_admin_can_grant_system_administrator(world, login):
    client = login(world.system_admin)
    user = world.user("NP", Role.ANALYST)
    url = reverse("accounts:membership_add", kwargs={"uuid": user.uuid})
    response = client.post(url, {"role": Role.SYSTEM_ADMINISTRATOR})
    assert response.status_code == 302
    assert user.memberships.filter(role=Role.SYSTEM_ADMINISTRATOR, country=None).exists()


def test_end_membership_with_confirmation(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    user = world.user("KE", Role.CASEWORKER)
    membership = user.memberships.get()
    url = reverse("accounts:membership_end", kwargs={"uuid": membership.uuid})
    page = client.get(url)
    assert page.status_code == 200 and "Are you sure?" in page.content.decode()
    assert Membership.objects.get(pk=membership.pk).is_active
    response = client.post(url)
    assert response.status_code == 302 and response.url == detail_url(user)
    assert not Membership.objects.get(pk=membership.pk).is_active


def test_deactivate_and_reactivate_with_confirmation(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    user = world.user("KE", Role.CASEWORKER)
    url = reverse("accounts:user_deactivate", kwargs={"uuid": user.uuid})
    assert "logged out everywhere" in client.get(url).content.decode()
    assert User.objects.get(pk=user.pk).is_active
    response = client.post(url, follow=True)
    assert "has been deactivated" in response.content.decode()
    assert not User.objects.get(pk=user.pk).is_active
    client.post(reverse("accounts:user_reactivate", kwargs={"uuid": user.uuid}))
    assert User.objects.get(pk=user.pk).is_active


def test_deactivating_someone_who_works_elsewhere_is_explained(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    user = world.user("KE", Role.CASEWORKER)
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.np)
    response = client.post(reverse("accounts:user_deactivate", kwargs={"uuid": user.uuid}), follow=True)
    assert "ask a system administrator" in response.content.decode()
    assert User.objects.get(pk=user.pk).is_active


def test_admin_sets_a_password(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    user = world.user("KE", Role.CASEWORKER)
    url = reverse("accounts:user_set_password", kwargs={"uuid": user.uuid})
    response = client.post(
        url, {"password1": "kettle lantern granite 5", "password2": "kettle lantern granite 6"}
    )
    assert response.status_code == 400
    response = client.post(
        url, {"password1": "kettle lantern granite 5", "password2": "kettle lantern granite 5"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("kettle lantern granite 5")
    assert AuditEvent.objects.filter(object_uuid=user.uuid, fields=["password"]).exists()


def test_data_protection_officer_reads_but_cannot_change(world, login):
    client = login(world.user("KE", Role.DATA_PROTECTION_OFFICER))
    user = world.user("KE", Role.CASEWORKER)
    assert client.get(USERS).status_code == 200
    page = client.get(detail_url(user))
    assert page.status_code == 200
    assert "Deactivate user" not in page.content.decode()
    assert client.post(reverse("accounts:user_deactivate", kwargs={"uuid": user.uuid})).status_code == 404
    assert client.get(reverse("accounts:user_create")).status_code == 404
    assert User.objects.get(pk=user.pk).is_active


def test_nav_link_to_users(world, login):
    content = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR)).get("/").content.decode()
    assert f'href="{USERS}"' in content
    assert TEST_PASSWORD not in content
