"""The administrator's pages for indicator lists, indicators, translations and screening rules."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.indicator_data import load_default_indicators
from trygg.cases.models import Indicator, IndicatorList, ScreeningRule


@pytest.fixture
def loaded(db):
    load_default_indicators()
    return IndicatorList.objects.get(code="child_labour")


def _admin_urls(indicator_list):
    indicator = indicator_list.indicators.first()
    rule = ScreeningRule.objects.get(country__isnull=True)
    return [
        reverse("cases:indicator_list_index"),
        reverse("cases:indicator_list_create"),
        reverse("cases:indicator_list_detail", kwargs={"uuid": indicator_list.uuid}),
        reverse("cases:indicator_list_edit", kwargs={"uuid": indicator_list.uuid}),
        reverse("cases:indicator_add", kwargs={"uuid": indicator_list.uuid}),
        reverse("cases:indicator_edit", kwargs={"uuid": indicator.uuid}),
        reverse("cases:screening_rule_index"),
        reverse("cases:screening_rule_create"),
        reverse("cases:screening_rule_edit", kwargs={"uuid": rule.uuid}),
    ]


def test_the_system_administrator_sees_the_draft_list_and_its_indicators(world, loaded, login):
    client = login(world.system_admin)
    for url in _admin_urls(loaded):
        assert client.get(url).status_code == 200, url
    index = client.get(reverse("cases:indicator_list_index")).content.decode()
    assert "Draft — to be reviewed by the organisation" in index
    detail = client.get(reverse("cases:indicator_list_detail", kwargs={"uuid": loaded.uuid})).content.decode()
    assert "Deceived about access to education opportunities" in detail
    assert "Lurt om tilgang til utdanning" in detail


@pytest.mark.parametrize(
    "country,role",
    [
        ("KE", Role.CASEWORKER),
        ("KE", Role.SUPERVISOR),
        ("KE", Role.COUNTRY_ADMINISTRATOR),
        ("KE", Role.DATA_PROTECTION_OFFICER),
        ("NP", Role.COUNTRY_ADMINISTRATOR),
    ],
)
def test_everyone_else_gets_404(world, loaded, login, country, role):
    client = login(world.user(country, role))
    for url in _admin_urls(loaded):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert Indicator.objects.filter(edited_by_admin=True).count() == 0


def test_the_administrator_corrects_a_strength_and_translates_a_text(world, loaded, login):
    client = login(world.system_admin)
    indicator = Indicator.objects.get(code="ec_hazardous_work")
    url = reverse("cases:indicator_edit", kwargs={"uuid": indicator.uuid})
    form = client.get(url).content.decode()
    assert 'name="text_nb"' in form and "Farlig arbeid" in form
    data = {
        "version": 1,
        "dimension": "exploitative_conditions",
        "strength": "strong",
        "text": "Hazardous work",
        "text_nb": "Farlig arbeid for barn",
        "order": indicator.order,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.strength, indicator.translations, indicator.edited_by_admin) == (
        "strong",
        {"nb": "Farlig arbeid for barn"},
        True,
    )
    assert AuditEvent.objects.filter(object_uuid=indicator.uuid, action="update").exists()
    stale = client.post(url, data)
    assert stale.status_code == 409
    # Reloading the shipped data keeps the correction.
    load_default_indicators()
    indicator.refresh_from_db()
    assert indicator.strength == "strong"


def test_the_administrator_adds_a_sexual_exploitation_list_and_its_indicators(world, loaded, login):
    client = login(world.system_admin)
    response = client.post(
        reverse("cases:indicator_list_create"),
        {
            "code": "child_sexual_exploitation",
            "name": "Indicators of sexual exploitation of children",
            "name_nb": "Indikatorer for seksuell utnytting av barn",
            "is_draft": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    new_list = IndicatorList.objects.get(code="child_sexual_exploitation")
    assert (
        new_list.name_translations == {"nb": "Indikatorer for seksuell utnytting av barn"}
        and new_list.is_draft
    )
    added = client.post(
        reverse("cases:indicator_add", kwargs={"uuid": new_list.uuid}),
        {
            "code": "ec_forced_clients",
            "dimension": "exploitative_conditions",
            "strength": "strong",
            "text": "Forced to serve clients",
            "text_nb": "Tvunget til å betjene kunder",
            "is_active": "on",
        },
    )
    assert added.status_code == 302
    assert new_list.indicators.get().translations == {"nb": "Tvunget til å betjene kunder"}
    duplicate = client.post(
        reverse("cases:indicator_list_create"), {"code": "child_sexual_exploitation", "name": "Again"}
    )
    assert duplicate.status_code == 400


def test_the_administrator_sets_a_country_rule(world, loaded, login):
    client = login(world.system_admin)
    response = client.post(
        reverse("cases:screening_rule_create"),
        {
            "country": "KE",
            "c0_strong": 2,
            "c1_strong": 1,
            "c1_medium": 2,
            "note": "Reviewed with the ministry",
        },
    )
    assert response.status_code == 302
    rule = ScreeningRule.objects.get(country=world.ke)
    assert rule.combinations == [
        {"strong": 2, "medium": 0, "weak": 0, "medium_or_weak": 0},
        {"strong": 1, "medium": 2, "weak": 0, "medium_or_weak": 0},
    ]
    index = client.get(reverse("cases:screening_rule_index")).content.decode()
    assert "1 strong + 2 medium" in index and "Organisation default" in index
    empty = client.post(reverse("cases:screening_rule_edit", kwargs={"uuid": rule.uuid}), {"version": 1})
    assert empty.status_code == 400
    assert "Give at least one combination" in empty.content.decode()


def test_admin_pages_run_a_constant_number_of_queries(world, loaded, login, django_assert_max_num_queries):
    client = login(world.system_admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("cases:indicator_list_index"))
    with django_assert_max_num_queries(12):
        client.get(reverse("cases:indicator_list_detail", kwargs={"uuid": loaded.uuid}))
