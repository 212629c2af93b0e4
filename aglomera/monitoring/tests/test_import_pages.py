"""Import pages through HTTP: upload -> job -> result, mapping, links, roles, query counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.core import private_files
from aglomera.core.models import AuditEvent
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSource,
    SourceLayout,
)
from aglomera.monitoring.tests.builders import operation_outside_iti
from aglomera.monitoring.tests.import_helpers import (
    cz_2014_csv,
    cz_row,
    every_row_is_ours,
    fixture,
    import_file,
)
from aglomera.strategy.tests.builders import make_opole, make_user

READERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
STAFF = {Role.MANAGER, Role.COORDINATOR}
FIRST = "CZ.06.2.56/0.0/0.0/16_043/0001234"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    return reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def upload(path: Path, **fields: Any) -> dict[str, Any]:
    data = {
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
        "layout": SourceLayout.CZ_2014,
        "source_name": "ŘO IROP",
        "as_of": "2024-05-31",
    }
    data.update(fields)
    return data


def test_staff_upload_a_list_and_follow_it_to_the_result(
    world: PipelineWorld, django_capture_on_commit_callbacks: Any
) -> None:
    # Given the coordinator on the import page
    client = client_for(world.user(Role.COORDINATOR))
    page = client.get(url("import_list", world))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    # When they upload the CZ list (the task runs when the upload commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("import_list", world), upload(fixture("cz_2014.csv")))
    job = ImportJob.objects.get()
    # Then they land on the job page, which sends a finished job to its result
    assert response.status_code == 302
    assert response["Location"] == url("import_job", world, pk=job.pk)
    assert job.status == ImportStatus.SUCCEEDED
    assert job.created_by == world.user(Role.COORDINATOR)
    followed = client.get(response["Location"], follow=True)
    assert followed.redirect_chain[-1][0] == url("import_result", world, pk=job.pk)
    body = followed.content.decode()
    assert "Operations without an intention" in body
    assert FIRST in body
    # And the list shows the import
    assert "cz_2014.csv" in client.get(url("import_list", world)).content.decode()


def test_a_queued_job_shows_a_progress_bar_that_polls(world: PipelineWorld) -> None:
    # Given an upload whose task has not run yet (the database backend would queue it)
    client = client_for(world.user(Role.MANAGER))
    client.post(url("import_list", world), upload(fixture("cz_2014.csv")))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    # Then the job page has a progress bar polling every second
    page = client.get(url("import_job", world, pk=job.pk)).content.decode()
    assert "<progress" in page
    assert 'hx-trigger="every 1s"' in page
    assert "0 of 0 rows" in page
    fragment = client.get(url("import_progress", world, pk=job.pk), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert b"<progress" in fragment.content
    # And the result page sends back to the job while it runs
    assert client.get(url("import_result", world, pk=job.pk))["Location"] == url(
        "import_job", world, pk=job.pk
    )


def test_the_progress_fragment_redirects_to_the_result_when_done(world: PipelineWorld) -> None:
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    client = client_for(world.user(Role.AUDITOR))
    htmx = client.get(url("import_progress", world, pk=job.pk), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == url("import_result", world, pk=job.pk)
    plain = client.get(url("import_progress", world, pk=job.pk))
    assert plain["Location"] == url("import_result", world, pk=job.pk)


def test_a_bad_upload_re_renders_with_the_message_and_the_input(world: PipelineWorld) -> None:
    client = client_for(world.user(Role.MANAGER))
    data = upload(fixture("cz_2014.csv"))
    data["file"] = SimpleUploadedFile("list.pdf", b"%PDF-1.4")
    response = client.post(url("import_list", world), {**data, "source_name": "Můj zdroj"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Upload the list as .xlsx, .xls, .ods or .csv." in body
    assert 'value="Můj zdroj"' in body
    missing = client.post(url("import_list", world), {"layout": "cz_2014"})
    assert missing.status_code == 422
    assert not ImportJob.objects.exists()


def test_a_refused_import_shows_every_refused_row(
    world: PipelineWorld, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(cz_2014_csv(cz_row(), cz_row("CZ.1/2", eligible="1.234")), encoding="utf-8")
    client = client_for(world.user(Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import_list", world), upload(path))
    job = ImportJob.objects.get()
    body = client.get(url("import_result", world, pk=job.pk)).content.decode()
    assert "1 of 2 rows are refused" in body
    assert '<td class="num">3</td><td>Registrační číslo projektu</td>' in body
    assert '<td class="num">3</td><td>CZV projektu</td>' in body
    assert not Operation.objects.exists()


def test_a_custom_list_asks_for_the_mapping_once_and_reuses_it(
    world: PipelineWorld, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a custom list uploaded for a new source
    client = client_for(world.user(Role.MANAGER))
    data = upload(fixture("cz_2014.csv"), layout=SourceLayout.CUSTOM, source_name="Kraj")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import_list", world), data)
    job = ImportJob.objects.get()
    # Then the job page asks for the column mapping, offering the file's headers
    response = client.get(url("import_job", world, pk=job.pk))
    assert response["Location"] == url("import_mapping", world, pk=job.pk)
    page = client.get(response["Location"]).content.decode()
    assert '<option value="CZV projektu">CZV projektu</option>' in page
    # When a mapping misses a required field or names the same column twice
    mapping = {
        "registration_number": "Registrační číslo projektu",
        "name": "Název projektu CZ",
        "beneficiary": "Žadatel",
        "state_code": "Kód stavu",
    }
    bad = client.post(url("import_mapping", world, pk=job.pk), mapping)
    assert bad.status_code == 422
    twice = client.post(
        url("import_mapping", world, pk=job.pk),
        {**mapping, "eligible_cost": "CZV projektu", "paid_eligible": "CZV projektu"},
    )
    assert twice.status_code == 422
    assert "already chosen" in twice.content.decode()
    # When it is complete
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url("import_mapping", world, pk=job.pk),
            {**mapping, "eligible_cost": "CZV projektu", "eu_contribution": "Příspěvek EU"},
        )
    # Then the import runs and the mapping is kept on the source
    assert done["Location"] == url("import_job", world, pk=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert OperationSource.objects.get(name="Kraj").column_mapping["eu_contribution"] == (
        "Příspěvek EU"
    )
    # And the next upload for that source runs at once
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import_list", world), data | {"file": _again()})
    latest = ImportJob.objects.first()
    assert latest is not None
    assert (latest.status, latest.unchanged) == (ImportStatus.SUCCEEDED, 3)
    # And the mapping page of a job that needs none goes back to the job
    assert client.get(url("import_mapping", world, pk=latest.pk))["Location"] == url(
        "import_job", world, pk=latest.pk
    )


def _again() -> SimpleUploadedFile:
    return SimpleUploadedFile("cz_2014.csv", fixture("cz_2014.csv").read_bytes())


def test_the_mapping_page_reports_a_file_it_cannot_read(world: PipelineWorld) -> None:
    client = client_for(world.user(Role.MANAGER))
    source = OperationSource.objects.create(
        agglomeration=world.agglomeration,
        name="Kraj",
        layout=SourceLayout.CUSTOM,
        encoding="utf-8-sig",
    )
    client.post(
        url("import_list", world),
        upload(fixture("cz_2014.csv"), layout=SourceLayout.CUSTOM, source_name=source.name),
    )
    job = ImportJob.objects.get()
    from aglomera.monitoring.importing.files import import_file_name

    name = import_file_name(job)
    private_files.delete(name)
    private_files.save(name, "Název;Žadatel\n".encode("cp1250"))
    response = client.get(url("import_mapping", world, pk=job.pk))
    # The file is unreadable: it does not wait for a mapping, the import will refuse it
    assert response["Location"] == url("import_job", world, pk=job.pk)


def test_staff_link_an_operation_from_the_result_page(world: PipelineWorld) -> None:
    # Given an import with unmatched operations and an intention without a number
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    intention = world.intention()
    operation = Operation.objects.get(registration_number=FIRST)
    client = client_for(world.user(Role.COORDINATOR))
    link = url("link_operation", world, pk=operation.pk)
    page = client.get(url("import_result", world, pk=job.pk)).content.decode()
    assert f'action="{link}"' in page
    # When an empty choice is sent, the page comes back with the message next to the row
    empty = client.post(link, {"job": job.pk, "intention": ""})
    assert empty.status_code == 422
    assert f'id="link-error-{operation.pk}"' in empty.content.decode()
    # When the intention is chosen
    response = client.post(link, {"job": job.pk, "intention": intention.pk})
    # Then the operation is linked and the result page no longer lists it
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.intention_id == intention.pk
    assert (
        f"<td>{FIRST}</td>"
        not in client.get(url("import_result", world, pk=job.pk)).content.decode()
    )
    # And a missing job is a 404
    assert client.post(link, {"job": "x", "intention": intention.pk}).status_code == 404


def test_a_foreign_intention_cannot_be_linked(world: PipelineWorld) -> None:
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    operation = Operation.objects.get(registration_number=FIRST)
    world.intention()  # so that the page offers a choice
    client = client_for(world.user(Role.MANAGER))
    response = client.post(
        url("link_operation", world, pk=operation.pk), {"job": job.pk, "intention": 999999}
    )
    assert response.status_code == 422
    operation.refresh_from_db()
    assert operation.intention_id is None


def test_an_intention_of_another_agglomeration_is_refused_by_the_link_form(
    world: PipelineWorld,
) -> None:
    # Given an unmatched operation of Olomouc and an intention of Opole
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    operation = Operation.objects.get(registration_number=FIRST)
    world.intention()  # so that the page offers a choice
    foreign = PipelineWorld.create(make_opole()).intention()
    events = AuditEvent.objects.count()
    # When Olomouc's manager links the operation to Opole's intention
    response = client_for(world.user(Role.MANAGER)).post(
        url("link_operation", world, pk=operation.pk), {"job": job.pk, "intention": foreign.pk}
    )
    # Then the form refuses it (it offers only Olomouc's intentions) and nothing is written
    assert response.status_code == 422
    assert f'id="link-error-{operation.pk}"' in response.content.decode()
    operation.refresh_from_db()
    assert operation.intention_id is None
    assert AuditEvent.objects.count() == events


def test_a_job_or_an_operation_of_another_agglomeration_is_not_found(
    world: PipelineWorld,
) -> None:
    # Given an import and an operation of Opole
    opole = every_row_is_ours(make_opole())
    source = OperationSource.objects.create(agglomeration=opole, name="FEO")
    job = ImportJob.objects.create(
        agglomeration=opole,
        source=source,
        file_name="list.csv",
        as_of="2024-05-31",
        status=ImportStatus.SUCCEEDED,
    )
    operation = operation_outside_iti(opole)
    own = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    # Then Olomouc's manager finds neither under Olomouc
    client = client_for(world.user(Role.MANAGER))
    assert client.get(url("import_result", world, pk=job.pk)).status_code == 404
    linked = client.post(
        url("link_operation", world, pk=operation.pk), {"job": own.pk, "intention": ""}
    )
    assert linked.status_code == 404
    own_operation = Operation.objects.filter(agglomeration=world.agglomeration).first()
    assert own_operation is not None
    other_job = client.post(
        url("link_operation", world, pk=own_operation.pk), {"job": job.pk, "intention": ""}
    )
    assert other_job.status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reads_and_imports_as_allowed(world: PipelineWorld, role: Role) -> None:
    # Given a finished import and a queued one
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    operation = Operation.objects.get(registration_number=FIRST)
    client = client_for(world.user(role))
    can_read = role in READERS
    can_import = role in STAFF
    # Then reading needs monitoring.view and writing monitoring.import
    expected_read = 200 if can_read else 403
    assert client.get(url("import_list", world)).status_code == expected_read
    assert client.get(url("import_result", world, pk=job.pk)).status_code == expected_read
    assert client.get(url("import_progress", world, pk=job.pk)).status_code in (
        {302} if can_read else {403}
    )
    posted = client.post(url("import_list", world), upload(fixture("cz_2014.csv")))
    assert posted.status_code == (302 if can_import else 403)
    assert client.get(url("import_mapping", world, pk=job.pk)).status_code == (
        302 if can_import else 403
    )
    link = client.post(url("link_operation", world, pk=operation.pk), {"job": job.pk})
    assert link.status_code == (422 if can_import else 403)
    if can_read and not can_import:
        assert b"<select" not in client.get(url("import_result", world, pk=job.pk)).content


def test_outsiders_get_404_everywhere(world: PipelineWorld) -> None:
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=world.user(Role.MANAGER))
    operation = Operation.objects.get(registration_number=FIRST)
    opole = every_row_is_ours(make_opole())
    client = client_for(make_user("opole-boss", (opole, Role.MANAGER)))
    for name, kwargs in [
        ("import_list", {}),
        ("import_job", {"pk": job.pk}),
        ("import_progress", {"pk": job.pk}),
        ("import_result", {"pk": job.pk}),
        ("import_mapping", {"pk": job.pk}),
    ]:
        assert client.get(url(name, world, **kwargs)).status_code == 404, name
    assert client.post(url("link_operation", world, pk=operation.pk)).status_code == 404
    # And a job of another agglomeration is not found under this one
    manager = client_for(world.user(Role.MANAGER))
    other = reverse("monitoring:import_result", kwargs={"slug": opole.slug, "pk": job.pk})
    assert client.get(other).status_code == 404
    assert manager.get(url("import_result", world, pk=job.pk + 1000)).status_code == 404


def test_the_nav_shows_monitoring_to_readers_only(world: PipelineWorld) -> None:
    overview = reverse("agglomerations:detail", kwargs={"slug": world.agglomeration.slug})
    link = url("import_list", world)
    assert link in client_for(world.user(Role.AUDITOR)).get(overview).content.decode()
    assert link not in client_for(world.user(Role.APPLICANT)).get(overview).content.decode()


def test_the_result_page_runs_a_fixed_number_of_queries(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a small import and a large one (more operations, more intentions)
    manager = world.user(Role.MANAGER)
    small = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager)
    world.intention()
    client = client_for(world.user(Role.COORDINATOR))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("import_result", world, pk=small.pk)).status_code == 200
    rows = [cz_row(f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}") for n in range(120)]
    path = tmp_path / "big.csv"
    path.write_text(cz_2014_csv(*rows), encoding="utf-8")
    big = import_file(world.agglomeration, path, actor=manager)
    for _ in range(5):
        world.intention()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("import_result", world, pk=big.pk) + "?page=2")
    assert page.status_code == 200
    assert "Page 2 of 3" in page.content.decode()
    # Then the number of queries does not grow with the data
    assert len(few) == len(many)
    # And so does the list of imports
    with CaptureQueriesContext(connection) as listing:
        client.get(url("import_list", world))
    for _ in range(3):
        import_file(world.agglomeration, path, actor=manager, source_name="Jiný")
    with CaptureQueriesContext(connection) as listing_more:
        client.get(url("import_list", world))
    assert len(listing) == len(listing_more)


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_the_date_of_the_data_is_filled_in_as_a_date_field_reads_it(
    world: PipelineWorld, language: str, time_machine: Any
) -> None:
    # A date input takes ISO dates whatever the page's language; "7. 12. 2026" would leave the
    # field empty and the form refused for a date the user never removed.
    time_machine.move_to("2026-12-07 10:00 +01:00")
    client = client_for(world.user(Role.MANAGER))
    page = client.get(
        url("import_list", world).replace("/en/", f"/{language}/"), HTTP_ACCEPT_LANGUAGE=language
    )
    assert 'type="date"' in page.content.decode()
    assert 'value="2026-12-07"' in page.content.decode()
