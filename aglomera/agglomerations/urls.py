from __future__ import annotations

app_name = "agglomerations"
urlpatterns: list[object] = []
