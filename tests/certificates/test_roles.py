"""Who may write certificates: every certificate write URL × every role.

The write URLs come from the URLconf (every route of the ``certificates`` namespace
that refuses GET), so a new one is in the matrix the day it is added, and fails here
until ``WRITES`` says how to call it and what it changes. Only the certificate's own
center staff (and superusers) may write; provincial and national admins read.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from certificates import services
from certificates.constants import BatchStatus, CertificateStatus
from certificates.models import Certificate, CertificateBatch
from lms.centers.constants import Role
from tests.factories import CenterFactory, MembershipFactory, UserFactory, province
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db

ROLES = [
    "learner",
    "trainer of A",
    "staff of A",
    "staff of B",
    "provincial admin of A's province",
    "national admin",
    "provincial admin who is also staff of A",
    "superuser",
]
MAY_WRITE = {"staff of A", "provincial admin who is also staff of A", "superuser"}


def certificate_routes():
    """(name, URL keyword arguments) of every route in the certificates namespace."""

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "certificates:":
                yield f"{namespace}{entry.name}", list(entry.pattern.converters)

    return sorted(walk(get_resolver()))


def make_person(role: str, center_a, center_b):
    if role == "learner":
        return UserFactory(home_center=center_a)
    if role == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    if role == "national admin":
        return MembershipFactory(role=Role.NATIONAL_ADMIN, center=None).user
    if role.startswith("provincial admin"):
        person = MembershipFactory(role=Role.PROVINCIAL_ADMIN, center=None, province=center_a.province).user
        if role.endswith("staff of A"):
            MembershipFactory(user=person, center=center_a, role=Role.CENTER_STAFF)
        return person
    center = center_a if role.endswith("A") else center_b
    kind = Role.CENTER_TRAINER if role.startswith("trainer") else Role.CENTER_STAFF
    return MembershipFactory(center=center, role=kind).user


@pytest.fixture
def world(default_template):
    """Center A (Chiang Mai) with a valid certificate; center B in the same province."""
    center_a = CenterFactory(province=province("50"))
    center_b = CenterFactory(province=province("50"))
    certificate = services.certificate_issue(enrollment=completed_enrollment(center=center_a))
    return {"A": center_a, "B": center_b, "certificate": certificate}


def failed_batch(person, certificate) -> CertificateBatch:
    """A failed batch of A's certificate that ``person`` asked for (as if they once could)."""
    batch = CertificateBatch.objects.create(
        created_by=person, certificate_ids=[certificate.pk], total=1, status=BatchStatus.FAILED, error="x"
    )
    batch.centers.set([certificate.center])
    return batch


# How to call each write URL, and how to tell it changed something: (prepare, data, changed).
WRITES = {
    "certificates:staff_revoke": (
        lambda person, world: world["certificate"],
        lambda world: {"reason": "ข้อมูลไม่ถูกต้อง"},
        lambda world, target: Certificate.objects.get(pk=target.pk).status == CertificateStatus.REVOKED,
    ),
    "certificates:staff_reissue": (
        lambda person, world: world["certificate"],
        lambda world: {},
        lambda world, target: Certificate.objects.get(pk=target.pk).status == CertificateStatus.REPLACED,
    ),
    "certificates:batch_create": (
        lambda person, world: None,
        lambda world: {"center": world["A"].pk},
        lambda world, target: CertificateBatch.objects.exists(),
    ),
    "certificates:batch_retry": (
        lambda person, world: failed_batch(person, world["certificate"]),
        lambda world: {},
        lambda world, target: CertificateBatch.objects.get(pk=target.pk).status != BatchStatus.FAILED,
    ),
}


def write_routes(client, world) -> list[tuple[str, list[str]]]:
    """The routes that refuse GET (405) for a superuser: the write endpoints."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    batch = failed_batch(None, world["certificate"])
    found = []
    for name, kwarg_names in certificate_routes():
        kwargs = dict.fromkeys(kwarg_names, batch.pk if "batch" in name else world["certificate"].pk)
        if kwarg_names == ["code"]:
            kwargs = {"code": world["certificate"].verification_code}
        if kwarg_names == ["course", "edition"]:  # an Open Badges English edition: a course's UUID
            kwargs = {"course": world["certificate"].course.translation_key, "edition": "0" * 16}
        if client.get(reverse(name, kwargs=kwargs)).status_code == 405:
            found.append((name, kwarg_names))
    batch.delete()
    client.logout()
    return found


def test_the_matrix_covers_every_write_url(client, world):
    names = {name for name, _kwargs in write_routes(client, world)}
    assert {"certificates:staff_revoke", "certificates:staff_reissue", "certificates:batch_create"} <= names
    missing = names - set(WRITES)
    assert not missing, f"Teach tests/certificates/test_roles.py::WRITES the new write URL(s) {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_centers_own_staff_may_write(client, world, role, django_capture_on_commit_callbacks):
    routes = write_routes(client, world)
    person = make_person(role, world["A"], world["B"])
    client.force_login(person)
    outcomes = {}
    for name, kwarg_names in routes:
        # A fresh certificate of A for each URL, so one write does not block the next.
        world["certificate"] = services.certificate_issue(enrollment=completed_enrollment(center=world["A"]))
        CertificateBatch.objects.all().delete()
        prepare, data, changed = WRITES[name]
        target = prepare(person, world)
        kwargs = dict.fromkeys(kwarg_names, getattr(target, "pk", None))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse(name, kwargs=kwargs), data(world))
        assert response.status_code in (302, 400, 403, 404), (name, response.status_code)
        outcomes[name] = changed(world, target)
    expected = {name: role in MAY_WRITE for name, _kwargs in routes}
    assert outcomes == expected


@pytest.mark.parametrize("role", ["provincial admin of A's province", "national admin"])
def test_admins_read_certificates_without_write_buttons(client, world, role):
    certificate = world["certificate"]
    client.force_login(make_person(role, world["A"], world["B"]))
    listing = client.get(reverse("certificates:staff_list")).content.decode()
    assert certificate.serial in listing
    assert reverse("certificates:batch_create") not in listing
    detail = client.get(reverse("certificates:staff_detail", args=[certificate.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and certificate.learner_name in html
    assert reverse("certificates:staff_revoke", args=[certificate.pk]) not in html
    assert reverse("certificates:staff_reissue", args=[certificate.pk]) not in html
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 200


def test_the_centers_staff_see_the_write_buttons(client, world):
    certificate = world["certificate"]
    client.force_login(make_person("staff of A", world["A"], world["B"]))
    html = client.get(reverse("certificates:staff_detail", args=[certificate.pk])).content.decode()
    assert reverse("certificates:staff_revoke", args=[certificate.pk]) in html
    assert (
        reverse("certificates:batch_create")
        in client.get(reverse("certificates:staff_list")).content.decode()
    )


def test_a_batch_is_its_creators_only_while_they_keep_the_center(
    client, world, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(center=world["A"], role=Role.CENTER_STAFF)
    client.force_login(membership.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:batch_create"), {"center": world["A"].pk})
    batch = CertificateBatch.objects.get()
    urls = [
        reverse("certificates:batch_detail", args=[batch.pk]),
        reverse("certificates:batch_download", args=[batch.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200]

    membership.delete()
    MembershipFactory(user=membership.user, center=world["B"], role=Role.CENTER_STAFF)
    client.force_login(membership.user)  # a fresh request: roles are read anew
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert urls[0] not in client.get(reverse("certificates:staff_list")).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_centers_own_staff_may_erase_a_learner(client, world, role):
    """Erasing a learner's data (``centers:learner_erase``) revokes their certificates,
    so the same people as above may do it; the others get 404 and see no link."""
    certificate = world["certificate"]
    learner = certificate.user
    person = make_person(role, world["A"], world["B"])
    client.force_login(person)
    # The password typed again, as allauth asks before an erasure.
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    detail = client.get(reverse("centers:learner_detail", args=[learner.pk])).content.decode()

    response = client.post(reverse("centers:learner_erase", args=[learner.pk]), {"asked_in_person": "on"})

    assert response.status_code in (302, 404), response.status_code
    certificate.refresh_from_db()
    erased = certificate.status == CertificateStatus.REVOKED and certificate.user_id is None
    assert erased == (role in MAY_WRITE)
    assert (reverse("centers:learner_erase", args=[learner.pk]) in detail) == (role in MAY_WRITE)
