"""Oversized requests are refused from their Content-Length, before anything reads the body.

The test client's request body (FakePayload) fails loudly when anything reads more than it
holds: a request that declares hundreds of megabytes and carries a few bytes is answered 413
only if nothing tried to read it.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.test import Client

from aglomera.core.request_size import limit_for, upload_limit

MIB = 1024 * 1024
IMPORT_PAGE = "/en/app/olomouc/monitoring/imports/"
ATTACHMENT_PAGE = "/en/app/olomouc/intentions/7/attachments/"
NEW_INTENTION_PAGE = "/en/app/olomouc/calls/3/intentions/new/"
EDIT_INTENTION_PAGE = "/en/app/olomouc/intentions/7/edit/"
EXCHANGE_PHOTO_PAGE = "/en/app/olomouc/cooperation/exchanges/5/photos/"
ORDINARY_FORM = "/en/app/olomouc/organisations/new/"
# The start of a multipart upload: what a browser sends for a file field.
TINY_BODY = b'--b\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\n\r\nabc'


def csrf_client() -> Client:
    """A client whose POSTs pass the CSRF middleware only after it has read the form."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    return client


def post_declaring(client: Client, path: str, declared: int, **headers: Any) -> Any:
    """POST a few bytes of a multipart upload whose Content-Length claims `declared` bytes."""
    return client.generic(
        "POST",
        path,
        TINY_BODY,
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(declared),
        **headers,
    )


def test_without_the_limit_the_body_would_be_read(settings: Any) -> None:
    # The premise of these tests: the CSRF check reads a multipart form, and the test body
    # fails when more is read than it holds.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequestSizeLimit" not in m]
    with pytest.raises(AssertionError, match="Cannot read more than the available bytes"):
        post_declaring(csrf_client(), IMPORT_PAGE, 300 * MIB)


def test_a_300_mb_import_is_refused_before_its_body_is_read() -> None:
    response = post_declaring(csrf_client(), IMPORT_PAGE, 300 * MIB)
    assert response.status_code == 413
    page = response.content.decode()
    assert "The list of operations is too large" in page
    assert "100.0\xa0MB" in page  # IMPORT_MAX_BYTES, as the office reads it
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "path", [ATTACHMENT_PAGE, NEW_INTENTION_PAGE, EDIT_INTENTION_PAGE, EXCHANGE_PHOTO_PAGE]
)
def test_attachments_over_the_upload_limit_are_refused_unread(path: str) -> None:
    response = post_declaring(csrf_client(), path, 300 * MIB)
    assert response.status_code == 413
    page = response.content.decode()
    assert "The files are too large: at most 50.0\xa0MB can be sent at once" in page
    assert "each attachment may have at most 10.0\xa0MB" in page


def test_an_ordinary_form_takes_only_a_small_body() -> None:
    response = post_declaring(csrf_client(), ORDINARY_FORM, 3 * MIB)
    assert response.status_code == 413
    assert "The data sent is too large (at most 2.5\xa0MB)" in response.content.decode()


def test_an_address_without_a_view_gets_the_small_limit_too() -> None:
    response = post_declaring(csrf_client(), "/en/no-such-page/", 300 * MIB)
    assert response.status_code == 413


def test_a_large_import_within_its_limit_reaches_the_view() -> None:
    # 50 MB declared to the import page passes the size check; the view then sends an anonymous
    # visitor to the login page without reading the body.
    response = post_declaring(Client(), IMPORT_PAGE, 50 * MIB)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    # the same body to an ordinary form is too large
    assert post_declaring(csrf_client(), ORDINARY_FORM, 50 * MIB).status_code == 413


def test_the_limits_follow_the_settings(settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    settings.REQUEST_MAX_BYTES = 100
    settings.UPLOAD_REQUEST_MAX_BYTES = 500
    assert (limit_for("import"), limit_for("attachment"), limit_for(None)) == (1100, 500, 100)
    assert post_declaring(csrf_client(), IMPORT_PAGE, 1101).status_code == 413
    assert post_declaring(csrf_client(), ATTACHMENT_PAGE, 501).status_code == 413
    assert post_declaring(csrf_client(), ORDINARY_FORM, 101).status_code == 413


def test_the_refusal_page_is_in_the_language_of_the_address() -> None:
    response = post_declaring(csrf_client(), IMPORT_PAGE.replace("/en/", "/cs/"), 300 * MIB)
    assert response.status_code == 413
    assert '<html lang="cs">' in response.content.decode()


def test_a_client_asking_for_json_gets_json() -> None:
    response = post_declaring(csrf_client(), IMPORT_PAGE, 300 * MIB, HTTP_ACCEPT="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["max_bytes"] == 100 * MIB + 2621440
    assert body["error"].startswith("The list of operations is too large")


def test_a_body_without_a_length_is_refused() -> None:
    # Chunked transfer encoding: no Content-Length. Under WSGI Django would read none of it.
    response = Client().generic("POST", ATTACHMENT_PAGE, b"", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "without saying how large it is" in response.content.decode()


def test_a_malformed_length_is_left_to_django_which_reads_no_body() -> None:
    response = Client().generic("POST", ORDINARY_FORM, TINY_BODY, CONTENT_LENGTH="lots")
    assert response.status_code != 413


def test_upload_limit_knows_only_two_kinds() -> None:
    with pytest.raises(ValueError, match="unknown upload kind"):
        upload_limit("video")  # type: ignore[arg-type]


# ---- ASGI: Django's handler reads the body before any middleware ---------------------------


def _asgi(path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> dict[str, Any]:
    """Run one request through config.asgi.application; count what the server was asked for."""
    from config.asgi import application

    asked = {"receive": 0}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        asked["receive"] += 1
        if chunks:
            return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}
        await asyncio.Event().wait()  # the client stays connected
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(application(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {"status": start["status"], "body": body.decode(), "asked": asked["receive"]}


def test_under_asgi_a_refused_body_is_never_received() -> None:
    result = _asgi(IMPORT_PAGE, [(b"content-length", str(300 * MIB).encode())], [b"x" * 10])
    assert result["status"] == 413
    assert "The list of operations is too large" in result["body"]
    assert result["asked"] == 0  # the server was never asked for the body


def test_under_asgi_a_chunked_body_is_refused_unread() -> None:
    result = _asgi(ATTACHMENT_PAGE, [(b"transfer-encoding", b"chunked")], [b"x" * 10])
    assert result["status"] == 411
    assert result["asked"] == 0


def test_under_asgi_a_small_body_goes_through() -> None:
    result = _asgi("/en/no-such-page/at-all/", [(b"content-length", b"3")], [b"x=1"])
    assert result["status"] == 404
    assert result["asked"] >= 1
