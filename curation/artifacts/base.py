"""What every artifact model shares: strict and open bases, the version check, reading and writing.

An artifact is read back only through `Artifact.read`: the file must be JSON, name a
`schema_version`, carry this curate's version of it, and validate against the model. Anything else
is one sentence (CurateError, exit 2) naming the file, the versions and the command that writes it.
Writing goes through `Artifact.dumps`: the keys the producer gave (`exclude_unset`: a step left out
of an audit, a run's end before it ended, stay out of the file), in the model's order, so the same
values give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from curation.errors import CurateError


class Model(BaseModel):
    """A part of an artifact whose keys are fixed: an unknown key is an error (a producer that
    writes a new key must add it to the model, and the JSON Schema says so)."""

    # a key that is a pydantic attribute ("schema") has another attribute name and the key as alias
    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)


class Open(BaseModel):
    """A step's own metrics or parameters: the keys declared here are the ones other code reads
    (typed); a step may record more, kept as they are."""

    model_config = ConfigDict(extra="allow", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)


class Artifact(Model):
    """A file one stage writes and later stages read (docs/contracts.md)."""

    FILE: ClassVar[str]  # its usual file name, for messages
    VERSION: ClassVar[int]  # the schema_version this curate writes and reads
    WRITER: ClassVar[str]  # the command that writes it, for "how to fix it"

    def dumps(self) -> str:
        """The file's text: indented JSON, UTF-8 as it is, a newline at the end."""
        return json.dumps(self.model_dump(mode="json", exclude_unset=True), indent=2, ensure_ascii=False) + "\n"

    def write(self, path: str | Path) -> None:
        Path(path).write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def read(cls, path: str | Path) -> Self:
        """The artifact at `path`, validated; CurateError with one sentence when it is not one."""
        p = Path(path)
        fix = f"run `{cls.WRITER}` again to write it"
        try:
            raw = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CurateError(f"{p} does not exist; {fix}.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CurateError(f"{p} cannot be read ({exc}); {fix}.") from None
        except json.JSONDecodeError as exc:
            raise CurateError(f"{p} is not valid JSON ({exc}); {fix}.") from None
        return cls.parse(raw, p)

    @classmethod
    def parse(cls, raw: Any, where: str | Path) -> Self:
        """`raw` (the decoded JSON of file `where`) as this artifact; see `read`."""
        fix = f"run `{cls.WRITER}` again to write it"
        version = raw.get("schema_version") if isinstance(raw, dict) else None
        if version is None:
            raise CurateError(f"{where} is not a {cls.FILE} written by curate (it has no schema_version); {fix}.")
        if version != cls.VERSION:
            raise CurateError(f"{where} is a {cls.FILE} of schema version {version!r}, but this curate reads version {cls.VERSION}; "
                              f"{fix} with this curate, or read it with the curate that wrote it.")
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            at = ".".join(str(part) for part in first["loc"]) or "(top level)"
            more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
            raise CurateError(f"{where} is not a valid {cls.FILE} of schema version {cls.VERSION}: {at}: {first['msg']}{more}; {fix}.") from None
