"""Request and response bodies of the API (pydantic, so the OpenAPI document describes them).

Everything here is in our terms: UUIDs and Aktenzeichen, never DMS ids, paths or URLs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AkteOut",
    "ContainerOut",
    "EntryOut",
    "FilingOut",
    "JobOut",
    "NewAkte",
    "NewContainer",
    "Problem",
    "RecordClassKey",
    "SearchHit",
    "Text",
    "TreeOut",
    "XdomeaOut",
    "Zuordnung",
    "ZuordnungOut",
]

RecordClassKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="Record class.")]
Text = Annotated[str, Field(min_length=1, max_length=250, pattern=r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewAkte(_In):
    klasse: RecordClassKey | None = None
    betreff: Text
    record_class: RecordClassKey | None = Field(default=None, json_schema_extra={"deprecated": True},
                                                description="Old name of 'klasse' (accepted until 0.3).")

    @model_validator(mode="after")
    def _one_class(self) -> NewAkte:
        if self.klasse is None and self.record_class is None:
            raise ValueError("'klasse' is required")
        if self.klasse is not None and self.record_class is not None and self.klasse != self.record_class:
            raise ValueError("'klasse' and its old name 'record_class' differ")
        return self

    @property
    def record_class_key(self) -> str:
        return self.klasse or self.record_class or ""


class NewContainer(_In):
    titel: Text
    ebene: Literal["vorgang", "teilakte"] = "vorgang"


class Zuordnung(_In):
    """The target: a Vorgang by id, or by Aktenzeichen and Betreff (created if missing)."""

    vorgang_id: UUID | None = None
    aktenzeichen: str | None = Field(default=None, min_length=1, max_length=64)
    vorgang: Text | None = None


class AkteOut(BaseModel):
    id: UUID
    aktenzeichen: str | None
    klasse: str
    betreff: str


class ContainerOut(BaseModel):
    id: UUID
    ebene: str
    klasse: str
    titel: str
    akte: UUID | None
    aktenzeichen: str | None


class FilingOut(BaseModel):
    id: UUID
    name: str
    size: int
    sha256: str
    klasse: str
    created: bool
    aktenzeichen: str | None = None
    akte: UUID | None = None
    teilakte: UUID | None = None
    vorgang: UUID | None = None


class JobOut(BaseModel):
    """An asynchronous job (``Location: /jobs/{id}`` of a 202): poll until ``done`` or ``failed``."""

    id: UUID
    kind: Literal["filing", "xdomea"]
    state: Literal["queued", "running", "retrying", "done", "failed", "discarded"]
    created: datetime
    updated: datetime
    attempts: int
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = None


class EntryOut(BaseModel):
    id: UUID
    ebene: str
    klasse: str
    betreff: str
    name: str
    parent: UUID | None
    aktenzeichen: str | None


class TreeOut(BaseModel):
    ebene: str
    name: str
    id: str | None = None
    betreff: str | None = None
    aktenzeichen: str | None = None
    size: int | None = None
    media_type: str | None = None
    children: list[TreeOut] = []


class SearchHit(BaseModel):
    id: UUID
    ebene: str
    klasse: str
    betreff: str
    aktenzeichen: str | None


class ZuordnungOut(BaseModel):
    id: UUID
    vorgang: UUID
    klasse: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class Receipt(BaseModel):
    name: str
    media_type: str
    content_base64: str


class XdomeaObject(BaseModel):
    xdomea_id: str
    id: str
    ebene: str
    aktenzeichen: str | None = None


class XdomeaEntry(BaseModel):
    number: int
    fv_id: str
    filed: bool
    reason: str | None = None
    objects: list[XdomeaObject] = []


class XdomeaParts(BaseModel):
    """xdomea 4.x: a process in several messages; filed once all ``total`` are ``received``."""

    received: int
    total: int


class XdomeaOut(BaseModel):
    """An imported message: its receipts (0629/0630 XML, base64) and per entry the sender's and our ids."""

    prozess_id: str | None
    message_type: str | None
    redelivered: bool
    receipts: list[Receipt]
    entries: list[XdomeaEntry]
    problem: dict[str, Any] | None = None
    parts: XdomeaParts | None = None
