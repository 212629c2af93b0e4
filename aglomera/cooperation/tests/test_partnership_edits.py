"""The office of either member edits a partnership (its name, description and agreement, not
its members) and a cooperation project: the texts side by side with a translation older than
its source marked, a save refused when the partner saved meanwhile and merged with nothing lost,
refused input answering 422 with what was typed kept, each edit audited, and only the office of
a member allowed (answers written by hand per role)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from aglomera.accounts.models import Role
from aglomera.cooperation import actions, merge, queries
from aglomera.cooperation.models import CooperationProject, DatePrecision, Partnership
from aglomera.cooperation.tests.helpers import CooperationWorld
from aglomera.cooperation.tests.test_concurrent_edits import client_of, form_of
from aglomera.core.audit_text import sentence_for
from aglomera.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# role -> answer to either edit form, on either member's slug (written by hand)
ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 200,
    Role.AUDITOR: 403,
    Role.PARTNER: 403,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}
OLDER_THAN_CZECH = "Translation older than the Czech version (changed "


def partnership_url(world: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:partnership_edit", args=[slug, world.partnership.pk])


def project_url(world: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:project_edit", args=[slug, world.project.pk])


def page_url(world: CooperationWorld, slug: str = "olomouc") -> str:
    return reverse("cooperation:partnership", args=[slug, world.partnership.pk])


def opened(client: Any, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return form_of(response.content.decode())


# ---- who


@pytest.mark.parametrize(("role", "answer"), list(ANSWERS.items()))
@pytest.mark.parametrize("side", ["olomouc", "opole"])
def test_who_opens_and_saves_the_edit_forms(
    world: CooperationWorld, role: Role, answer: int, side: str
) -> None:
    member = world.olomouc if side == "olomouc" else world.opole
    client = client_of(world.users(member, role))
    for url in (partnership_url(world, side), project_url(world, side)):
        response = client.get(url)
        assert response.status_code == answer, url
        data = form_of(response.content.decode()) if answer == 200 else {"revision": "0"}
        data = {**data, "name_pl": f"Nazwa {role}"}
        # either member's office saves; every other role is refused before anything is written
        assert client.post(url, data).status_code == (302 if answer == 200 else 403), url
    world.partnership.refresh_from_db()
    world.project.refresh_from_db()
    saved = answer == 200
    assert (world.partnership.name.get("pl") == f"Nazwa {role}") is saved
    assert (world.project.name.get("pl") == f"Nazwa {role}") is saved
    assert world.partnership.revision == world.project.revision == int(saved)


def test_a_third_agglomerations_office_gets_404(world: CooperationWorld) -> None:
    client = client_of(world.users(world.ostrava, Role.MANAGER))
    assert client.get(partnership_url(world, "ostrava")).status_code == 404
    assert client.get(project_url(world, "ostrava")).status_code == 404
    assert client.post(project_url(world, "ostrava"), {"revision": "0"}).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.update_partnership(
            world.partnership,
            actions.PartnershipFields(name={"cs": "Cizí"}),
            agglomeration=world.ostrava,
            actor=world.users(world.ostrava, Role.MANAGER),
            expected_revision=0,
        )


def test_the_office_sees_the_edit_links_and_a_partner_does_not(world: CooperationWorld) -> None:
    page = client_of(world.manager).get(page_url(world)).content.decode()
    assert partnership_url(world, "olomouc") in page and "Edit the partnership" in page
    assert project_url(world, "olomouc") in page
    assert "Edit the project Together for agglomerations" in page
    partner = client_of(world.users(world.olomouc, Role.PARTNER))
    page = partner.get(page_url(world)).content.decode()
    assert "/edit/" not in page.replace(page_url(world), "")


# ---- editing


def test_olomouc_edits_the_partnership_and_opole_reads_it(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    form = opened(client, partnership_url(world, "olomouc"))
    assert form["name_cs"] == "Spolupráce Olomouc–Opole" and form["revision"] == "0"
    assert form["agreement_precision"] == "month" and "partners" not in form
    assert "form_token" not in form
    response = client.post(
        partnership_url(world, "olomouc"),
        {
            **form,
            "description_pl": "Współpraca aglomeracji.",
            "agreement_signed_on": "2016-09-13",
            "agreement_precision": "day",
        },
    )
    assert response.status_code == 302 and response["Location"] == page_url(world)
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    assert partnership.description == {"pl": "Współpraca aglomeracji."}
    assert partnership.agreement_signed_on == date(2016, 9, 13)
    assert partnership.revision == 1
    assert partnership.members.count() == 2  # the members stay
    event = AuditEvent.objects.get(code="cooperation.partnership.edited")
    assert event.agglomeration_id == world.olomouc.pk
    assert event.before == {
        "description": {},
        "agreement_signed_on": "2016-09-01",
        "agreement_precision": "month",
    }
    assert event.after == {
        "description": {"pl": "Współpraca aglomeracji."},
        "agreement_signed_on": "2016-09-13",
        "agreement_precision": "day",
    }
    assert str(sentence_for(event.code)) == "%(actor)s edited the partnership %(object)s"
    opole = client_of(world.users(world.opole, Role.COORDINATOR))
    assert "Współpraca aglomeracji." in opole.get(page_url(world, "opole")).content.decode()


def test_opole_edits_the_project_in_polish(world: CooperationWorld) -> None:
    client = client_of(world.users(world.opole, Role.MANAGER))
    form = opened(client, project_url(world, "opole"))
    assert form["registration_number"] == "CZ.11.4.120/0.0/0.0/16_026/0001080"
    response = client.post(
        project_url(world, "opole"),
        {
            **form,
            "name_pl": "Razem dla rozwoju aglomeracji",
            "activities_pl": "Staże i wizyty studyjne.",
            "registration_number": "  CZ.11.4.120/0.0/0.0/16_026/0001080 ",
            "ends_on": "2023-06-01",
        },
    )
    assert response.status_code == 302 and response["Location"] == page_url(world, "opole")
    project = CooperationProject.objects.get(pk=world.project.pk)
    assert project.name["pl"] == "Razem dla rozwoju aglomeracji"
    assert project.activities == {"pl": "Staże i wizyty studyjne."}
    assert project.ends_on == date(2023, 6, 1) and project.revision == 1
    event = AuditEvent.objects.get(code="cooperation.project.edited")
    assert event.agglomeration_id == world.opole.pk
    assert sorted(event.after) == ["activities", "ends_on", "name"]  # the number is unchanged
    assert event.before["ends_on"] == "2023-01-01"
    assert "edited the cooperation project" in str(sentence_for(event.code))


def test_a_bad_edit_answers_422_keeping_what_was_typed(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    form = opened(client, partnership_url(world, "olomouc"))
    response = client.post(
        partnership_url(world, "olomouc"),
        {**form, "name_cs": "", "name_en": "", "description_cs": "Náš popis"},
    )
    assert response.status_code == 422
    assert form_of(response.content.decode())["description_cs"] == "Náš popis"
    form = opened(client, project_url(world, "olomouc"))
    response = client.post(
        project_url(world, "olomouc"),
        {**form, "ends_on": "2019-01-01", "activities_cs": "Stáže"},  # before the start
    )
    assert response.status_code == 422
    assert form_of(response.content.decode())["activities_cs"] == "Stáže"
    world.project.refresh_from_db()
    world.partnership.refresh_from_db()
    assert world.project.revision == world.partnership.revision == 0
    assert not AuditEvent.objects.filter(code__endswith=".edited").exists()


@pytest.mark.parametrize("revision", [None, "abc"])
def test_an_edit_without_a_valid_revision_is_refused_with_a_message(
    world: CooperationWorld, revision: str | None
) -> None:
    client = client_of(world.manager)
    for url, what in (
        (partnership_url(world, "olomouc"), "partnership"),
        (project_url(world, "olomouc"), "project"),
    ):
        data: dict[str, Any] = {**opened(client, url), "name_en": "Changed"}
        if revision is None:
            del data["revision"]
        else:
            data["revision"] = revision
        response = client.post(url, data)
        assert response.status_code == 422
        assert f"does not say which version of the {what} it was opened from" in (
            response.content.decode()
        )
    with pytest.raises(ValidationError) as refused:
        actions.update_project(
            world.project,
            actions.ProjectFields(name={"en": "Changed"}),
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=None,
        )
    assert refused.value.code == "revision"
    with pytest.raises(ValidationError) as invalid:  # validated as when recorded
        actions.update_partnership(
            world.partnership,
            actions.PartnershipFields(name={"cs": " "}, agreement_source="ftp://x"),
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=0,
        )
    assert set(invalid.value.message_dict) == {"name", "agreement_source"}
    world.project.refresh_from_db()
    assert world.project.name["en"] == "Together for agglomerations"


# ---- the other side saved meanwhile


def test_a_stale_partnership_save_is_refused_and_merged_with_nothing_lost(
    world: CooperationWorld,
) -> None:
    olomouc = client_of(world.manager)
    opole = client_of(world.users(world.opole, Role.MANAGER))
    mine = opened(olomouc, partnership_url(world, "olomouc"))
    theirs = opened(opole, partnership_url(world, "opole"))
    # Opole's manager saves the Polish name meanwhile
    saved = opole.post(partnership_url(world, "opole"), {**theirs, "name_pl": "Współpraca"})
    assert saved.status_code == 302
    # Olomouc's save (the Czech description, the document) is refused
    refused = olomouc.post(
        partnership_url(world, "olomouc"),
        {**mine, "description_cs": "Dohoda o spolupráci.", "agreement_source": ""},
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Someone else saved this partnership" in page
    assert 'id="change-name_pl" data-outcome="taken"' in page
    assert "<del>—</del>" in page and "<ins>Współpraca</ins>" in page
    assert page.count("data-outcome=") == 1
    again = form_of(page)
    assert again["name_pl"] == "Współpraca"  # theirs taken in
    assert again["description_cs"] == "Dohoda o spolupráci."  # mine kept
    assert again["agreement_source"] == "" and again["revision"] == "1"
    assert olomouc.post(partnership_url(world, "olomouc"), again).status_code == 302
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    assert partnership.name["pl"] == "Współpraca"
    assert partnership.description == {"cs": "Dohoda o spolupráci."}
    assert partnership.agreement_source == "" and partnership.revision == 2


def test_a_stale_project_save_flags_what_both_changed(world: CooperationWorld) -> None:
    olomouc = client_of(world.manager)
    opole = client_of(world.users(world.opole, Role.MANAGER))
    mine = opened(olomouc, project_url(world, "olomouc"))
    theirs = opened(opole, project_url(world, "opole"))
    opole_changes = {"name_pl": "Razem", "starts_on": "2020-01-01", "starts_precision": "year"}
    assert opole.post(project_url(world, "opole"), {**theirs, **opole_changes}).status_code == 302
    refused = olomouc.post(
        project_url(world, "olomouc"), {**mine, "name_pl": "Wspólnie", "source": "https://a.eu/"}
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="change-name_pl" data-outcome="conflict"' in page
    assert 'id="change-starts_on" data-outcome="taken"' in page
    assert "<del>February 2020</del>" in page and "<ins>2020</ins>" in page
    assert 'id="change-starts_precision" data-outcome="taken"' in page
    assert "Changed both by you and in the version saved meanwhile (Polish)" in page
    again = form_of(page)
    assert again["name_pl"] == "Wspólnie" and again["source"] == "https://a.eu/"
    assert again["starts_on"] == "2020-01-01" and again["starts_precision"] == "year"
    assert olomouc.post(project_url(world, "olomouc"), again).status_code == 302
    project = CooperationProject.objects.get(pk=world.project.pk)
    assert project.name["pl"] == "Wspólnie" and project.starts_on == date(2020, 1, 1)
    assert project.source == "https://a.eu/" and project.revision == 2


def test_an_earlier_version_is_rebuilt_from_the_audit_log(world: CooperationWorld) -> None:
    first = actions.project_snapshot(world.project)
    second = actions.update_project(
        world.project,
        actions.ProjectFields(name={"en": "Second"}, registration_number="X 1"),
        agglomeration=world.olomouc,
        actor=world.manager,
        expected_revision=0,
    )
    assert queries.project_as_of(second, 0) == first
    assert queries.project_as_of(second, 1) == actions.project_snapshot(second)
    base = actions.partnership_snapshot(world.partnership)
    edited = actions.update_partnership(
        world.partnership,
        actions.PartnershipFields(name={"en": "Edited"}),
        agglomeration=world.opole,
        actor=world.users(world.opole, Role.COORDINATOR),
        expected_revision=0,
    )
    assert queries.partnership_as_of(edited, 0) == base
    with pytest.raises(actions.StaleEdit):
        actions.update_partnership(
            world.partnership,
            actions.PartnershipFields(name={"en": "Late"}),
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=0,
        )


def test_the_merged_values_are_written_for_people() -> None:
    show = merge.PROJECT.display
    version = {"ends_precision": "year"}
    assert show("ends_on", "2023-01-01", version, {}) == "2023"
    assert show("starts_on", "2023-01-01", {}, {}) == "2023-01-01"
    assert show("ends_precision", "month", {}, {}) == "month only"
    assert show("ends_precision", "decade", {}, {}) == "decade"
    assert show("registration_number", "", {}, {}) == "—"
    assert show("registration_number", "X 1", {}, {}) == "X 1"
    assert merge.PARTNERSHIP.labels["agreement_source"] == "Agreement document (web address)"


# ---- language pairs


def test_editing_only_the_czech_name_marks_the_other_names_as_older(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    assert OLDER_THAN_CZECH not in client.get(page_url(world)).content.decode()
    later = timezone.now() + timedelta(days=1)
    for url in (partnership_url(world, "olomouc"), project_url(world, "olomouc")):
        form = opened(client, url)
        with time_machine.travel(later, tick=False):
            assert client.post(url, {**form, "name_cs": form["name_cs"] + " 2"}).status_code == 302
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    assert [row.staleness.language for row in queries.item_stale(partnership)] == ["en"]
    assert queries.item_missing(partnership) == ["pl"]
    project = CooperationProject.objects.get(pk=world.project.pk)
    assert [(row.label, row.staleness.language) for row in queries.item_stale(project)] == [
        ("Name", "en")
    ]
    page = client.get(page_url(world)).content.decode()
    # the partnership's English name and the project's English name, each once
    assert page.count(OLDER_THAN_CZECH) == 2
    assert page.count('<span class="translation-stale">EN</span>') == 2
    assert '<span class="translation-missing">PL</span>' in page
    # the edit forms mark it beside the English input
    for url in (partnership_url(world, "olomouc"), project_url(world, "olomouc")):
        assert OLDER_THAN_CZECH in client.get(url).content.decode()
    # bringing the English name up to date clears the marker (a catch-up, not a new source)
    form = opened(client, partnership_url(world, "olomouc"))
    client.post(partnership_url(world, "olomouc"), {**form, "name_en": "Cooperation 2"})
    partnership.refresh_from_db()
    assert queries.item_stale(partnership) == []


def test_a_partnership_and_project_are_stamped_when_recorded(world: CooperationWorld) -> None:
    assert set(world.partnership.text_changed) == {"name"}
    assert set(world.partnership.text_changed["name"]) == {"cs", "en"}
    assert set(world.project.text_changed) == {"name", "programme"}
    assert world.project.starts_precision == DatePrecision.MONTH
