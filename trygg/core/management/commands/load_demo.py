"""Load the embedded demo: operating countries, places, one demo account per role, invented families.

Idempotent: when the demo accounts already exist nothing is created again. Refuses to run in
production mode, where a published password would be an open door.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.care.demo import load_demo_care
from trygg.cases.synthetic.demo import load_demo_cases
from trygg.geo.models import Country, Location, Programme, Site
from trygg.people import services as people
from trygg.people.models import Gender, HouseholdMember, Relationship
from trygg.tracing.demo import load_demo_tracing

from ..demo_data import ACCOUNTS, DEMO_COUNTRIES, DEMO_PASSWORD, MARKER_EMAIL, PLANS, REGISTRAR

HOUSEHOLD_ROLE_OF_KIN = {
    "mother": HouseholdMember.Role.CAREGIVER,
    "father": HouseholdMember.Role.CAREGIVER,
    "grandparent": HouseholdMember.Role.CAREGIVER,
    "aunt_uncle": HouseholdMember.Role.CAREGIVER,
    "sos_parent": HouseholdMember.Role.CAREGIVER,
    "child": HouseholdMember.Role.CHILD,
}
RELATIONSHIP_OF_KIN = {
    "mother": Relationship.Kind.MOTHER,
    "father": Relationship.Kind.FATHER,
    "grandparent": Relationship.Kind.GRANDPARENT,
    "aunt_uncle": Relationship.Kind.AUNT_UNCLE,
    "sos_parent": Relationship.Kind.SOS_PARENT,
}


def birth_date(age: int, index: int, *, estimate: bool, today: date) -> date:
    """A date of birth giving `age` today; an estimate is recorded as 1 July, as caseworkers do."""
    if estimate:
        had_birthday = (today.month, today.day) >= (7, 1)
        return date(today.year - age - (0 if had_birthday else 1), 7, 1)
    anniversary = today.replace(year=today.year - age, day=min(today.day, 28))
    return anniversary - timedelta(days=20 + (index * 37) % 300)


def _tracing_officer(code: str) -> str:
    return next(a.email for a in ACCOUNTS if a.role == Role.TRACING_OFFICER and a.country == code)


class Command(BaseCommand):
    help = "Load demo data for the embedded mode (operating countries, places, accounts, families)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is for the embedded mode only, never with TRYGG_ENV=production.")
        try:
            validate_password(DEMO_PASSWORD)
        except ValidationError as exc:
            raise CommandError(f"The demo password does not pass the password rules: {exc.messages}") from exc

        if User.objects.filter(email=MARKER_EMAIL).exists():
            self.stdout.write("Demo data is already loaded; nothing changed.")
        else:
            with transaction.atomic():
                self.load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_accounts()

    def load(self):
        # Bootstrap with the ORM, the way createsuperuser bootstraps the first account: the geo and
        # accounts services expect an acting administrator, and these rows are what creates one.
        Country.objects.filter(code__in=DEMO_COUNTRIES).update(is_operating=True)
        countries = {c.code: c for c in Country.objects.filter(code__in=DEMO_COUNTRIES)}
        places = {code: self.create_places(countries[code], PLANS[code]) for code in DEMO_COUNTRIES}
        users = self.create_accounts(countries, places)
        for code in DEMO_COUNTRIES:
            self.create_families(countries[code], PLANS[code], places[code], users[REGISTRAR[code]])
        load_demo_cases(
            countries=countries,
            caseworkers={code: users[REGISTRAR[code]] for code in DEMO_COUNTRIES},
            supervisors={a.country: users[a.email] for a in ACCOUNTS if a.role == Role.SUPERVISOR},
        )
        load_demo_tracing(country=countries["KE"], officer=users[_tracing_officer("KE")])
        load_demo_care(
            country=countries["KE"],
            village=places["KE"]["sites"]["village"],
            users={a.role: users[a.email] for a in ACCOUNTS if a.country == "KE"},
        )

    def create_places(self, country, plan) -> dict:
        locations = {}
        for code, name, level, parent in plan.locations:
            locations[code] = Location.objects.create(
                country=country, code=code, name=name, level=level, parent=locations.get(parent)
            )
        sites = {}
        for key, (programme_name, programme_kind, site_name, site_kind, location) in plan.sites.items():
            programme = Programme.objects.create(country=country, name=programme_name, kind=programme_kind)
            sites[key] = Site.objects.create(
                country=country,
                programme=programme,
                location=locations[location],
                name=site_name,
                kind=site_kind,
            )
        return {"locations": locations, "sites": sites}

    def create_accounts(self, countries, places) -> dict[str, User]:
        users = {}
        for account in ACCOUNTS:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                is_demo_account=True,
            )
            site = places[account.country]["sites"][account.site] if account.site else None
            Membership.objects.create(
                user=user,
                role=account.role,
                country=countries[account.country] if account.country else None,
                site=site,
            )
            users[account.email] = user
        return users

    def create_families(self, country, plan, places, registrar):
        today = timezone.localdate()
        others = {c.code: c for c in Country.objects.filter(code__in=["CD", "RW"])}
        index = 0
        for family in plan.families:
            site = places["sites"][family.site] if family.site else None
            location = places["locations"][family.location]
            household = people.register_household(
                country=country,
                acting_user=registrar,
                site=site,
                name=family.name,
                location=location,
                address=family.address,
            )
            adults, children = [], []
            for member in family.members:
                index += 1
                nationality = others[member.nationality] if member.nationality else country
                person = people.register_person(
                    country=country,
                    acting_user=registrar,
                    nationalities=[nationality],
                    site=site,
                    given_name=member.given_name,
                    family_name=member.family_name,
                    other_names=member.other_names,
                    name_in_own_script=member.own_script,
                    gender=Gender.FEMININE if member.sex == "F" else Gender.MASCULINE,
                    date_of_birth=birth_date(member.age, index, estimate=member.estimate, today=today),
                    date_of_birth_is_estimate=member.estimate,
                    languages=list(member.languages or plan.languages),
                    place_of_origin=location,
                )
                people.add_household_member(
                    household,
                    person=person,
                    role=(
                        HouseholdMember.Role.HEAD
                        if not adults and member.kin != "child"
                        else HOUSEHOLD_ROLE_OF_KIN[member.kin]
                    ),
                    acting_user=registrar,
                )
                (children if member.kin == "child" else adults).append((member, person))
            self.relate(adults, children, registrar)

    def relate(self, adults, children, registrar):
        for _member, child in children:
            for position, (member, adult) in enumerate(adults):
                people.add_relationship(
                    person=child,
                    relative=adult,
                    kind=RELATIONSHIP_OF_KIN[member.kin],
                    is_primary_caregiver=position == 0,
                    acting_user=registrar,
                )
        # Siblings: children of the same family who share a family name (SOS families bring
        # together children of different families).
        for i, (member, child) in enumerate(children):
            for other_member, other in children[i + 1 :]:
                if member.family_name and member.family_name == other_member.family_name:
                    people.add_relationship(
                        person=child, relative=other, kind=Relationship.Kind.SIBLING, acting_user=registrar
                    )

    def print_accounts(self):
        self.stdout.write("")
        self.stdout.write("Demo accounts:")
        names = dict(Country.objects.filter(code__in=DEMO_COUNTRIES).values_list("code", "name"))
        rows = [("E-mail", "Password", "Role", "Where")]
        for account in ACCOUNTS:
            where = names[account.country] if account.country else "all countries"
            if account.site:
                where += f", {PLANS[account.country].sites[account.site][2]} only"
            rows.append((account.email, DEMO_PASSWORD, str(Role(account.role).label), where))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for number, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + line).rstrip())
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        if settings.TRYGG_DEMO_SKIP_2FA:
            self.stdout.write(
                "Demo accounts may skip the second factor in the embedded demo (TRYGG_DEMO_SKIP_2FA); "
                "production mode always asks for it."
            )
