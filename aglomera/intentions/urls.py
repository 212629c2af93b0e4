from __future__ import annotations

from aglomera.intentions.views import changes, evaluation, statements, submission

app_name = "intentions"

# Each area's views module defines its own `urlpatterns`.
urlpatterns = [
    *submission.urlpatterns,
    *evaluation.urlpatterns,
    *statements.urlpatterns,
    *changes.urlpatterns,
]
