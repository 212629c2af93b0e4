from __future__ import annotations

app_name = "strategy"
urlpatterns: list[object] = []
