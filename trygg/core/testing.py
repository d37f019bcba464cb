"""Test utilities shared by every app: two countries with one user per role in each."""

from dataclasses import dataclass, field

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import GLOBAL_ROLES, Role
from trygg.geo.models import Country, Programme, Site

TEST_PASSWORD = "correct horse battery staple 42"  # noqa: S105 - test-only fixture password
COUNTRY_CODES = ("KE", "NP")


@dataclass
class World:
    """Kenya and Nepal, each with a programme, a site and one user per role; one system admin."""

    countries: dict[str, Country] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    users: dict[tuple[str, str], User] = field(default_factory=dict)
    system_admin: User | None = None

    def user(self, country_code: str, role: str) -> User:
        return self.users[(country_code, role)]

    @property
    def ke(self) -> Country:
        return self.countries["KE"]

    @property
    def np(self) -> Country:
        return self.countries["NP"]


def make_user(email: str, *, full_name: str = "", password: str = TEST_PASSWORD, **extra) -> User:
    return User.objects.create_user(email=email, password=password, full_name=full_name or email, **extra)


def build_world() -> World:
    world = World()
    for code in COUNTRY_CODES:
        country = Country.objects.get(code=code)
        Country.objects.filter(pk=country.pk).update(is_operating=True)
        country.is_operating = True
        world.countries[code] = country
        programme = Programme.objects.create(
            country=country, name=f"Family strengthening {code}", kind=Programme.Kind.FAMILY_STRENGTHENING
        )
        world.programmes[code] = programme
        world.sites[code] = Site.objects.create(
            country=country,
            programme=programme,
            name=f"SOS Children's Village {code}",
            kind=Site.Kind.CHILDRENS_VILLAGE,
        )
        for role in Role.values:
            if role in GLOBAL_ROLES:
                continue
            user = make_user(f"{role}.{code.lower()}@example.org", full_name=f"{role} {code}")
            Membership.objects.create(user=user, role=role, country=country)
            world.users[(code, role)] = user
    admin = make_user("sysadmin@example.org", full_name="System administrator")
    Membership.objects.create(user=admin, role=Role.SYSTEM_ADMINISTRATOR, country=None)
    world.system_admin = admin
    return world


def verified_login(client, user) -> TOTPDevice:
    """Log a test client in as if the user had passed the second factor with their TOTP device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
