"""Where generated report files live: PRIVATE_MEDIA_ROOT/reports/<agglomeration id>/.

Files are outside the web root and served only by the permission-checked download view.
`GeneratedReport.files` maps a format ("pdf", "csv", ...) to the stored name, relative to the
reports directory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings

from aglomera.monitoring.models import GeneratedReport

MIME_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def reports_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "reports"


def store_files(report: GeneratedReport, files: dict[str, bytes]) -> dict[str, str]:
    """Write each file atomically (temporary file, then rename); format -> stored name."""
    folder = reports_root() / str(report.agglomeration_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored: dict[str, str] = {}
    for extension, body in files.items():
        name = f"{report.pk}-{report.kind}.{extension}"
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
        with os.fdopen(handle, "wb") as output:
            output.write(body)
        Path(temporary).replace(folder / name)
        stored[extension] = f"{report.agglomeration_id}/{name}"
    return stored


def remove_files(report: GeneratedReport, extensions: list[str]) -> None:
    """Remove whatever a failed run may have left behind."""
    folder = reports_root() / str(report.agglomeration_id)
    for extension in extensions:
        (folder / f"{report.pk}-{report.kind}.{extension}").unlink(missing_ok=True)


def stored_path(report: GeneratedReport, extension: str) -> Path | None:
    """The file of one format of a report, or None when there is none (never outside the root)."""
    name = (report.files or {}).get(extension)
    if not isinstance(name, str) or not name:
        return None
    root = reports_root().resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def download_name(report: GeneratedReport, extension: str) -> str:
    """e.g. olomouc-fulfilment-2024-01-01-2024-12-31.pdf"""
    parts = [report.agglomeration.slug, report.kind.replace("_", "-")]
    if report.period_start:
        parts.append(report.period_start.isoformat())
    if report.period_end:
        parts.append(report.period_end.isoformat())
    return "-".join(parts) + f".{extension}"
