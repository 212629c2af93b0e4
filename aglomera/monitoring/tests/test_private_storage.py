"""Imported lists, generated reports and attachments live in the ONE private storage
(STORAGES["private"]) that every app server and worker shares.

An imported list is kept only until its result is recorded: a finished import (succeeded, dry
run, refused or failed) deletes it from the storage, the job keeps the file's name and SHA-256,
and the result page and linking unmatched operations do without it. Files are 0600 in folders
0700 on a filesystem. With another storage configured (here Django's in-memory storage, as S3
would be) nothing is read from or written to a local folder.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]  # no stubs installed
import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from fpdf import FPDF
from moto import mock_aws

from aglomera.accounts.models import Role, User
from aglomera.core import private_files
from aglomera.intentions.actions import submission
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.importing import merge
from aglomera.monitoring.importing.files import import_file_name
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    ImportStatus,
    Operation,
    OperationSource,
    SourceLayout,
)
from aglomera.monitoring.reports import storage
from aglomera.monitoring.tests.import_helpers import (
    AS_OF,
    FIRST,
    cz_2014_csv,
    cz_row,
    fixture,
    import_file,
    manager,
    write,
)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    return reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def queued(world: PipelineWorld, path: Path, **kwargs: Any) -> ImportJob:
    with path.open("rb") as handle:
        return imports.start_import(
            world.agglomeration,
            File(handle, name=path.name),
            file_name=path.name,
            source_name="ŘO IROP",
            layout=kwargs.pop("layout", SourceLayout.CZ_2014),
            as_of=AS_OF,
            enqueue=False,
            actor=manager(world),
            **kwargs,
        )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Zamer")
    return bytes(pdf.output())


# --- imported lists: stored privately, deleted once the result is recorded ----------------


def test_an_uploaded_list_is_stored_readable_by_the_owner_only(
    world: PipelineWorld, private_root: Path
) -> None:
    job = queued(world, fixture("cz_2014.csv"))
    stored = private_root / import_file_name(job)
    assert stored.read_bytes() == fixture("cz_2014.csv").read_bytes()
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700
    assert job.sha256 == sha256(fixture("cz_2014.csv"))


def test_a_succeeded_import_deletes_its_file_and_keeps_its_name_and_fingerprint(
    world: PipelineWorld,
) -> None:
    # Given a queued import whose list is in the storage
    job = queued(world, fixture("cz_2014.csv"))
    name = import_file_name(job)
    assert private_files.exists(name)
    # When it runs
    job = imports.run_import(job, actor=manager(world))
    # Then the result is recorded, the file is gone and the job still says what it was
    assert job.status == ImportStatus.SUCCEEDED
    assert not private_files.exists(name)
    job.refresh_from_db()
    assert (job.file_name, job.sha256) == ("cz_2014.csv", sha256(fixture("cz_2014.csv")))


def test_the_result_page_and_linking_need_no_file_after_the_import(world: PipelineWorld) -> None:
    # Given a finished import (its file deleted) with unmatched operations
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    assert not private_files.exists(import_file_name(job))
    intention = world.intention()
    operation = Operation.objects.get(registration_number=FIRST)
    client = client_for(world.user(Role.COORDINATOR))
    # When the coordinator opens the result and links an operation
    page = client.get(url("import_result", world, pk=job.pk))
    response = client.post(
        url("link_operation", world, pk=operation.pk), {"job": job.pk, "intention": intention.pk}
    )
    # Then both work
    assert page.status_code == 200
    assert FIRST in page.content.decode()
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.intention_id == intention.pk
    # And the job page sends the finished job to its result instead of reading the file
    assert client.get(url("import_job", world, pk=job.pk))["Location"] == url(
        "import_result", world, pk=job.pk
    )


def test_a_refused_import_deletes_its_file(world: PipelineWorld, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", cz_2014_csv(cz_row(), cz_row(eu="-1", number="CZ.1")))
    job = queued(world, path)
    job = imports.run_import(job, actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert job.refused
    assert not private_files.exists(import_file_name(job))
    assert job.sha256 == sha256(path)


def test_a_dry_run_deletes_its_file(world: PipelineWorld) -> None:
    job = queued(world, fixture("cz_2014.csv"), dry_run=True)
    job = imports.run_import(job, actor=manager(world))
    assert job.status == ImportStatus.SUCCEEDED
    assert not private_files.exists(import_file_name(job))


def test_an_import_that_fails_unexpectedly_deletes_its_file(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge, "merge", broken)
    job = queued(world, fixture("cz_2014.csv"))
    with caplog.at_level(logging.ERROR):
        job = imports.run_import(job, actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert "unexpectedly" in job.failure_message
    assert not private_files.exists(import_file_name(job))


def test_an_import_waiting_for_its_column_mapping_keeps_its_file(world: PipelineWorld) -> None:
    OperationSource.objects.create(
        agglomeration=world.agglomeration,
        name="ŘO IROP",
        layout=SourceLayout.CUSTOM,
        encoding="utf-8-sig",
    )
    job = queued(world, fixture("cz_2014.csv"), layout=SourceLayout.CUSTOM)
    page = client_for(manager(world)).get(url("import_mapping", world, pk=job.pk))
    assert page.status_code == 200
    assert job.status == ImportStatus.QUEUED
    assert private_files.exists(import_file_name(job))


def test_a_file_the_storage_cannot_delete_is_logged_and_the_result_stands(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(name: str) -> None:
        raise PermissionError(name)

    job = queued(world, fixture("cz_2014.csv"))
    monkeypatch.setattr(private_files, "delete", refuse)
    with caplog.at_level(logging.ERROR):
        job = imports.run_import(job, actor=manager(world))
    assert job.status == ImportStatus.SUCCEEDED
    assert "could not be deleted" in caplog.text


def test_a_stored_list_above_the_import_limit_is_refused_without_a_local_copy(
    world: PipelineWorld, settings: Any
) -> None:
    # Given a list stored while the limit was higher
    job = queued(world, fixture("cz_2014.csv"))
    settings.IMPORT_MAX_BYTES = 100
    # When it runs, it is refused with the limit in the message
    job = imports.run_import(job, actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert "larger than" in job.failure_message


def test_an_attachment_is_stored_readable_by_the_owner_only(
    world: PipelineWorld, private_root: Path
) -> None:
    pdf = a_pdf()
    attachment = submission.add_attachment(
        world.draft(), SimpleUploadedFile("zamer.pdf", pdf), actor=world.user(Role.APPLICANT)
    )
    stored = private_root / attachment.file.name
    assert stored.read_bytes() == pdf
    assert stored.stat().st_mode & 0o777 == 0o600
    for folder in (stored.parent, stored.parent.parent, private_root / "attachments"):
        assert folder.stat().st_mode & 0o777 == 0o700


# --- another storage: nothing goes through a local folder -----------------------------------


@pytest.fixture
def memory_storage(settings: Any) -> Iterator[None]:
    """Private files in Django's in-memory storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield


@pytest.fixture
def s3_storage(settings: Any) -> Iterator[None]:
    """Private files in an S3 bucket, as with PRIVATE_STORAGE=s3: django-storages' S3Storage
    against moto's in-process S3 (a test dependency), so no request leaves the process."""
    with mock_aws():
        boto3.client("s3", region_name="eu-central-1").create_bucket(
            Bucket="aglomera-private",
            CreateBucketConfiguration={"LocationConstraint": "eu-central-1"},
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "aglomera-private",
                    "region_name": "eu-central-1",
                    "access_key": "testing",
                    "secret_key": "testing",
                    "location": "olomouc",
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
        yield


@pytest.mark.parametrize("storage_fixture", ["memory_storage", "s3_storage"])
def test_imports_reports_and_attachments_go_only_through_the_private_storage(
    world: PipelineWorld,
    storage_fixture: str,
    request: pytest.FixtureRequest,
    settings: Any,
    tmp_path: Path,
    private_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Given private files in a storage that is not a local folder (the folder does not exist)
    request.getfixturevalue(storage_fixture)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "not-used"
    client = client_for(manager(world))
    # When a list is uploaded on the web and its import runs
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("import_list", world),
            {
                "file": SimpleUploadedFile("cz_2014.csv", fixture("cz_2014.csv").read_bytes()),
                "layout": SourceLayout.CZ_2014,
                "source_name": "ŘO IROP",
                "as_of": "2024-05-31",
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportStatus.SUCCEEDED
    assert Operation.objects.filter(registration_number=FIRST).exists()
    # ... and the list of operations is generated and downloaded
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(
            world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager(world)
        )
    report = GeneratedReport.objects.get(pk=report.pk)
    assert report.status == ImportStatus.SUCCEEDED
    download = client.get(
        reverse("monitoring:report_download", args=[world.agglomeration.slug, report.pk, "csv"])
    )
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert body.startswith('"Unique code of the operation [Art. 49(3)]"')
    # (the imported 2014-2020 operation is rightly not in the 2021/1060 list)
    assert FIRST not in body
    # ... and an applicant's attachment is stored and downloaded
    pdf = a_pdf()
    intention = world.draft()
    attachment = submission.add_attachment(
        intention, SimpleUploadedFile("zamer.pdf", pdf), actor=world.user(Role.APPLICANT)
    )
    with attachment.file.open("rb") as handle:  # the model's field uses the same storage
        assert handle.read() == pdf
    got = client_for(world.user(Role.APPLICANT)).get(
        reverse(
            "intentions:attachment",
            kwargs={
                "slug": world.agglomeration.slug,
                "pk": intention.pk,
                "attachment_pk": attachment.pk,
            },
        )
    )
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == pdf  # type: ignore[attr-defined]
    # Then everything went to the configured storage and no local folder was made
    assert private_files.exists(attachment.file.name)
    assert private_files.exists(f"reports/{report.files['csv']}")
    assert not private_files.exists(import_file_name(job))
    assert not (tmp_path / "not-used").exists()
    assert not private_root.exists()


def test_a_stored_report_name_that_is_not_ours_is_never_served(world: PipelineWorld) -> None:
    # A name pointing outside the reports folder is a 404, never a path outside the storage
    report = GeneratedReport.objects.create(
        agglomeration=world.agglomeration,
        kind=GeneratedReportKind.OPERATIONS,
        status=ImportStatus.SUCCEEDED,
        files={"csv": "../../etc/passwd", "json": "/etc/passwd"},
        created_by=manager(world),
    )
    client = client_for(manager(world))
    for extension in ("csv", "json"):
        response = client.get(
            reverse(
                "monitoring:report_download",
                args=[world.agglomeration.slug, report.pk, extension],
            )
        )
        assert response.status_code == 404


def test_a_report_whose_second_file_cannot_be_saved_leaves_no_file(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch, private_root: Path
) -> None:
    report = GeneratedReport.objects.create(
        agglomeration=world.agglomeration,
        kind=GeneratedReportKind.OPERATIONS,
        created_by=manager(world),
    )
    save = private_files.save

    def full_after_one(name: str, content: Any) -> str:
        if name.endswith(".xlsx"):
            raise OSError("no space left on the device")
        return save(name, content)

    monkeypatch.setattr(private_files, "save", full_after_one)
    with pytest.raises(OSError, match="no space"):
        storage.store_files(report, {"csv": b"a,b\n", "xlsx": b"PK"})
    assert not any(p.is_file() for p in private_root.rglob("*"))
