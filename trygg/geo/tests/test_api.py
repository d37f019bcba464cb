"""REST API of the geo app: scoped like the pages, writes through services, versions on update."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.geo.models import Country, Location, LocationImport, Site
from trygg.geo.tests.factories import LocationFactory, LocationImportFactory, ProgrammeFactory, SiteFactory

HEADER = "level,code,name,parent_code\n"
CSV = HEADER + "2,KE-30-01,Westlands,KE-30\n1,KE-30,Nairobi,\n"
LIST_QUERY_BOUND = 12


# Sites -----------------------------------------------------------------------------------------


def test_sites_list_only_the_callers_country(world, api_login):
    SiteFactory(country=world.np)
    response = api_login(world.user("KE", Role.CASEWORKER)).get("/api/v1/sites/")
    assert response.status_code == 200
    assert [row["uuid"] for row in response.json()["results"]] == [str(world.sites["KE"].uuid)]
    row = response.json()["results"][0]
    assert row["country"] == "KE"
    assert row["programme"] == str(world.programmes["KE"].uuid)
    assert row["version"] == 1


def test_country_administrator_creates_a_site(world, api_login):
    location = LocationFactory(country=world.ke)
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post(
        "/api/v1/sites/",
        {
            "country": "ke",
            "name": "Youth house Kisumu",
            "kind": "youth_house",
            "programme": str(world.programmes["KE"].uuid),
            "location": str(location.uuid),
        },
    )
    assert response.status_code == 201, response.json()
    site = Site.objects.get(uuid=response.json()["uuid"])
    assert (site.country, site.location, site.created_by) == (
        world.ke,
        location,
        world.user("KE", Role.COUNTRY_ADMINISTRATOR),
    )
    assert AuditEvent.objects.filter(action="create", object_uuid=site.uuid, channel="api").exists()


def test_site_in_another_country_is_refused_on_the_country_field(world, api_login):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post("/api/v1/sites/", {"country": "NP", "name": "X", "kind": "office"})
    assert response.status_code == 400
    assert "country" in response.json()
    assert not Site.objects.filter(name="X").exists()


def test_site_programme_from_another_country_is_a_field_error(world, api_login):
    client = api_login(world.system_admin)
    response = client.post(
        "/api/v1/sites/",
        {"country": "KE", "name": "X", "kind": "office", "programme": str(world.programmes["NP"].uuid)},
    )
    assert response.status_code == 400
    assert "programme" in response.json()


def test_site_update_needs_the_current_version(world, api_login):
    site = world.sites["KE"]
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    url = f"/api/v1/sites/{site.uuid}/"
    assert client.patch(url, {"name": "No version"}).status_code == 400
    response = client.patch(url, {"name": "Village Nairobi", "version": 1})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = client.patch(url, {"name": "Overwrite", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    site.refresh_from_db()
    assert site.name == "Village Nairobi"


def test_site_country_cannot_change(world, api_login):
    client = api_login(world.system_admin)
    response = client.patch(f"/api/v1/sites/{world.sites['KE'].uuid}/", {"country": "NP", "version": 1})
    assert response.status_code == 400
    assert "country" in response.json()


def test_site_delete_is_soft_and_versioned(world, api_login):
    site = SiteFactory(country=world.ke)
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    assert client.delete(f"/api/v1/sites/{site.uuid}/?version=7").status_code == 409
    assert client.delete(f"/api/v1/sites/{site.uuid}/?version=1").status_code == 204
    assert Site.objects.filter(pk=site.pk, is_deleted=True).exists()
    assert client.get(f"/api/v1/sites/{site.uuid}/").status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST])
def test_non_administrators_read_sites_but_cannot_write(world, api_login, role):
    site = world.sites["KE"]
    client = api_login(world.user("KE", role))
    assert client.get(f"/api/v1/sites/{site.uuid}/").status_code == 200
    assert client.patch(f"/api/v1/sites/{site.uuid}/", {"name": "X", "version": 1}).status_code == 404
    assert client.delete(f"/api/v1/sites/{site.uuid}/").status_code == 404
    assert client.post("/api/v1/sites/", {"country": "KE", "name": "X", "kind": "office"}).status_code == 404
    assert Site.objects.get(pk=site.pk).name == "SOS Children's Village KE"


# Other country: every detail endpoint ------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COUNTRY_ADMINISTRATOR, Role.CASEWORKER])
def test_other_countrys_records_answer_404(world, api_login, role):
    location = LocationFactory(country=world.ke)
    location_import = LocationImportFactory(
        country=world.ke, created_by=world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    )
    urls = [
        f"/api/v1/sites/{world.sites['KE'].uuid}/",
        f"/api/v1/programmes/{world.programmes['KE'].uuid}/",
        f"/api/v1/locations/{location.uuid}/",
        f"/api/v1/location-imports/{location_import.uuid}/",
    ]
    client = api_login(world.user("NP", role))
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {"name": "Taken over", "version": 1}).status_code in (404, 405), url
    assert client.get(f"/api/v1/sites/{world.sites['NP'].uuid}/").status_code == 200
    assert Site.objects.get(pk=world.sites["KE"].pk).name == "SOS Children's Village KE"
    assert Location.objects.get(pk=location.pk).version == 1


# Programmes -----------------------------------------------------------------------------------


def test_programmes_crud(world, api_login):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post("/api/v1/programmes/", {"country": "KE", "name": "Youth Kenya", "kind": "youth"})
    assert response.status_code == 201, response.json()
    url = f"/api/v1/programmes/{response.json()['uuid']}/"
    assert client.patch(url, {"kind": "emergency", "version": 1}).json()["kind"] == "emergency"
    assert client.delete(f"{url}?version=2").status_code == 204
    with_sites = f"/api/v1/programmes/{world.programmes['KE'].uuid}/"
    refused = client.delete(with_sites)
    assert refused.status_code == 400
    assert "sites" in str(refused.json())


# Locations ------------------------------------------------------------------------------------


def test_locations_filter_by_country_level_parent_and_search(world, api_login):
    region = LocationFactory(country=world.ke, level=1, code="KE-30", name="Nairobi")
    westlands = LocationFactory(country=world.ke, level=2, code="KE-30-1", name="Westlands", parent=region)
    LocationFactory(country=world.ke, level=2, code="KE-30-2", name="Kibra", parent=region)
    LocationFactory(country=world.np, level=1, code="NP-3", name="Bagmati")
    client = api_login(world.system_admin)

    def codes(query):
        response = client.get(f"/api/v1/locations/?{query}")
        assert response.status_code == 200
        return [row["code"] for row in response.json()["results"]]

    assert codes("country=np") == ["NP-3"]
    assert codes("country=KE&level=2") == ["KE-30-2", "KE-30-1"]
    assert codes(f"parent={region.uuid}") == ["KE-30-2", "KE-30-1"]
    assert codes("q=west") == ["KE-30-1"]
    assert codes("q=ke-30-2") == ["KE-30-2"]
    row = client.get(f"/api/v1/locations/{westlands.uuid}/").json()
    assert (row["parent"], row["parent_code"], row["country"]) == (str(region.uuid), "KE-30", "KE")


def test_caseworker_reads_only_own_country_locations(world, api_login):
    LocationFactory(country=world.ke, code="KE-1")
    LocationFactory(country=world.np, code="NP-1")
    response = api_login(world.user("KE", Role.CASEWORKER)).get("/api/v1/locations/")
    assert [row["code"] for row in response.json()["results"]] == ["KE-1"]


def test_administrator_creates_and_updates_locations(world, api_login):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    region = client.post(
        "/api/v1/locations/", {"country": "KE", "level": 1, "code": "KE-30", "name": "Nairobi"}
    )
    assert region.status_code == 201, region.json()
    bad = client.post(
        "/api/v1/locations/",
        {
            "country": "KE",
            "level": 3,
            "code": "KE-30-1",
            "name": "Westlands",
            "parent": region.json()["uuid"],
        },
    )
    assert bad.status_code == 400
    assert "level" in bad.json()
    url = f"/api/v1/locations/{region.json()['uuid']}/"
    assert client.patch(url, {"name": "Nairobi City", "version": 1}).json()["name"] == "Nairobi City"
    assert client.patch(url, {"name": "Lost", "version": 1}).status_code == 409
    assert client.delete(url).status_code == 405


def test_caseworker_cannot_create_locations(world, api_login):
    client = api_login(world.user("KE", Role.CASEWORKER))
    response = client.post("/api/v1/locations/", {"country": "KE", "level": 1, "code": "KE-1", "name": "A"})
    assert response.status_code == 404
    assert not Location.objects.exists()


# Countries ------------------------------------------------------------------------------------


def test_countries_list_every_iso_country_with_translated_names(world, api_login):
    client = api_login(world.user("KE", Role.CASEWORKER))
    response = client.get("/api/v1/countries/?page_size=200")
    assert response.json()["count"] == Country.objects.count() >= 249
    norway = client.get("/api/v1/countries/NO/", HTTP_ACCEPT_LANGUAGE="nb").json()
    assert (norway["name"], norway["english_name"], norway["alpha3"]) == ("Norge", "Norway", "NOR")
    operating = client.get("/api/v1/countries/?is_operating=true").json()["results"]
    assert sorted(row["code"] for row in operating) == ["KE", "NP"]


def test_only_system_administrator_patches_is_operating(world, api_login):
    url = "/api/v1/countries/UG/"
    for user in (world.user("KE", Role.COUNTRY_ADMINISTRATOR), world.user("KE", Role.CASEWORKER)):
        assert api_login(user).patch(url, {"is_operating": True}).status_code == 404
    assert not Country.objects.get(code="UG").is_operating
    response = api_login(world.system_admin).patch(url, {"is_operating": True})
    assert response.status_code == 200
    assert response.json()["is_operating"] is True
    assert Country.objects.get(code="UG").is_operating
    assert api_login(world.system_admin).put(url, {"is_operating": False}).status_code == 405


# Location imports ------------------------------------------------------------------------------


def test_import_from_json_text_runs_after_commit(world, api_login, django_capture_on_commit_callbacks):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/location-imports/", {"country": "KE", "csv": CSV})
    assert response.status_code == 202, response.json()
    # The test's transaction commits only after the response, so it still said "pending".
    assert response.json()["status"] == "pending"
    assert response["Location"].endswith(f"/api/v1/location-imports/{response.json()['uuid']}/")
    body = client.get(response["Location"]).json()
    assert body["status"] == "done"
    assert (body["created_count"], body["updated_count"], body["unchanged_count"]) == (2, 0, 0)
    assert Location.objects.filter(country=world.ke).count() == 2


def test_import_from_uploaded_file_with_bom(world, api_login, django_capture_on_commit_callbacks):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    upload = SimpleUploadedFile("kenya.csv", ("\ufeff" + CSV).encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/location-imports/", {"country": "KE", "file": upload}, format="multipart"
        )
    assert response.status_code == 202, response.json()
    body = client.get(response["Location"]).json()
    assert (body["status"], body["created_count"], body["file_name"]) == ("done", 2, "kenya.csv")


def test_failed_import_reports_row_and_column(world, api_login, django_capture_on_commit_callbacks):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/location-imports/", {"country": "KE", "csv": HEADER + "2,KE-9,X,KE-0\n"}
        )
    status = client.get(f"/api/v1/location-imports/{response.json()['uuid']}/").json()
    assert status["status"] == "failed"
    assert [(e["row"], e["column"]) for e in status["errors"]] == [(2, "parent_code")]
    assert not Location.objects.exists()


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"country": "KE"}, "file"),
        ({"country": "KE", "csv": CSV, "file": "x"}, "file"),
        ({"country": "NP", "csv": CSV}, "country"),
        ({"country": "XX", "csv": CSV}, "country"),
    ],
    ids=["nothing", "both", "other-country", "unknown-country"],
)
def test_import_request_errors_name_the_field(world, api_login, payload, field):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = client.post("/api/v1/location-imports/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not LocationImport.objects.exists()


def test_oversize_uploads_are_refused(world, api_login):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    big = HEADER + "1,KE-1,Nairobi,\n" * 150_000
    upload = SimpleUploadedFile("big.csv", big.encode(), content_type="text/csv")
    response = client.post("/api/v1/location-imports/", {"country": "KE", "file": upload}, format="multipart")
    assert response.status_code == 413
    assert "2 MB" in response.json()["file"][0]
    response = client.post("/api/v1/location-imports/", {"country": "KE", "csv": big})
    assert response.status_code == 413
    assert "2 MB" in response.json()["csv"][0]
    assert not LocationImport.objects.exists()


def test_file_over_the_limit_in_a_body_under_it_is_refused(world, api_login, settings):
    # The body limit and the file limit are both 2 MB; with a larger body limit the file's own
    # check still answers, naming the field.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    big = HEADER + "1,KE-1,Nairobi,\n" * 150_000
    upload = SimpleUploadedFile("big.csv", big.encode(), content_type="text/csv")
    response = client.post("/api/v1/location-imports/", {"country": "KE", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert "2 MB" in response.json()["file"][0]
    response = client.post("/api/v1/location-imports/", {"country": "KE", "csv": big})
    assert response.status_code == 400
    assert "2 MB" in response.json()["csv"][0]
    assert not LocationImport.objects.exists()


def test_not_utf8_file_is_refused(world, api_login):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    upload = SimpleUploadedFile("latin1.csv", (HEADER + "1,KE-1,Murang'a Ä,\n").encode("latin-1"))
    response = client.post("/api/v1/location-imports/", {"country": "KE", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["file"][0]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DATA_PROTECTION_OFFICER])
def test_non_administrators_cannot_import_or_see_imports(world, api_login, role):
    location_import = LocationImportFactory(
        country=world.ke, created_by=world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    )
    client = api_login(world.user("KE", role))
    assert client.post("/api/v1/location-imports/", {"country": "KE", "csv": CSV}).status_code == 404
    assert client.get(f"/api/v1/location-imports/{location_import.uuid}/").status_code == 404
    assert client.get("/api/v1/location-imports/").json()["count"] == 0


# Query counts -----------------------------------------------------------------------------------


def _make_rows(world, endpoint, count):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    for _i in range(count):
        if endpoint == "sites":
            SiteFactory(
                country=world.ke, programme=world.programmes["KE"], location=LocationFactory(country=world.ke)
            )
        elif endpoint == "programmes":
            ProgrammeFactory(country=world.ke)
        elif endpoint == "locations":
            parent = LocationFactory(country=world.ke, level=1)
            LocationFactory(country=world.ke, level=2, parent=parent)
        elif endpoint == "location-imports":
            LocationImportFactory(country=world.ke, created_by=admin)


@pytest.mark.parametrize("endpoint", ["sites", "programmes", "locations", "location-imports", "countries"])
def test_list_endpoints_run_a_constant_number_of_queries(
    world, api_login, django_assert_max_num_queries, endpoint
):
    client = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    for rows in (3, 30):
        _make_rows(world, endpoint, rows)
        with django_assert_max_num_queries(LIST_QUERY_BOUND):
            response = client.get(f"/api/v1/{endpoint}/?page_size=100")
        assert response.status_code == 200
        assert response.json()["count"] >= rows
