"""The demo's logins as plain constants: the one password and every username the loader creates.

This module imports nothing from Django or the project, so that production code can ask "does
any account still have the demo password?" (aglomera/accounts/demo_passwords.py) without the
demo app, which is not installed in production. A test checks the list against the loader's
data (aglomera/demo/tests/test_credentials.py).
"""

from __future__ import annotations

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo password, never for production
ADMIN_USERNAME = "admin"

# <slug>-<role> for every role (`people` of data/<slug>/agglomeration.yaml), <slug>-<role>-<suffix>
# for the pipeline's `extra_people`, and the superuser.
DEMO_USERNAMES: frozenset[str] = frozenset(
    {
        ADMIN_USERNAME,
        *(
            f"{slug}-{role}"
            for slug in ("olomouc", "opole")
            for role in (
                "manager",
                "coordinator",
                "working-group",
                "committee",
                "applicant",
                "partner",
                "auditor",
            )
        ),
        "olomouc-committee-2",
        "olomouc-committee-3",
        "olomouc-committee-4",
        "olomouc-committee-5",
        "olomouc-committee-6",
        "olomouc-working-group-2",
        "olomouc-working-group-3",
        "olomouc-applicant-olomouc",
        "olomouc-applicant-prostejov",
        "olomouc-applicant-upol",
        "olomouc-applicant-dpmo",
        "olomouc-applicant-fnol",
        "olomouc-applicant-kraj",
        "olomouc-applicant-charita",
        "olomouc-applicant-zs-bohunovice",
        "olomouc-applicant-farnost-sternberk",
        "olomouc-applicant-konice",
        "opole-committee-2",
        "opole-committee-3",
        "opole-committee-4",
        "opole-working-group-2",
        "opole-applicant-opole",
        "opole-applicant-krapkowice",
        "opole-applicant-new",
    }
)
