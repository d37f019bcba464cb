"""Location pages: browsing the hierarchy, adding and changing locations, importing a CSV file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.geo.models import Location, LocationImport
from trygg.geo.tests.factories import LocationFactory, LocationImportFactory

HEADER = "level,code,name,parent_code\n"
CSV = HEADER + "2,KE-30-01,Westlands,KE-30\n1,KE-30,Nairobi,\n3,KE-30-01-01,Parklands,KE-30-01\n"


@pytest.fixture
def nairobi(world):
    region = LocationFactory(country=world.ke, level=1, code="KE-30", name="Nairobi")
    westlands = LocationFactory(country=world.ke, level=2, code="KE-30-1", name="Westlands", parent=region)
    LocationFactory(country=world.ke, level=3, code="KE-30-1-1", name="Parklands", parent=westlands)
    LocationFactory(country=world.ke, level=1, code="KE-01", name="Mombasa")
    return region


def codes(response):
    return [line.split('"')[1] for line in response.content.decode().split("data-code=")[1:]]


def list_url(code="KE"):
    return reverse("geo:location_list", kwargs={"country": code})


# Browsing ---------------------------------------------------------------------------------------


def test_top_level_then_children(world, login, nairobi):
    client = login(world.user("KE", Role.CASEWORKER))
    top = client.get(list_url())
    assert top.status_code == 200
    assert codes(top) == ["KE-01", "KE-30"]
    children = client.get(list_url(), {"parent": str(nairobi.uuid)})
    assert codes(children) == ["KE-30-1"]
    assert "Nairobi" in children.content.decode()


def test_search_covers_every_level_and_level_filter(world, login, nairobi):
    client = login(world.user("KE", Role.CASEWORKER))
    assert codes(client.get(list_url(), {"q": "park"})) == ["KE-30-1-1"]
    assert codes(client.get(list_url(), {"q": "ke-30-1"})) == ["KE-30-1"]
    assert codes(client.get(list_url(), {"level": "2"})) == ["KE-30-1"]


def test_live_search_returns_only_the_results(world, login, nairobi):
    response = login(world.user("KE", Role.CASEWORKER)).get(list_url(), {"q": "mom"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert codes(response) == ["KE-01"]


def test_country_can_come_from_the_query_string(world, login, nairobi):
    response = login(world.system_admin).get(reverse("geo:location_list"), {"country": "ke"})
    assert codes(response) == ["KE-01", "KE-30"]


def test_location_home_sends_a_one_country_user_to_their_country(world, login):
    response = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR)).get(reverse("geo:location_list"))
    assert response.status_code == 302
    assert response["Location"] == list_url()


def test_location_home_lets_a_global_user_choose(world, login):
    response = login(world.system_admin).get(reverse("geo:location_list"))
    assert response.status_code == 200
    assert list_url("KE") in response.content.decode()
    assert list_url("NP") in response.content.decode()


def test_reader_sees_no_administration_links(world, login, nairobi):
    body = login(world.user("KE", Role.CASEWORKER)).get(list_url()).content.decode()
    assert reverse("geo:location_create", kwargs={"country": "KE"}) not in body
    assert reverse("geo:location_import") not in body
    assert reverse("geo:location_edit", kwargs={"uuid": nairobi.uuid}) not in body


def test_administrator_sees_add_import_and_change_links(world, login, nairobi):
    body = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR)).get(list_url()).content.decode()
    assert reverse("geo:location_create", kwargs={"country": "KE"}) in body
    assert reverse("geo:location_import") in body
    assert reverse("geo:location_edit", kwargs={"uuid": nairobi.uuid}) in body


@pytest.mark.parametrize("role", [Role.COUNTRY_ADMINISTRATOR, Role.CASEWORKER])
def test_other_country_gets_404(world, login, nairobi, role):
    client = login(world.user("NP", role))
    assert client.get(list_url("KE")).status_code == 404
    assert client.get(reverse("geo:location_list"), {"country": "KE"}).status_code == 404
    assert client.get(list_url("NP"), {"parent": str(nairobi.uuid)}).status_code == 404
    assert client.get(list_url("NP"), {"parent": "not-a-uuid"}).status_code == 404
    edit = reverse("geo:location_edit", kwargs={"uuid": nairobi.uuid})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"code": "X", "name": "X", "version": 1}).status_code == 404
    assert client.get(reverse("geo:location_create", kwargs={"country": "KE"})).status_code == 404
    assert Location.objects.get(pk=nairobi.pk).name == "Nairobi"


def test_location_list_runs_a_constant_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    region = LocationFactory(country=world.ke, level=1)
    for rows in (3, 30):
        for _i in range(rows):
            district = LocationFactory(country=world.ke, level=2, parent=region)
            LocationFactory(country=world.ke, level=3, parent=district)
        with django_assert_max_num_queries(14):
            response = client.get(list_url(), {"parent": str(region.uuid)})
        assert len(codes(response)) >= rows
        with django_assert_max_num_queries(14):
            client.get(list_url(), {"level": "3"})


# Adding and changing ------------------------------------------------------------------------------


def test_administrator_adds_a_region_then_a_district(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    create = reverse("geo:location_create", kwargs={"country": "KE"})
    response = client.post(create, {"parent": "", "code": "KE-30", "name": "Nairobi"})
    assert response.status_code == 302
    region = Location.objects.get(code="KE-30")
    assert region.level == 1
    form = client.get(create, {"parent": str(region.uuid)})
    assert 'value="KE-30"' in form.content.decode()
    response = client.post(create, {"parent": "KE-30", "code": "KE-30-1", "name": "Westlands"})
    assert response.status_code == 302
    assert response["Location"] == f"{list_url()}?parent={region.uuid}"
    district = Location.objects.get(code="KE-30-1")
    assert (district.level, district.parent) == (2, region)


def test_add_location_errors_are_shown_on_the_fields(world, login, nairobi):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    create = reverse("geo:location_create", kwargs={"country": "KE"})
    unknown = client.post(create, {"parent": "KE-99", "code": "KE-99-1", "name": "Nowhere"})
    assert unknown.status_code == 200
    assert "No location in Kenya has the code KE-99." in unknown.content.decode()
    duplicate = client.post(create, {"parent": "", "code": "KE-30", "name": "Again"})
    assert "Another location in this country has the code KE-30." in duplicate.content.decode()
    assert Location.objects.filter(code="KE-30").count() == 1


def test_change_a_location_and_conflict(world, login, nairobi):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    edit = reverse("geo:location_edit", kwargs={"uuid": nairobi.uuid})
    form = client.get(edit).content.decode()
    assert 'name="version"' in form
    assert (
        client.post(edit, {"parent": "", "code": "KE-30", "name": "Nairobi City", "version": 1}).status_code
        == 302
    )
    stale = client.post(edit, {"parent": "", "code": "KE-30", "name": "Overwrite", "version": 1})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    assert Location.objects.get(pk=nairobi.pk).name == "Nairobi City"


def test_caseworker_cannot_change_locations(world, login, nairobi):
    client = login(world.user("KE", Role.CASEWORKER))
    edit = reverse("geo:location_edit", kwargs={"uuid": nairobi.uuid})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"code": "X", "name": "X", "version": 1}).status_code == 404
    assert client.get(reverse("geo:location_create", kwargs={"country": "KE"})).status_code == 404


# Importing ----------------------------------------------------------------------------------------


def upload(text: str | bytes, name="kenya.csv"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_upload_runs_the_import_in_embedded_mode(world, login, django_capture_on_commit_callbacks):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("geo:location_import"), {"country": "KE", "file": upload("\ufeff" + CSV)}
        )
    assert len(callbacks) == 1
    location_import = LocationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "geo:location_import_detail", kwargs={"uuid": location_import.uuid}
    )
    location_import.refresh_from_db()
    assert location_import.status == LocationImport.Status.DONE
    assert location_import.file_name == "kenya.csv"
    assert set(Location.objects.filter(country=world.ke).values_list("code", flat=True)) == {
        "KE-30",
        "KE-30-01",
        "KE-30-01-01",
    }
    page = client.get(response["Location"]).content.decode()
    assert "Done: 3 created, 0 updated, 0 unchanged." in page
    assert "hx-trigger" not in page


def test_uploading_the_same_file_again_changes_nothing(world, login, django_capture_on_commit_callbacks):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("geo:location_import"), {"country": "KE", "file": upload(CSV)})
    latest = LocationImport.objects.order_by("-id").first()
    assert (latest.created_count, latest.updated_count, latest.unchanged_count) == (0, 0, 3)
    assert Location.objects.filter(country=world.ke).count() == 3


def test_failed_import_page_lists_row_and_column(world, login, django_capture_on_commit_callbacks):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("geo:location_import"), {"country": "KE", "file": upload(CSV + "2,KE-9-1,X,KE-9\n")}
        )
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported." in page
    assert "<td>5</td><td>parent_code</td>" in page
    assert not Location.objects.exists()


def test_oversize_file_is_refused_with_a_form_error(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    big = HEADER + "1,KE-1,Nairobi,\n" * 150_000
    response = client.post(reverse("geo:location_import"), {"country": "KE", "file": upload(big)})
    assert response.status_code == 200
    assert "more than the limit of 2.0\xa0MB" in response.content.decode()
    assert not LocationImport.objects.exists()


def test_not_utf8_file_is_refused_with_a_form_error(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post(
        reverse("geo:location_import"),
        {"country": "KE", "file": upload((HEADER + "1,Ä,Å,\n").encode("latin-1"))},
    )
    assert "The file is not UTF-8 text." in response.content.decode()
    assert not LocationImport.objects.exists()


def test_import_form_offers_only_the_administrators_country(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    form = client.get(reverse("geo:location_import")).content.decode()
    assert 'value="KE" selected' in form
    assert 'value="NP"' not in form
    response = client.post(reverse("geo:location_import"), {"country": "NP", "file": upload(CSV)})
    assert response.status_code == 200
    assert not LocationImport.objects.exists()


def test_pending_import_page_polls_until_finished(world, login):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    location_import = LocationImportFactory(country=world.ke, created_by=admin)
    url = reverse("geo:location_import_detail", kwargs={"uuid": location_import.uuid})
    client = login(admin)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert f'hx-get="{url}"' in page
    LocationImport.objects.filter(pk=location_import.pk).update(status="done", created_count=1)
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<section id="import-status"')
    assert "hx-trigger" not in partial
    assert "Done: 1 created" in partial


@pytest.mark.parametrize("user", [("NP", Role.COUNTRY_ADMINISTRATOR), ("KE", Role.CASEWORKER)])
def test_import_pages_are_for_the_countrys_administrators(world, login, user):
    location_import = LocationImportFactory(
        country=world.ke, created_by=world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    )
    client = login(world.user(*user))
    url = reverse("geo:location_import_detail", kwargs={"uuid": location_import.uuid})
    assert client.get(url).status_code == 404
    if user[1] == Role.CASEWORKER:
        assert client.get(reverse("geo:location_import")).status_code == 404
        assert (
            client.post(reverse("geo:location_import"), {"country": "KE", "file": upload(CSV)}).status_code
            == 404
        )
    assert LocationImport.objects.count() == 1
