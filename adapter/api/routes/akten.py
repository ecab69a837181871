"""Akten: create one, read it by Aktenzeichen, its E-Akte tree, and Vorgänge/Teilakten inside it."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Response

from adapter.api.context import ApiContext
from adapter.api.idempotency import RequestKey
from adapter.api.models import AkteOut, ContainerOut, NewAkte, NewContainer, TreeOut
from adapter.api.routes._common import ERRORS, answer, as_json, call, fingerprint
from adapter.api.security import Caller, ScopedRoute, caller, context, needs
from adapter.domain.commands import CreateAkte
from adapter.domain.metadata import Bearbeiter, Metadaten
from adapter.ports.registry import RegistryEntry
from adapter.services.records.reading import TreeNode

__all__ = ["router"]

router = APIRouter(prefix="/akten", tags=["Akten"], responses=ERRORS, route_class=ScopedRoute)

Az = Annotated[str, Path(pattern=r"^[\w.\-]{1,64}$", description="Aktenzeichen of the Akte.")]
Ctx = Annotated[ApiContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]


def _akte(entry: RegistryEntry) -> AkteOut:
    return AkteOut(id=entry.uuid, aktenzeichen=entry.aktenzeichen, klasse=entry.record_class, betreff=entry.betreff)


@router.post("", status_code=201, response_model=AkteOut, summary="Create an Akte")
@needs("file")
async def create_akte(body: NewAkte, ctx: Ctx, who: Who, idempotency_key: RequestKey) -> Response:
    who.require(body.record_class_key, "file")
    records = ctx.adapter.records

    async def produce() -> dict[str, Any]:
        rc = records.mappings.record_class(body.record_class_key)
        cmd = CreateAkte(bearbeiter=Bearbeiter(kennung=who.clerk), record_class=rc.key,
                         aktenplaneinheit=rc.aktenplaneinheit, metadaten=Metadaten(betreff=body.betreff),
                         idempotency_key=idempotency_key)
        return _akte(await call(who, records.create_akte, cmd)).model_dump(mode="json")

    print_ = fingerprint("akte", {"klasse": body.record_class_key, "betreff": body.betreff})
    return await answer(ctx, idempotency_key, print_, 201, produce,
                        location=lambda made: f"/akten/{quote(str(made['aktenzeichen']), safe='')}")


@router.get("/{aktenzeichen}", response_model=AkteOut, summary="Read an Akte by its Aktenzeichen")
async def read_akte(aktenzeichen: Az, ctx: Ctx, who: Who) -> Response:
    records = ctx.adapter.records  # a known Akte is a local registry read, made on the loop (ports/registry)
    entry = records.known_akte(aktenzeichen)
    if entry is None:  # perhaps lost from the registry: the service looks in the DMS, off the loop
        entry = await call(who, records.akte, aktenzeichen)
    who.require(entry.record_class, "read", entry.uuid)
    return as_json(_akte(entry))


@router.get("/{aktenzeichen}/baum", response_model=TreeOut, summary="The E-Akte tree of an Akte")
async def tree(aktenzeichen: Az, ctx: Ctx, who: Who) -> dict[str, object]:
    entry = await call(who, ctx.adapter.records.akte, aktenzeichen)
    who.require(entry.record_class, "read", entry.uuid)
    node: TreeNode = await call(who, ctx.adapter.reading.tree, aktenzeichen, who.clerk)
    return _german(node.as_dict())


def _german(node: dict[str, Any]) -> dict[str, Any]:
    """The tree in the API's terms (``ebene`` for the service's ``level``)."""
    out = {("ebene" if k == "level" else k): v for k, v in node.items() if k != "children"}
    if "children" in node:
        out["children"] = [_german(child) for child in node["children"]]
    return out


@router.post("/{aktenzeichen}/vorgaenge", status_code=201, response_model=ContainerOut,
             summary="Create (or find) a Vorgang or Teilakte in an Akte")
@needs("file")
async def create_container(aktenzeichen: Az, body: NewContainer, ctx: Ctx, who: Who,
                           idempotency_key: RequestKey) -> Response:
    records = ctx.adapter.records
    akte = await call(who, records.akte, aktenzeichen)
    who.require(akte.record_class, "file", akte.uuid)

    async def produce() -> dict[str, Any]:
        made = await call(who, records.container, akte, body.ebene, body.titel, Bearbeiter(kennung=who.clerk))
        return ContainerOut(id=made.uuid, ebene=made.level, klasse=made.record_class, titel=made.betreff,
                            akte=akte.uuid, aktenzeichen=akte.aktenzeichen).model_dump(mode="json")

    print_ = fingerprint("container", aktenzeichen, body.model_dump())
    return await answer(ctx, idempotency_key, print_, 201, produce, location=lambda made: f"/vorgaenge/{made['id']}")
