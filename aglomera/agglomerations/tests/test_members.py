"""The manager's pages of members and roles: who may use them, grants and revocations audited
with their reason, accounts added or created, and an agglomeration never without a manager."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.actions.members import (
    create_account,
    find_user,
    grant_role,
    revoke_role,
)
from aglomera.agglomerations.models import Organisation, OrganisationStatus
from aglomera.agglomerations.tests.helpers import OTHER_ROLES, client_for, manager_client
from aglomera.core.models import AuditEvent
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

BASE = "/en/app/olomouc/members"


def _grant_to_partner(
    world: PipelineWorld,
    role: Role,
    refusal: type[Exception] = ValidationError,
    *,
    reason: str = "Spolupráce",
    organisation: Organisation | None = None,
) -> Any:
    """The manager grants the partner-agglomeration user a role, which is refused."""
    with pytest.raises(refusal) as refused:
        grant_role(
            world.agglomeration,
            world.user(Role.PARTNER),
            role,
            actor=world.user(Role.MANAGER),
            reason=reason,
            organisation=organisation,
        )
    return refused


def _roles(user: User, world: PipelineWorld) -> set[str]:
    return set(
        Membership.objects.filter(user=user, agglomeration=world.agglomeration).values_list(
            "role", flat=True
        )
    )


# ---- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_manager_reaches_the_member_pages(world: PipelineWorld, role: Role) -> None:
    client = client_for(world.user(role))
    target = world.user(Role.WORKING_GROUP).pk
    for url in (f"{BASE}/", f"{BASE}/add/", f"{BASE}/new-account/", f"{BASE}/{target}/"):
        assert client.get(url).status_code == 403, url
    posts = {
        f"{BASE}/add/": {"user": "olomouc-partner", "role": "manager", "reason": "x"},
        f"{BASE}/{target}/grant/": {"grant-role": "manager", "grant-reason": "x"},
        f"{BASE}/{target}/revoke/": {"revoke-role": "working_group", "revoke-reason": "x"},
        f"{BASE}/{target}/remove/": {"remove-reason": "x"},
        f"{BASE}/new-account/": {
            "username": "eve",
            "email": "eve@example.org",
            "role": "manager",
            "reason": "x",
        },
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert _roles(world.user(Role.WORKING_GROUP), world) == {"working_group"}
    assert _roles(world.user(Role.PARTNER), world) == {"partner"}
    assert not User.objects.filter(username="eve").exists()
    assert not AuditEvent.objects.filter(code__startswith="agglomerations.membership").exists()


def test_the_manager_of_opole_cannot_touch_olomouc_members(world: PipelineWorld) -> None:
    mallory = make_user("mallory", (make_opole(), Role.MANAGER))
    client = client_for(mallory)
    target = world.user(Role.WORKING_GROUP).pk
    assert client.get(f"{BASE}/").status_code == 404
    response = client.post(
        f"{BASE}/{target}/revoke/", {"revoke-role": "working_group", "revoke-reason": "x"}
    )
    assert response.status_code == 404
    # through Opole's own pages, an Olomouc member is nobody
    assert client.get(f"/en/app/opole/members/{target}/").status_code == 404
    response = client.post(f"/en/app/opole/members/{target}/remove/", {"remove-reason": "x"})
    assert response.status_code == 404
    assert _roles(world.user(Role.WORKING_GROUP), world) == {"working_group"}


# ---- the list ---------------------------------------------------------------------------------


def test_the_list_shows_each_person_with_their_roles(world: PipelineWorld) -> None:
    page = manager_client(world).get(f"{BASE}/").content.decode()
    assert "olomouc-coordinator" in page
    assert "thematic coordinator" in page
    assert "applicant (Statutární město Přerov)" in page
    found = manager_client(world).get(f"{BASE}/", {"role": "auditor"}).content.decode()
    assert "olomouc-auditor" in found and "olomouc-coordinator" not in found


def test_the_list_runs_the_same_queries_for_few_or_many_people(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    client = manager_client(world)
    client.get(f"{BASE}/")
    with django_assert_num_queries(7) as few:
        client.get(f"{BASE}/")
    for index in range(60):
        make_user(
            f"zadatel-{index:02}",
            (world.agglomeration, Role.APPLICANT),
            (world.agglomeration, Role.WORKING_GROUP),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"{BASE}/", {"page": "2"})
    assert "Page 2 of 2" in response.content.decode()


# ---- adding and creating ----------------------------------------------------------------------


def test_an_existing_account_is_added_by_its_e_mail_and_the_grant_is_audited(
    world: PipelineWorld,
) -> None:
    eva = User.objects.create_user("eva", email="Eva.Novakova@example.org")
    response = manager_client(world).post(
        f"{BASE}/add/",
        {"user": "eva.novakova@example.org", "role": "committee", "reason": "Usnesení RV 3/2026"},
    )
    assert response.status_code == 302
    assert _roles(eva, world) == {"committee"}
    event = AuditEvent.objects.get(code="agglomerations.membership.granted")
    assert event.actor == world.user(Role.MANAGER)
    assert event.object_id == eva.pk
    assert event.agglomeration_id == world.agglomeration.pk
    assert event.after == {
        "user_id": eva.pk,
        "username": "eva",
        "role": "committee",
        "organisation_id": None,
    }
    assert event.reason == "Usnesení RV 3/2026"


def test_an_unknown_account_is_refused_with_what_was_typed_kept(world: PipelineWorld) -> None:
    response = manager_client(world).post(
        f"{BASE}/add/", {"user": "nikdo@example.org", "role": "committee", "reason": "Nový člen"}
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["user"] == [
        "No account has this username or e-mail address; create an account instead."
    ]
    assert form["user"].value() == "nikdo@example.org"
    assert form["reason"].value() == "Nový člen"


def test_a_grant_without_a_reason_is_refused(world: PipelineWorld) -> None:
    target = world.user(Role.WORKING_GROUP)
    response = manager_client(world).post(
        f"{BASE}/{target.pk}/grant/", {"grant-role": "committee", "grant-reason": ""}
    )
    assert response.status_code == 422
    assert response.context["grant_form"].errors["reason"]
    assert _roles(target, world) == {"working_group"}


def test_a_role_already_held_is_said_so(world: PipelineWorld) -> None:
    target = world.user(Role.WORKING_GROUP)
    response = manager_client(world).post(
        f"{BASE}/{target.pk}/grant/", {"grant-role": "working_group", "grant-reason": "x"}
    )
    assert response.status_code == 422
    assert response.context["grant_form"].errors["role"] == [
        "olomouc-working_group already holds this role here."
    ]


def _link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(/\S+/accounts/password/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_a_new_account_gets_a_link_to_choose_its_own_password(
    world: PipelineWorld, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "http://testserver"
    client = manager_client(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/new-account/",
            {
                "username": "jan.kral",
                "first_name": "Jan",
                "last_name": "Král",
                "email": "jan.kral@prerov.eu",
                "preferred_language": "cs",
                "role": "applicant",
                "organisation": world.applicant_org.pk,
                "reason": "Nový zaměstnanec města Přerov",
            },
        )
    # Then the manager lands on the person's page, told where the link went
    user = User.objects.get(username="jan.kral")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/{user.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "A link to choose the password went to jan.kral@prerov.eu." in page
    # And nobody knows the password: the manager saw none, the demo's does not open it
    assert user.has_usable_password()
    assert authenticate(username="jan.kral", password="demo12345") is None
    # And the person got one e-mail, in Czech (their language), with the link
    (message,) = mail.outbox
    assert message.to == ["jan.kral@prerov.eu"]
    assert "jan.kral" in message.body
    link = _link_in(message)
    assert link.startswith("/cs/accounts/password/")
    # When they follow it and choose a password
    person = Client()
    form = person.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    chosen = "Prerov-radnice-2026"
    done = person.post(
        form.redirect_chain[-1][0], {"new_password1": chosen, "new_password2": chosen}
    )
    # Then it is their password, and the link does not work a second time
    assert done.status_code == 302
    assert authenticate(username="jan.kral", password=chosen) == user
    assert not person.get(link, follow=True).context["validlink"]
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organisation_id) == ("applicant", world.applicant_org.pk)
    assert AuditEvent.objects.get(code="accounts.user.created").after["username"] == "jan.kral"
    assert AuditEvent.objects.get(code="agglomerations.membership.granted").after["role"] == (
        "applicant"
    )


def test_an_account_is_not_created_without_an_e_mail_address(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        create_account(
            world.agglomeration,
            actor=world.user(Role.MANAGER),
            username="eve",
            email="  ",
            role=Role.AUDITOR,
            reason="Audit",
        )
    assert refused.value.message_dict == {
        "email": [
            "Enter the person's e-mail address: the link to choose their password goes there."
        ]
    }
    assert not User.objects.filter(username="eve").exists()


def test_no_link_goes_to_an_account_that_is_gone_or_inactive(world: PipelineWorld) -> None:
    from aglomera.agglomerations.account_tasks import send_set_password_link

    inactive = User.objects.create_user("old", email="old@example.org", is_active=False)
    assert send_set_password_link.call(inactive.pk, world.agglomeration.pk) == 0
    assert send_set_password_link.call(999999, world.agglomeration.pk) == 0
    assert not mail.outbox


def test_a_taken_username_is_refused_with_what_was_typed_kept(world: PipelineWorld) -> None:
    response = manager_client(world).post(
        f"{BASE}/new-account/",
        {
            "username": "OLOMOUC-AUDITOR",
            "first_name": "Jana",
            "email": "jana@example.org",
            "role": "auditor",
            "reason": "Audit 2026",
        },
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["username"] == ["This username is taken; choose another one."]
    assert form["first_name"].value() == "Jana"
    assert not User.objects.filter(email="jana@example.org").exists()


def test_a_too_long_username_is_refused_once(world: PipelineWorld) -> None:
    response = manager_client(world).post(
        f"{BASE}/new-account/",
        {"username": "j" * 200, "email": "j@example.org", "role": "auditor", "reason": "Audit"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["username"] == [
        "Ensure this value has at most 150 characters (it has 200)."
    ]
    assert response.content.decode().count("at most 150 characters") == 1


# ---- revoking and the last manager ------------------------------------------------------------


def test_a_revocation_is_audited_with_the_role_and_the_reason(world: PipelineWorld) -> None:
    target = world.user(Role.COMMITTEE)
    Membership.objects.create(user=target, agglomeration=world.agglomeration, role=Role.AUDITOR)
    response = manager_client(world).post(
        f"{BASE}/{target.pk}/revoke/",
        {"revoke-role": "committee", "revoke-reason": "Konec funkčního období"},
    )
    assert response.status_code == 302
    assert _roles(target, world) == {"auditor"}
    event = AuditEvent.objects.get(code="agglomerations.membership.revoked")
    assert event.before["role"] == "committee"
    assert event.before["username"] == "olomouc-committee"
    assert event.reason == "Konec funkčního období"
    assert event.actor == world.user(Role.MANAGER)


def test_removing_someone_revokes_every_role_here_and_keeps_the_account(
    world: PipelineWorld,
) -> None:
    target = world.user(Role.COORDINATOR)
    opole = make_opole()
    Membership.objects.create(user=target, agglomeration=world.agglomeration, role=Role.AUDITOR)
    Membership.objects.create(user=target, agglomeration=opole, role=Role.PARTNER)
    response = manager_client(world).post(
        f"{BASE}/{target.pk}/remove/", {"remove-reason": "Odchod"}
    )
    assert response.status_code == 302
    assert _roles(target, world) == set()
    assert Membership.objects.filter(user=target, agglomeration=opole).count() == 1
    assert User.objects.get(pk=target.pk).is_active
    revoked = AuditEvent.objects.filter(code="agglomerations.membership.revoked")
    assert sorted(e.before["role"] for e in revoked) == ["auditor", "coordinator"]


def test_a_manager_cannot_remove_their_own_manager_role(world: PipelineWorld) -> None:
    manager = world.user(Role.MANAGER)
    client = manager_client(world)
    response = client.post(
        f"{BASE}/{manager.pk}/revoke/", {"revoke-role": "manager", "revoke-reason": "Odcházím"}
    )
    assert response.status_code == 422
    assert response.context["revoke_form"].non_field_errors() == [
        "You cannot remove your own manager role; another manager of this agglomeration can."
    ]
    assert response.context["revoke_form"]["reason"].value() == "Odcházím"
    response = client.post(f"{BASE}/{manager.pk}/remove/", {"remove-reason": "Odcházím"})
    assert response.status_code == 422
    assert _roles(manager, world) == {"manager"}
    assert not AuditEvent.objects.filter(code="agglomerations.membership.revoked").exists()


def test_another_manager_may_remove_a_manager_who_is_not_the_last(world: PipelineWorld) -> None:
    second = make_user("druhy-manazer", (world.agglomeration, Role.MANAGER))
    response = manager_client(world).post(
        f"{BASE}/{second.pk}/revoke/", {"revoke-role": "manager", "revoke-reason": "Zástup končí"}
    )
    assert response.status_code == 302
    assert _roles(second, world) == set()
    assert _roles(world.user(Role.MANAGER), world) == {"manager"}


def test_the_last_manager_stays_even_when_a_platform_administrator_asks(
    world: PipelineWorld,
) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "pw-123456789")
    manager = world.user(Role.MANAGER)
    with pytest.raises(ValidationError) as refused:
        revoke_role(world.agglomeration, manager, Role.MANAGER, actor=admin, reason="Chyba")
    assert refused.value.messages == ["The agglomeration must keep at least one manager."]
    assert _roles(manager, world) == {"manager"}


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_every_page_opens_in_each_language(world: PipelineWorld, language: str) -> None:
    client = manager_client(world)
    person, organisation = world.user(Role.APPLICANT).pk, world.applicant_org.pk
    base = f"/{language}/app/olomouc"
    for path in (
        "/members/",
        "/members/add/",
        "/members/new-account/",
        f"/members/{person}/",
        "/organisations/",
        f"/organisations/{organisation}/",
        f"/organisations/{organisation}/edit/",
        f"/organisations/{organisation}/merge/",
    ):
        response = client.get(base + path)
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == language


# ---- the actions' own refusals ----------------------------------------------------------------


def test_the_actions_refuse_anyone_but_the_manager(world: PipelineWorld) -> None:
    coordinator = world.user(Role.COORDINATOR)
    partner = world.user(Role.PARTNER)
    with pytest.raises(PermissionDenied):
        grant_role(world.agglomeration, partner, Role.MANAGER, actor=coordinator, reason="x")
    with pytest.raises(PermissionDenied):
        create_account(
            world.agglomeration,
            actor=coordinator,
            username="eve",
            email="",
            role=Role.MANAGER,
            reason="x",
        )
    assert _roles(partner, world) == {"partner"}
    assert not User.objects.filter(username="eve").exists()


def test_a_reason_of_spaces_is_no_reason(world: PipelineWorld) -> None:
    refused = _grant_to_partner(world, Role.COORDINATOR, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why."]}
    assert _roles(world.user(Role.PARTNER), world) == {"partner"}


def test_a_person_is_found_by_username_or_by_a_single_email(world: PipelineWorld) -> None:
    partner = world.user(Role.PARTNER)
    User.objects.filter(pk=partner.pk).update(email="Partner@Example.org")
    assert find_user(f"  {partner.username.upper()} ") == partner
    assert find_user("partner@example.ORG") == partner


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("   ", "Enter a username or an e-mail address."),
        (
            "shared@example.org",
            "Several accounts use this e-mail address; enter the username instead.",
        ),
        ("nobody", "No account has this username or e-mail address; create an account instead."),
    ],
)
def test_a_person_not_found_once_is_explained(
    world: PipelineWorld, identifier: str, message: str
) -> None:
    User.objects.create(username="ann", email="shared@example.org")
    User.objects.create(username="bob", email="SHARED@example.org")
    with pytest.raises(ValidationError) as refused:
        find_user(identifier)
    assert refused.value.message_dict == {"user": [message]}


def test_the_add_page_says_when_an_email_is_used_by_two_accounts(world: PipelineWorld) -> None:
    User.objects.create(username="ann", email="shared@example.org")
    User.objects.create(username="bob", email="shared@example.org")
    data = {"user": "shared@example.org", "role": "coordinator", "reason": "New colleague"}
    response = manager_client(world).post(f"{BASE}/add/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Several accounts use this e-mail address; enter the username instead." in html
    assert 'value="shared@example.org"' in html
    assert not Membership.objects.filter(user__username__in=["ann", "bob"]).exists()


def test_an_organisation_of_another_agglomeration_is_refused(world: PipelineWorld) -> None:
    foreign = Organisation.objects.create(
        agglomeration=make_opole(),
        name="Gmina Opole",
        kind="municipality",
        country="PL",
        regon="531412421",
    )
    _grant_to_partner(world, Role.APPLICANT, PermissionDenied, organisation=foreign)
    assert _roles(world.user(Role.PARTNER), world) == {"partner"}


def test_a_deactivated_organisation_cannot_be_given_to_an_applicant(world: PipelineWorld) -> None:
    Organisation.objects.filter(pk=world.other_org.pk).update(status=OrganisationStatus.INACTIVE)
    world.other_org.refresh_from_db()
    refused = _grant_to_partner(world, Role.APPLICANT, organisation=world.other_org)
    assert refused.value.message_dict == {
        "organisation": [
            "Univerzita Palackého v Olomouci is deactivated; choose an active organisation."
        ]
    }
    assert _roles(world.user(Role.PARTNER), world) == {"partner"}


def test_revoking_a_role_not_held_is_explained(world: PipelineWorld) -> None:
    partner = world.user(Role.PARTNER)
    with pytest.raises(ValidationError) as refused:
        revoke_role(
            world.agglomeration, partner, Role.COMMITTEE, actor=world.user(Role.MANAGER), reason="x"
        )
    assert refused.value.messages == [f"{partner} no longer holds this role here."]
    assert not AuditEvent.objects.filter(code="agglomerations.membership.revoked").exists()


def test_a_new_account_with_a_used_email_is_refused(world: PipelineWorld) -> None:
    User.objects.create(username="ann", email="ann@example.org")
    data = {
        "username": "eve",
        "email": "ANN@example.org",
        "role": "coordinator",
        "reason": "New colleague",
    }
    response = manager_client(world).post(f"{BASE}/new-account/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "An account with this e-mail address exists; add that account to the agglomeration" in html
    )
    assert 'value="eve"' in html
    assert not User.objects.filter(username="eve").exists()


def test_the_member_list_finds_people_by_name(world: PipelineWorld) -> None:
    partner = world.user(Role.PARTNER)
    User.objects.filter(pk=partner.pk).update(last_name="Zedníková")
    response = manager_client(world).get(f"{BASE}/", {"q": "zedník"})
    assert response.status_code == 200
    shown = [user.pk for user in response.context["page"]]
    assert shown == [partner.pk]


def test_a_member_number_too_large_for_the_database_is_not_found(world: PipelineWorld) -> None:
    assert manager_client(world).get(f"{BASE}/{10**30}/").status_code == 404
