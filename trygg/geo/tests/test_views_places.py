"""Programme and site pages: scoped lists, create / edit / delete, version conflicts, other country 404."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.geo.models import Programme, Site
from trygg.geo.tests.factories import LocationFactory, ProgrammeFactory, SiteFactory


def test_site_list_shows_only_the_users_country(world, login):
    response = login(world.user("KE", Role.CASEWORKER)).get(reverse("geo:site_list"))
    body = response.content.decode()
    assert "SOS Children&#x27;s Village KE" in body
    assert "SOS Children&#x27;s Village NP" not in body
    assert reverse("geo:site_create") not in body


def test_site_list_live_search(world, login):
    SiteFactory(country=world.ke, name="Youth house Kisumu")
    response = login(world.user("KE", Role.CASEWORKER)).get(
        reverse("geo:site_list"), {"q": "kisumu"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Youth house Kisumu" in body
    assert "Village KE" not in body
    assert "<html" not in body


@pytest.mark.parametrize("page", ["geo:site_list", "geo:programme_list"])
def test_lists_run_a_constant_number_of_queries(world, login, django_assert_max_num_queries, page):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    for rows in (3, 30):
        for _i in range(rows):
            programme = ProgrammeFactory(country=world.ke)
            SiteFactory(country=world.ke, programme=programme, location=LocationFactory(country=world.ke))
        with django_assert_max_num_queries(12):
            response = client.get(reverse(page))
        assert response.status_code == 200
        assert response.context["paginator"].count > rows


def test_country_administrator_creates_a_site(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    form = client.get(reverse("geo:site_create")).content.decode()
    assert 'value="KE"' in form
    assert 'value="NP"' not in form
    assert str(world.programmes["NP"].uuid) not in form
    LocationFactory(country=world.ke, code="KE-42", name="Kisumu")
    response = client.post(
        reverse("geo:site_create"),
        {
            "country": "KE",
            "name": "Youth house Kisumu",
            "kind": "youth_house",
            "programme": str(world.programmes["KE"].uuid),
            "location": "KE-42",
        },
    )
    site = Site.objects.get(name="Youth house Kisumu")
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:site_detail", kwargs={"uuid": site.uuid})
    assert (site.country, site.programme, site.location.code) == (world.ke, world.programmes["KE"], "KE-42")


def test_country_administrator_cannot_create_in_another_country(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post(reverse("geo:site_create"), {"country": "NP", "name": "X", "kind": "office"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Site.objects.filter(name="X").exists()


def test_programme_and_location_of_another_country_are_field_errors(world, login):
    LocationFactory(country=world.np, code="NP-3")
    client = login(world.system_admin)
    response = client.post(
        reverse("geo:site_create"),
        {"country": "KE", "name": "Mixed", "kind": "office", "programme": str(world.programmes["NP"].uuid)},
    )
    assert "The programme must be in the site&#x27;s country." in response.content.decode()
    response = client.post(
        reverse("geo:site_create"), {"country": "KE", "name": "Mixed", "kind": "office", "location": "NP-3"}
    )
    assert "No location in Kenya has the code NP-3." in response.content.decode()
    assert not Site.objects.filter(name="Mixed").exists()


def test_edit_site_and_conflict_answers_409(world, login):
    site = world.sites["KE"]
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    url = reverse("geo:site_edit", kwargs={"uuid": site.uuid})
    form = client.get(url).content.decode()
    assert 'type="hidden" name="version" value="1"' in form
    data = {
        "name": "Village Nairobi",
        "kind": "childrens_village",
        "programme": str(world.programmes["KE"].uuid),
    }
    assert client.post(url, {**data, "version": 1}).status_code == 302
    stale = client.post(url, {**data, "name": "Overwrite", "version": 1})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    site.refresh_from_db()
    assert (site.name, site.version) == ("Village Nairobi", 2)


def test_delete_site_is_soft_and_versioned(world, login):
    site = SiteFactory(country=world.ke, name="Old office")
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    url = reverse("geo:site_delete", kwargs={"uuid": site.uuid})
    assert client.post(url, {"version": 5}).status_code == 409
    assert client.post(url, {"version": 1}).status_code == 302
    assert Site.objects.filter(pk=site.pk, is_deleted=True).exists()
    assert "Old office" not in client.get(reverse("geo:site_list")).content.decode()
    assert client.get(reverse("geo:site_detail", kwargs={"uuid": site.uuid})).status_code == 404


def test_programme_create_edit_and_delete(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post(
        reverse("geo:programme_create"), {"country": "KE", "name": "Youth", "kind": "youth"}
    )
    programme = Programme.objects.get(name="Youth")
    assert response["Location"] == reverse("geo:programme_detail", kwargs={"uuid": programme.uuid})
    edit = reverse("geo:programme_edit", kwargs={"uuid": programme.uuid})
    assert client.post(edit, {"name": "Youth Kenya", "kind": "youth", "version": 1}).status_code == 302
    assert client.post(edit, {"name": "Lost", "kind": "youth", "version": 1}).status_code == 409
    delete = reverse("geo:programme_delete", kwargs={"uuid": programme.uuid})
    assert client.post(delete, {"version": 2}).status_code == 302
    assert Programme.objects.get(pk=programme.pk).is_deleted


def test_programme_with_sites_cannot_be_deleted(world, login):
    programme = world.programmes["KE"]
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post(reverse("geo:programme_delete", kwargs={"uuid": programme.uuid}), {"version": 1})
    assert response.status_code == 200
    assert "This programme still has sites." in response.content.decode()
    assert not Programme.objects.get(pk=programme.pk).is_deleted


def _detail_pages(world):
    site, programme = world.sites["KE"], world.programmes["KE"]
    return [
        reverse("geo:site_detail", kwargs={"uuid": site.uuid}),
        reverse("geo:site_edit", kwargs={"uuid": site.uuid}),
        reverse("geo:site_delete", kwargs={"uuid": site.uuid}),
        reverse("geo:programme_detail", kwargs={"uuid": programme.uuid}),
        reverse("geo:programme_edit", kwargs={"uuid": programme.uuid}),
        reverse("geo:programme_delete", kwargs={"uuid": programme.uuid}),
    ]


@pytest.mark.parametrize("role", [Role.COUNTRY_ADMINISTRATOR, Role.CASEWORKER])
def test_other_country_gets_404_on_every_page(world, login, role):
    client = login(world.user("NP", role))
    for url in _detail_pages(world):
        assert client.get(url).status_code == 404, url
        # Detail pages take no POST at all (405); the forms answer 404.
        expected = {404, 405} if url.count("/") == 4 else {404}
        assert client.post(url, {"name": "Taken", "kind": "office", "version": 1}).status_code in expected, (
            url
        )
    assert Site.objects.get(pk=world.sites["KE"].pk).version == 1
    assert not Site.objects.get(pk=world.sites["KE"].pk).is_deleted


def test_caseworker_reads_but_cannot_administer(world, login):
    client = login(world.user("KE", Role.CASEWORKER))
    pages = _detail_pages(world)
    detail = client.get(pages[0]).content.decode()
    assert pages[1] not in detail
    for url in (pages[0], pages[3]):
        assert client.get(url).status_code == 200
    for url in (*pages[1:3], *pages[4:], reverse("geo:site_create"), reverse("geo:programme_create")):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "X", "kind": "office", "version": 1}).status_code == 404, url
