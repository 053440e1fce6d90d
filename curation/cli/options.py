"""Option defaults read from the config dataclasses that define them, so each is written once.

    @click.option("--limit", type=int, default=ConfigDefault(EVAL, "limit"), show_default=True)

The dataclass is imported only when the default is needed (the command runs, or shows its help):
`curate --help` imports every command module, and must not pull in scipy or torch through them.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from typing import Any


class ConfigDefault:
    """The default of `field` in the dataclass `target` ("module:Class"), for a click option: click
    calls it for the value and shows its str() in the help (a function would show "(dynamic)")."""

    def __init__(self, target: str, field: str, form: Callable[[Any], Any] | None = None):
        self.target = target
        self.field = field
        self.form = form  # the value as the option takes it (e.g. a tuple of ratios as "0.8,0.1,0.1")

    def __call__(self) -> Any:
        module, name = self.target.split(":")
        config = getattr(importlib.import_module(module), name)
        value = next(f.default for f in dataclasses.fields(config) if f.name == self.field)
        return value if self.form is None else self.form(value)

    def __str__(self) -> str:
        return str(self())

    def __repr__(self) -> str:
        return f"ConfigDefault({self.target!r}, {self.field!r})"
