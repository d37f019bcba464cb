"""Builders for geo records in tests, shaped the way the services leave them."""

import factory

from trygg.geo.models import Country, Location, LocationImport, Programme, Site


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    level = 1
    code = factory.Sequence(lambda n: f"L{n:05d}")
    name = factory.Sequence(lambda n: f"Place {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.CHILD_PROTECTION


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    name = factory.Sequence(lambda n: f"Site {n}")
    kind = Site.Kind.OFFICE


class LocationImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocationImport

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    content = "level,code,name,parent_code\n1,KE-01,Nairobi,\n"
