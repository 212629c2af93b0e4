"""The manager's pages of organisations: list, detail, edit, deactivate, merge; audited and
bounded to the manager's own agglomeration."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignObjectRel
from django.utils import translation

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.actions.organisation_admin import (
    deactivate_organisation,
    merge_organisations,
    update_organisation,
)
from aglomera.agglomerations.models import (
    Country,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)
from aglomera.agglomerations.queries import people as people_queries
from aglomera.agglomerations.tests.helpers import OTHER_ROLES, client_for, manager_client
from aglomera.committee.models import CommitteeMember, SteeringCommittee
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.actions.submission import create_intention
from aglomera.intentions.queries.submission import organisation_choices
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

BASE = "/en/app/olomouc/organisations"


# ---- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_manager_reaches_the_organisation_pages(world: PipelineWorld, role: Role) -> None:
    pk = world.applicant_org.pk
    client = client_for(world.user(role))
    for url in (f"{BASE}/", f"{BASE}/{pk}/", f"{BASE}/{pk}/edit/", f"{BASE}/{pk}/merge/"):
        assert client.get(url).status_code == 403, url
    posts = {
        f"{BASE}/{pk}/edit/": {
            "name": "Hijacked",
            "kind": "ngo",
            "country": "CZ",
            "ico": "00301825",
        },
        f"{BASE}/{pk}/status/": {"to": "inactive", "status-reason": "no"},
        f"{BASE}/{pk}/merge/": {
            "other": world.other_org.pk,
            "keep": "this",
            "duplicate": "delete",
            "reason": "x",
        },
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    organisation = Organisation.objects.get(pk=pk)
    assert (organisation.name, organisation.status) == ("Statutární město Přerov", "active")
    assert Organisation.objects.filter(pk=world.other_org.pk).exists()


def test_the_manager_of_opole_does_not_see_olomouc_organisations(world: PipelineWorld) -> None:
    mallory = make_user("mallory", (make_opole(), Role.MANAGER))
    client = client_for(mallory)
    pk = world.applicant_org.pk
    assert client.get(f"{BASE}/").status_code == 404
    assert client.get(f"/en/app/opole/organisations/{pk}/").status_code == 404
    response = client.post(
        f"/en/app/opole/organisations/{pk}/status/", {"to": "inactive", "status-reason": "x"}
    )
    assert response.status_code == 404
    assert Organisation.objects.get(pk=pk).status == "active"


# ---- list and detail --------------------------------------------------------------------------


def test_the_list_finds_organisations_by_name_and_by_number(world: PipelineWorld) -> None:
    client = manager_client(world)
    page = client.get(f"{BASE}/").content.decode()
    assert "Statutární město Přerov" in page and "Univerzita Palackého v Olomouci" in page
    by_name = client.get(f"{BASE}/", {"q": "univerzita"}).content.decode()
    assert "Univerzita Palackého v Olomouci" in by_name and "Přerov" not in by_name
    by_ico = client.get(f"{BASE}/", {"q": "00301825"}).content.decode()
    assert "Statutární město Přerov" in by_ico and "Univerzita" not in by_ico


def test_the_list_runs_the_same_queries_for_two_or_sixty_organisations(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    client = manager_client(world)
    client.get(f"{BASE}/")  # the session and the first-visit work
    with django_assert_num_queries(6) as few:
        client.get(f"{BASE}/")
    Organisation.objects.bulk_create(
        Organisation(
            agglomeration=world.agglomeration,
            name=f"Gmina {index:02}",
            kind=OrganisationKind.MUNICIPALITY,
            country=Country.PL,
            nip="7251801126",
        )
        for index in range(58)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"{BASE}/", {"page": "2"})
    assert "Page 2 of 2" in response.content.decode()


def test_the_detail_shows_the_numbers_intentions_and_accounts(world: PipelineWorld) -> None:
    world.draft(name="Mateřská škola Kouty")
    page = manager_client(world).get(f"{BASE}/{world.applicant_org.pk}/").content.decode()
    assert "00301825" in page
    assert "Mateřská škola Kouty" in page
    assert "olomouc-applicant" in page


# ---- edit -------------------------------------------------------------------------------------


def _edit_prerov(world: PipelineWorld, **changes: str) -> Any:
    """The manager sends Přerov's edit form with its data, changed by `changes`."""
    data = {
        "name": "Statutární město Přerov",
        "kind": "municipality",
        "country": "CZ",
        "ico": "00301825",
        **changes,
    }
    return manager_client(world).post(f"{BASE}/{world.applicant_org.pk}/edit/", data)


def test_the_manager_corrects_an_organisation_and_the_change_is_audited(
    world: PipelineWorld,
) -> None:
    pk = world.applicant_org.pk
    response = _edit_prerov(world, address="Bratrská 709/34, Přerov")
    assert response.status_code == 302
    assert Organisation.objects.get(pk=pk).address == "Bratrská 709/34, Přerov"
    event = AuditEvent.objects.get(code="agglomerations.organisation.edited")
    assert event.before == {"address": ""}
    assert event.after == {"address": "Bratrská 709/34, Přerov"}
    assert event.actor == world.user(Role.MANAGER)
    assert event.agglomeration_id == world.agglomeration.pk


def test_an_edit_with_a_wrong_check_digit_keeps_what_was_typed(world: PipelineWorld) -> None:
    pk = world.applicant_org.pk
    response = _edit_prerov(world, name="Město Přerov (nový název)", ico="00301826")
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["ico"]
    assert form["name"].value() == "Město Přerov (nový název)"
    assert Organisation.objects.get(pk=pk).name == "Statutární město Přerov"
    assert not AuditEvent.objects.filter(code="agglomerations.organisation.edited").exists()


def test_an_ico_of_another_organisation_names_it(world: PipelineWorld) -> None:
    response = _edit_prerov(world, name="Přerov", ico="61989592")
    assert response.status_code == 422
    assert response.context["form"].errors["ico"] == [
        "Univerzita Palackého v Olomouci already has this number. If both are the same "
        "organisation, merge them instead."
    ]


# ---- deactivate and reactivate ----------------------------------------------------------------


def test_a_deactivation_needs_a_reason(world: PipelineWorld) -> None:
    pk = world.other_org.pk
    response = manager_client(world).post(
        f"{BASE}/{pk}/status/", {"to": "inactive", "status-reason": ""}
    )
    assert response.status_code == 422
    assert response.context["status_form"].errors["reason"]
    assert Organisation.objects.get(pk=pk).status == "active"


def test_a_deactivated_organisation_is_not_offered_for_new_intentions(world: PipelineWorld) -> None:
    pk = world.applicant_org.pk
    response = manager_client(world).post(
        f"{BASE}/{pk}/status/", {"to": "inactive", "status-reason": "Zaniklo sloučením obcí."}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=pk).status == OrganisationStatus.INACTIVE
    change = StatusChange.objects.get(workflow="agglomerations.organisation")
    assert (change.old_status, change.new_status, change.reason) == (
        "active",
        "inactive",
        "Zaniklo sloučením obcí.",
    )
    event = AuditEvent.objects.get(code="agglomerations.organisation.inactive")
    assert event.before == {"status": "active"} and event.after == {"status": "inactive"}
    assert list(organisation_choices(world.agglomeration)) == [world.other_org]
    with pytest.raises(ValidationError) as refused:
        create_intention(world.call, actor=User.objects.get(pk=world.user(Role.APPLICANT).pk))
    assert refused.value.code == "inactive_organisation"


def test_a_deactivated_organisation_is_reactivated(world: PipelineWorld) -> None:
    pk = world.other_org.pk
    client = manager_client(world)
    client.post(f"{BASE}/{pk}/status/", {"to": "inactive", "status-reason": "Omyl"})
    response = client.post(
        f"{BASE}/{pk}/status/", {"to": "active", "status-reason": "Omyl napraven"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=pk).status == "active"
    assert AuditEvent.objects.filter(code="agglomerations.organisation.active").count() == 1


# ---- merge ------------------------------------------------------------------------------------


def test_a_merge_moves_every_reference_to_the_organisation_kept(world: PipelineWorld) -> None:
    kept, duplicate = world.applicant_org, world.other_org
    own = world.draft(name="Školka Přerov")
    own.partners.add(duplicate)  # becomes the applicant itself: the partnership goes
    theirs = world.draft(name="Knihovna UP", applicant=duplicate)
    theirs.partners.add(kept)
    third = world.draft(name="Cyklostezka", applicant=world.applicant_org)
    third.applicant = Organisation.objects.create(
        agglomeration=world.agglomeration,
        name="Obec Kokory",
        kind=OrganisationKind.MUNICIPALITY,
        country=Country.CZ,
        ico="00301400",
    )
    third.save()
    third.partners.add(kept, duplicate)  # both: one partnership stays
    committee = SteeringCommittee.objects.create(
        agglomeration=world.agglomeration, name={"cs": "Řídicí výbor ITI"}
    )
    seat = CommitteeMember.objects.create(
        committee=committee, user=world.user(Role.COMMITTEE), organisation=duplicate
    )
    response = manager_client(world).post(
        f"{BASE}/{duplicate.pk}/merge/",
        {
            "other": kept.pk,
            "keep": "other",
            "duplicate": "merged",
            "reason": "Duplicitní záznam",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.applicant_id == kept.pk
    assert list(theirs.partners.all()) == []  # it was kept's partner of itself
    assert list(own.partners.all()) == []
    assert list(third.partners.all()) == [kept]
    seat.refresh_from_db()
    assert seat.organisation_id == kept.pk
    assert Membership.objects.get(user=world.other_applicant).organisation_id == kept.pk
    gone = Organisation.objects.get(pk=duplicate.pk)
    assert (gone.status, gone.merged_into_id) == ("merged", kept.pk)
    event = AuditEvent.objects.get(code="agglomerations.organisation.merge")
    assert event.object_id == kept.pk
    assert event.before["duplicate_id"] == duplicate.pk
    assert event.after["kept_id"] == kept.pk
    assert event.after["duplicate_id"] == duplicate.pk
    assert event.after["moved"]["intentions.projectintention.applicant"] == 1
    assert event.after["moved"]["accounts.membership.organisation"] == 1
    assert event.after["moved"]["intentions.projectintention.partners"] == 1  # own's
    assert event.reason == "Duplicitní záznam"
    assert AuditEvent.objects.filter(code="agglomerations.organisation.merged").count() == 1


def test_a_merge_may_delete_the_duplicate(world: PipelineWorld) -> None:
    kept, duplicate = world.applicant_org, world.other_org
    intention = world.draft(applicant=duplicate)
    response = manager_client(world).post(
        f"{BASE}/{kept.pk}/merge/",
        {
            "other": duplicate.pk,
            "keep": "this",
            "duplicate": "delete",
            "reason": "Překlep",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    intention.refresh_from_db()
    assert intention.applicant_id == kept.pk
    assert (
        AuditEvent.objects.get(code="agglomerations.organisation.merge").after["duplicate_deleted"]
        is True
    )


def _hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def _merge_request(world: PipelineWorld, **extra: object) -> dict[str, object]:
    """Keep Přerov (this page's organisation), merge the university into it."""
    return {
        "other": world.other_org.pk,
        "keep": "this",
        "duplicate": "merged",
        "reason": "Duplicitní záznam",
        **extra,
    }


def test_the_first_submit_names_both_organisations_and_what_moves_and_merges_nothing(
    world: PipelineWorld,
) -> None:
    # Given the university with an intention, an account acting for it and a committee seat
    kept, duplicate = world.applicant_org, world.other_org
    intention = world.draft(name="Knihovna UP", applicant=duplicate)
    committee = SteeringCommittee.objects.create(
        agglomeration=world.agglomeration, name={"cs": "Řídicí výbor ITI"}
    )
    CommitteeMember.objects.create(
        committee=committee, user=world.user(Role.COMMITTEE), organisation=duplicate
    )
    client = manager_client(world)
    # When the manager submits the merge form
    response = client.post(f"{BASE}/{kept.pk}/merge/", _merge_request(world))
    # Then the confirmation names the organisation kept and the one merged into it, counts what
    # moves and what happens to the other one, and has the button that merges
    assert response.status_code == 200
    assert response.templates[0].name == "agglomerations/organisation_merge_confirm.html"
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Kept Statutární město Přerov (IČO 00301825)" in text
    assert f"Merged into it Univerzita Palackého v Olomouci ({duplicate.identifier})" in text
    assert "What moves from Univerzita Palackého v Olomouci" in text
    for line in (
        "1 project intention it applies for",
        "1 role of an account acting for it",
        "1 committee seat representing it",
    ):
        assert line in text
    assert "stays, marked as merged" in text
    assert "Reason Duplicitní záznam" in text
    assert "Confirm the merge" in text
    # And nothing is merged yet
    intention.refresh_from_db()
    assert intention.applicant_id == duplicate.pk
    assert Organisation.objects.get(pk=duplicate.pk).status == OrganisationStatus.ACTIVE
    assert not AuditEvent.objects.filter(code="agglomerations.organisation.merge").exists()
    # When the manager confirms (the page's hidden values)
    hidden = _hidden_fields(response.content.decode())
    assert hidden["confirmed"] == "on"
    done = client.post(f"{BASE}/{kept.pk}/merge/", hidden)
    # Then it is merged
    assert done.status_code == 302
    intention.refresh_from_db()
    assert intention.applicant_id == kept.pk
    assert Organisation.objects.get(pk=duplicate.pk).status == OrganisationStatus.MERGED
    assert AuditEvent.objects.filter(code="agglomerations.organisation.merge").count() == 1


def test_the_confirmation_says_when_the_other_one_is_deleted_and_nothing_refers_to_it(
    world: PipelineWorld,
) -> None:
    Membership.objects.filter(organisation=world.other_org).delete()
    response = manager_client(world).post(
        f"{BASE}/{world.applicant_org.pk}/merge/", _merge_request(world, duplicate="delete")
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Nothing refers to it." in text
    assert "Then Univerzita Palackého v Olomouci is deleted" in text
    assert Organisation.objects.filter(pk=world.other_org.pk).exists()


def test_a_refused_form_does_not_reach_the_confirmation(world: PipelineWorld) -> None:
    response = manager_client(world).post(
        f"{BASE}/{world.applicant_org.pk}/merge/", _merge_request(world, reason="")
    )
    assert response.status_code == 422
    assert response.templates[0].name == "agglomerations/organisation_merge.html"


@pytest.mark.parametrize("copies", [1, 5])
def test_the_confirmation_runs_the_same_queries_for_few_or_many_references(
    world: PipelineWorld, django_assert_num_queries: Any, copies: int
) -> None:
    for index in range(copies):
        world.draft(name=f"Záměr {index}", applicant=world.other_org).partners.add(
            world.applicant_org
        )
    client = manager_client(world)
    client.get(f"{BASE}/")  # the session and the first-visit work
    # session, user, memberships, agglomeration; the organisation; the candidate; one count per
    # relation to organisations (six)
    with django_assert_num_queries(12):
        response = client.post(f"{BASE}/{world.applicant_org.pk}/merge/", _merge_request(world))
    assert response.status_code == 200
    plural = "intention" if copies == 1 else "intentions"
    assert f"{copies} project {plural} it applies for" in response.content.decode()


def test_a_relation_without_its_own_sentence_reads_by_its_names() -> None:
    relation = User._meta.get_field("memberships")
    assert isinstance(relation, ForeignObjectRel)
    with translation.override("en"):
        assert people_queries._moved_text(relation, 3) == "Memberships (user): 3"


def test_a_merge_cannot_reach_an_organisation_of_another_agglomeration(
    world: PipelineWorld,
) -> None:
    opole = make_opole()
    theirs = Organisation.objects.create(
        agglomeration=opole, name="Gmina Opole", kind="municipality", country="PL", nip="7542680826"
    )
    response = manager_client(world).post(
        f"{BASE}/{world.applicant_org.pk}/merge/",
        {
            "other": theirs.pk,
            "keep": "other",
            "duplicate": "delete",
            "reason": "x",
            "confirmed": "on",
        },
    )
    assert response.status_code == 422
    assert response.context["form"]["reason"].value() == "x"
    assert Organisation.objects.filter(pk=theirs.pk).exists()
    assert not AuditEvent.objects.filter(code="agglomerations.organisation.merge").exists()


# ---- the actions' own refusals ----------------------------------------------------------------


def test_the_actions_refuse_anyone_but_the_manager(world: PipelineWorld) -> None:
    coordinator = world.user(Role.COORDINATOR)
    kept, duplicate = world.applicant_org, world.other_org
    with pytest.raises(PermissionDenied):
        update_organisation(kept, actor=coordinator, name="Hijacked")
    with pytest.raises(PermissionDenied):
        merge_organisations(kept, duplicate, actor=coordinator, reason="x")
    assert Organisation.objects.get(pk=kept.pk).name == "Statutární město Přerov"
    assert Organisation.objects.get(pk=duplicate.pk).status == OrganisationStatus.ACTIVE
    assert not AuditEvent.objects.filter(code__startswith="agglomerations.organisation").exists()


def test_an_edit_of_one_field_keeps_the_others(world: PipelineWorld) -> None:
    organisation = update_organisation(
        world.applicant_org, actor=world.user(Role.MANAGER), address="Bratrská 34, Přerov"
    )
    assert (organisation.name, organisation.ico, organisation.address) == (
        "Statutární město Přerov",
        "00301825",
        "Bratrská 34, Přerov",
    )
    event = AuditEvent.objects.get(code="agglomerations.organisation.edited")
    assert event.before == {"address": ""}
    assert event.after == {"address": "Bratrská 34, Přerov"}


def test_an_edit_that_changes_nothing_leaves_no_record(world: PipelineWorld) -> None:
    organisation = update_organisation(
        world.applicant_org, actor=world.user(Role.MANAGER), name="Statutární město Přerov"
    )
    assert organisation.name == "Statutární město Přerov"
    assert not AuditEvent.objects.filter(code="agglomerations.organisation.edited").exists()


def test_a_deactivation_without_a_reason_is_refused(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        deactivate_organisation(world.applicant_org, actor=world.user(Role.MANAGER), reason=" ")
    assert refused.value.message_dict == {"reason": ["Say why."]}
    assert Organisation.objects.get(pk=world.applicant_org.pk).status == OrganisationStatus.ACTIVE


def test_an_organisation_is_not_merged_with_itself(world: PipelineWorld) -> None:
    organisation = world.applicant_org
    with pytest.raises(ValidationError) as refused:
        merge_organisations(
            organisation, organisation, actor=world.user(Role.MANAGER), reason="Duplicate"
        )
    assert refused.value.message_dict == {"other": ["Choose another organisation than this one."]}
    assert Organisation.objects.get(pk=organisation.pk).status == OrganisationStatus.ACTIVE


def test_a_merge_with_an_organisation_deleted_meanwhile_is_explained(world: PipelineWorld) -> None:
    kept, duplicate = world.applicant_org, world.other_org
    Organisation.objects.filter(pk=duplicate.pk).delete()
    with pytest.raises(ValidationError) as refused:
        merge_organisations(kept, duplicate, actor=world.user(Role.MANAGER), reason="Duplicate")
    assert refused.value.messages == ["One of the organisations no longer exists."]
    assert not AuditEvent.objects.filter(code="agglomerations.organisation.merge").exists()


def test_a_manager_of_two_agglomerations_cannot_merge_across_them(world: PipelineWorld) -> None:
    opole = make_opole()
    both = make_user("both", (world.agglomeration, Role.MANAGER), (opole, Role.MANAGER))
    theirs = Organisation.objects.create(
        agglomeration=opole, name="Gmina Opole", kind="municipality", country="PL", nip="7542680826"
    )
    with pytest.raises(PermissionDenied):
        merge_organisations(world.applicant_org, theirs, actor=both, reason="Duplicate")
    assert Organisation.objects.filter(pk=theirs.pk, status=OrganisationStatus.ACTIVE).exists()
    assert not AuditEvent.objects.filter(code="agglomerations.organisation.merge").exists()


def test_an_organisation_already_merged_is_not_merged_again(world: PipelineWorld) -> None:
    manager = world.user(Role.MANAGER)
    kept, duplicate = world.applicant_org, world.other_org
    merge_organisations(kept, duplicate, actor=manager, reason="Duplicate")
    third = Organisation.objects.create(
        agglomeration=world.agglomeration,
        name="Obec Velký Týnec",
        kind="municipality",
        country="CZ",
        ico="00299669",
    )
    with pytest.raises(ValidationError) as refused:
        merge_organisations(third, duplicate, actor=manager, reason="Duplicate again")
    assert refused.value.messages == [
        "One of the organisations is already merged into another one."
    ]
    assert AuditEvent.objects.filter(code="agglomerations.organisation.merge").count() == 1


def test_the_list_shows_only_the_organisations_of_a_status(world: PipelineWorld) -> None:
    Organisation.objects.filter(pk=world.other_org.pk).update(status=OrganisationStatus.INACTIVE)
    response = manager_client(world).get(f"{BASE}/", {"status": "inactive"})
    assert response.status_code == 200
    assert [o.name for o in response.context["page"]] == ["Univerzita Palackého v Olomouci"]
