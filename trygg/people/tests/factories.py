import factory

from trygg.core.models import ReferenceCounter
from trygg.core.text import normalise
from trygg.geo.models import Country
from trygg.people.models import Gender, Household, HouseholdMember, Person, Relationship
from trygg.people.services import index_names


class PersonFactory(factory.django.DjangoModelFactory):
    """Builds a person as the service would (reference and search text filled in)."""

    class Meta:
        model = Person

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    gender = factory.Iterator([Gender.FEMININE, Gender.MASCULINE])
    date_of_birth = factory.Faker("date_of_birth", minimum_age=3, maximum_age=17)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        if not person.reference:
            number = ReferenceCounter.next_value(f"{person.country.code}-P")
            person.reference = f"{person.country.code}-P-{number:06d}"
        person.search_text = normalise(
            person.given_name,
            person.family_name,
            person.other_names,
            person.name_in_own_script,
            person.reference,
        )
        person.save()
        index_names(person)
        return person


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    name = factory.Faker("last_name")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        household = model_class(*args, **kwargs)
        if not household.reference:
            number = ReferenceCounter.next_value(f"{household.country.code}-H")
            household.reference = f"{household.country.code}-H-{number:06d}"
        household.search_text = normalise(household.name, household.reference)
        household.save()
        return household


class RelationshipFactory(factory.django.DjangoModelFactory):
    """`relative` is `kind` of `person`, in the person's country."""

    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory)
    relative = factory.SubFactory(PersonFactory, country=factory.SelfAttribute("..person.country"))
    country = factory.SelfAttribute("person.country")
    kind = Relationship.Kind.MOTHER


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory, country=factory.SelfAttribute("..household.country"))
    country = factory.SelfAttribute("household.country")
    role = HouseholdMember.Role.CHILD
