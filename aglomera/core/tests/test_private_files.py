"""Private files live in ONE storage (STORAGES["private"]) that every app server and worker
shares, used only through aglomera/core/private_files.py.

The settings build a shared folder (0600 files in 0700 folders) or an S3-compatible bucket; no
module reads PRIVATE_MEDIA_ROOT itself; a reader that needs a local path gets a temporary copy
that is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage

from aglomera.core import private_files

ROOT = Path(__file__).resolve().parents[3]

STORAGE_VARS = (
    "PRIVATE_STORAGE",
    "PRIVATE_MEDIA_ROOT",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_SECRET_ACCESS_KEY_FILE",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
)

PRINT_PRIVATE_STORAGE = """
import json
from django.conf import settings
import django
django.setup()
from django.core.files.storage import storages
storage = storages["private"]
print(json.dumps({
    "backend": settings.STORAGES["private"]["BACKEND"],
    "class": type(storage).__name__,
    "options": {k: str(v) for k, v in settings.STORAGES["private"]["OPTIONS"].items()},
    "bucket": getattr(storage, "bucket_name", None),
}))
"""


def private_storage_of(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Build the settings and the private storage in a fresh interpreter with these variables."""
    clean = {k: v for k, v in os.environ.items() if k not in STORAGE_VARS}
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "APP_ENV": "development",
            "VAR_DIR": str(tmp_path),
            "DB_ENGINE": "sqlite",
        },
        **env,
    )
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PRINT_PRIVATE_STORAGE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- settings ------------------------------------------------------------------------------


def test_by_default_private_files_go_to_a_shared_folder_readable_by_the_owner_only(
    tmp_path: Path,
) -> None:
    result = private_storage_of(tmp_path, PRIVATE_MEDIA_ROOT=str(tmp_path / "shared"))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["class"] == "FileSystemStorage"
    assert found["options"] == {
        "location": str(tmp_path / "shared"),
        "file_permissions_mode": str(0o600),
        "directory_permissions_mode": str(0o700),
    }


def test_private_storage_s3_builds_a_bucket_storage_from_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "s3-secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    result = private_storage_of(
        tmp_path,
        PRIVATE_STORAGE="s3",
        S3_BUCKET="aglomera-private",
        S3_ENDPOINT_URL="https://s3.example.org",
        S3_REGION="eu-central-1",
        S3_ACCESS_KEY_ID="key-id",
        S3_SECRET_ACCESS_KEY_FILE=str(secret),
        S3_PREFIX="/olomouc/",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert found["bucket"] == "aglomera-private"
    options = found["options"]
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-central-1"
    assert options["access_key"] == "key-id"
    assert options["secret_key"] == "from-a-file"
    assert options["location"] == "olomouc"
    assert options["default_acl"] == "None"
    assert options["file_overwrite"] == "False"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PRIVATE_STORAGE": "s3"}, "PRIVATE_STORAGE=s3 needs S3_BUCKET"),
        ({"PRIVATE_STORAGE": "ftp"}, "PRIVATE_STORAGE must be filesystem or s3"),
    ],
)
def test_a_private_storage_setting_that_cannot_work_is_refused_at_start(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = private_storage_of(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_no_module_reads_the_private_folder_past_the_storage() -> None:
    # Only the settings (which build the storage) may name PRIVATE_MEDIA_ROOT; everything else
    # goes through storages["private"], so another storage (S3) changes no code.
    reads = re.compile(r"settings\.PRIVATE_MEDIA_ROOT|\(settings, \"PRIVATE_MEDIA_ROOT\"")
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "aglomera").rglob("*.py")
        if "tests" not in path.parts and reads.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == []


# --- the storage ---------------------------------------------------------------------------


def test_files_are_saved_whole_0600_in_folders_0700(private_root: Path) -> None:
    name = private_files.save("reports/7/1-operations.csv", b"a,b\n")
    assert name == "reports/7/1-operations.csv"
    path = private_root / name
    assert path.read_bytes() == b"a,b\n"
    assert path.stat().st_mode & 0o777 == 0o600
    for folder in (path.parent, path.parent.parent, private_root):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_a_taken_name_is_never_overwritten(private_root: Path) -> None:
    first = private_files.save("imports/list.csv", b"first")
    second = private_files.save("imports/list.csv", ContentFile(b"second"))
    assert first != second
    with private_files.open_file(first) as handle:
        assert handle.read() == b"first"
    with private_files.open_file(second) as handle:
        assert handle.read() == b"second"


def test_a_missing_file_is_not_found_and_deleting_it_again_is_harmless() -> None:
    assert not private_files.exists("imports/gone.csv")
    with pytest.raises(FileNotFoundError):
        private_files.open_file("imports/gone.csv")
    private_files.delete("imports/gone.csv")
    private_files.delete("")


@pytest.mark.parametrize(
    "name",
    [
        "../etc/passwd",
        "reports/../../etc/passwd",
        "/etc/passwd",
        "reports\\..\\x",
        "",
        "reports//x",
        "reports/.hidden",
        "reports/x\x00.pdf",
    ],
)
def test_a_name_that_is_not_a_plain_relative_name_is_never_opened(
    private_root: Path, name: str
) -> None:
    (private_root.parent / "passwd").write_text("secret", encoding="utf-8")
    assert not private_files.exists(name)
    with pytest.raises(FileNotFoundError):
        private_files.open_file(name)
    with pytest.raises(FileNotFoundError):
        private_files.save(name, b"x")


def test_a_local_copy_is_deleted_afterwards_and_capped() -> None:
    name = private_files.save("imports/list.csv", b"x" * 3000)
    with private_files.local_copy(name, max_bytes=3000, suffix=".csv") as path:
        assert path.suffix == ".csv"
        assert path.read_bytes() == b"x" * 3000
        assert path.stat().st_mode & 0o777 == 0o600
    assert not path.exists()
    # Larger than allowed: refused, and no copy is left behind
    before = set(Path(tempfile.gettempdir()).glob("aglomera-*"))
    with (
        pytest.raises(private_files.FileTooLargeError),
        private_files.local_copy(name, max_bytes=2999),
    ):
        pytest.fail("the body must not run")
    with (
        pytest.raises(FileNotFoundError),
        private_files.local_copy("imports/gone.csv", max_bytes=10),
    ):
        pytest.fail("the body must not run")
    assert set(Path(tempfile.gettempdir()).glob("aglomera-*")) == before


def test_the_private_storage_follows_the_settings(settings: Any, private_root: Path) -> None:
    # The suite-wide fixture points it at this test's folder ...
    storage = private_files.storage()
    assert isinstance(storage, FileSystemStorage)
    assert Path(storage.location) == private_root
    # ... and any other storage configured in STORAGES["private"] is used from then on.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert isinstance(private_files.storage(), InMemoryStorage)
    name = private_files.save("attachments/2025/05/a.pdf", b"%PDF-")
    assert private_files.exists(name)
    assert name == "attachments/2025/05/a.pdf"
    assert not private_root.exists() or not any(private_root.rglob("*"))
