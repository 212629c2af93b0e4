"""Text the system writes (a step's reason, a summary) is stored as a code with its parameters
and rendered when read, in the reader's language: never frozen in the language of the moment.

An app declares its texts in its `texts.py` with `@generated_text("app.code")`; a renderer takes
the stored parameters (JSON values) and returns the sentence in the active language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.module_loading import autodiscover_modules

Renderer = Callable[[Mapping[str, Any]], str]
TEXTS: dict[str, Renderer] = {}


def generated_text(code: str) -> Callable[[Renderer], Renderer]:
    def register(renderer: Renderer) -> Renderer:
        if code in TEXTS:
            raise TypeError(f"two generated texts are coded {code}")
        TEXTS[code] = renderer
        return renderer

    return register


@cache
def _discovered() -> bool:
    autodiscover_modules("texts")
    return True


def render(code: str, params: Mapping[str, Any]) -> str:
    """The text in the active language; empty for a code no app declares (nothing to show)."""
    _discovered()
    renderer = TEXTS.get(code)
    return "" if renderer is None else renderer(params)


@dataclass(frozen=True)
class Generated:
    """A text to store as code + parameters; `note` is what a person added in their own words."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""

    def __str__(self) -> str:
        return "\n".join(part for part in (render(self.code, self.params), self.note) if part)


def with_note(code: str, params: Mapping[str, Any], note: str) -> str:
    """Rendered text followed by a person's note (how a stored reason reads)."""
    return str(Generated(code, params, note))
