"""Findings of an imagined repository, built by hand: a DMS shaped like a commercial one (no secondary
types, opaque ids explained by display names) or like our generic sandbox (a secondary type for keys)."""

from __future__ import annotations

from dataclasses import replace

from adapter.domain.probe import (
    AclFacts,
    Check,
    ContentFacts,
    NameFacts,
    ProbeFindings,
    PropertyFacts,
    QueryFacts,
    RepositoryFacts,
    TypeFacts,
)


def prop(pid: str, display: str, datatype: str = "string", *, multi: bool = False, required: bool = False,
         max_length: int | None = 200, updatability: str = "readwrite") -> PropertyFacts:
    return PropertyFacts(pid, pid, display, datatype, multi, updatability, required=required,
                         max_length=max_length if datatype == "string" else None)


FOLDER_PROPS = (
    prop("x:az", "Aktenzeichen"), prop("x:titel", "Titel", required=True, max_length=500),
    prop("x:plan", "Aktenplan"), prop("x:stufe", "Schutzstufe", max_length=20), prop("x:medium", "Medium"),
    prop("x:von", "Laufzeit von", "datetime"), prop("x:bis", "Laufzeit bis", "datetime"),
    prop("x:ff", "Federführung"), prop("x:art", "Aussonderungsart", max_length=1),
    prop("x:frist", "Aufbewahrungsfrist", "integer"), prop("x:bearb", "Bearbeiter"), prop("x:zda", "zdA", "boolean"),
    prop("x:loesch", "Löschvormerkung", "boolean"), prop("x:tags", "Schlagworte", multi=True, max_length=None),
    prop("x:herkunft", "Herkunft"), prop("x:sperre", "Sperrvermerk", "boolean"),
    prop("x:ext", "Externe ID", required=True, max_length=64),
    prop("x:import", "Importschlüssel", max_length=255),
)
DOC_PROPS = (
    prop("x:titel", "Titel", required=True, max_length=500), prop("x:doctype", "Dokumentart"),
    prop("x:eingang", "Eingangsdatum", "datetime"), prop("x:bearb", "Bearbeiter"),
    prop("x:stufe", "Schutzstufe", max_length=20), prop("x:medium", "Medium"),
    prop("x:loesch", "Löschvormerkung", "boolean"), prop("x:tags", "Schlagworte", multi=True, max_length=None),
    prop("x:herkunft", "Herkunft"), prop("x:sperre", "Sperrvermerk", "boolean"),
    prop("x:ext", "Externe ID", required=True, max_length=64),
    prop("x:import", "Importschlüssel", max_length=255),
)
BASES = (TypeFacts("cmis:folder", "cmis:folder", "Folder", "cmis:folder"),
         TypeFacts("cmis:document", "cmis:document", "Document", "cmis:document", versionable=True,
                   properties=(prop("cmis:contentStreamHash", "hash", multi=True, updatability="readonly"),)))
ENTERPRISE_TYPES = (
    *BASES,
    TypeFacts("x:T1", "x:T1", "Akte", "cmis:folder", "cmis:folder", properties=FOLDER_PROPS),
    TypeFacts("x:T2", "x:T2", "Teilakte", "cmis:folder", "cmis:folder", properties=FOLDER_PROPS),
    TypeFacts("x:T3", "x:T3", "Vorgang", "cmis:folder", "cmis:folder", properties=FOLDER_PROPS),
    TypeFacts("x:T9", "x:T9", "Schriftstück", "cmis:document", "cmis:document", versionable=True,
              properties=DOC_PROPS),
)
PERMISSIONS = {"canGetProperties.Object": ("x:lesen",), "canUpdateProperties.Object": ("x:schreiben",),
               "canApplyACL.Object": ("x:alles",)}


def enterprise(**changes: object) -> ProbeFindings:
    """A scratch probe of a strict DMS: no secondary types, repository permissions, names up to 100."""
    findings = ProbeFindings(
        binding="browser", url="https://dms.example/cmis/browser", mode="scratch", started="2026-12-07T10:00:00",
        seconds=12.5,
        repository=RepositoryFacts("R1", "Ablage", "Vendor", "ECM", "9", "1.1", "{ROOT}", {"capabilityACL": "manage"},
                                   AclFacts("manage", "repository", "propagate",
                                            ("x:lesen", "x:schreiben", "x:alles"), PERMISSIONS)),
        types=ENTERPRISE_TYPES,
        query=QueryFacts("metadataonly", True, True, False, True, True, True, 1500, 30000),
        names=NameFacts('/\\:*?"<>|#%', "&~", False, 100, 101, True, "contentAlreadyExists", 409),
        content=ContentFacts(False, False, True, True, 4 * 1048576, 8 * 1048576, 8 * 1048576),
        latency_ms=3.0,
        checks=(Check("repository.info", "Repository info", "pass", "R1", "fine", needed=True),))
    return replace(findings, **changes)  # type: ignore[arg-type]


def generic(**changes: object) -> ProbeFindings:
    """Findings like the sandbox's generic personality: ea:* types, keys on a secondary type."""
    meta = tuple(prop(f"ea:{k}", f"ea:{k}", t, multi=k == "kennzeichen", max_length=200 if t == "string" else None)
                 for k, t in (("aktenzeichen", "string"), ("betreff", "string"), ("aktenplaneinheit", "string"),
                              ("vertraulichkeit", "string"), ("medium", "string"), ("laufzeitBeginn", "datetime"),
                              ("laufzeitEnde", "datetime"), ("federfuehrung", "string"), ("aussonderungsart", "string"),
                              ("aufbewahrungsdauer", "integer"), ("bearbeiter", "string"), ("zdA", "boolean"),
                              ("loeschmarkierung", "boolean"), ("loeschsperre", "boolean"),
                              ("kennzeichen", "string")))
    on_documents = {"ea:betreff", "ea:bearbeiter", "ea:vertraulichkeit", "ea:medium", "ea:loeschmarkierung",
                    "ea:loeschsperre", "ea:kennzeichen"}
    doc = (*(p for p in meta if p.id in on_documents), prop("ea:dokumentart", "ea:dokumentart"),
           prop("ea:eingangsdatum", "ea:eingangsdatum", "datetime"))
    keys = (prop("ea:objektUuid", "ea:objektUuid", max_length=64), prop("ea:idempotenzschluessel",
                                                                        "ea:idempotenzschluessel"),
            prop("ea:quellsystem", "ea:quellsystem"))
    types = (*BASES, TypeFacts("cmis:secondary", "cmis:secondary", "Secondary", "cmis:secondary"),
             TypeFacts("ea:akte", "ea:akte", "ea:akte", "cmis:folder", "cmis:folder", properties=meta),
             TypeFacts("ea:teilakte", "ea:teilakte", "ea:teilakte", "cmis:folder", "ea:akte", properties=meta),
             TypeFacts("ea:vorgang", "ea:vorgang", "ea:vorgang", "cmis:folder", "cmis:folder", properties=meta),
             TypeFacts("ea:dokument", "ea:dokument", "ea:dokument", "cmis:document", "cmis:document",
                       versionable=True, properties=doc),
             TypeFacts("ea:fremdschluessel", "ea:fremdschluessel", "Fremdschlüssel", "cmis:secondary",
                       "cmis:secondary", properties=keys))
    base = enterprise()
    findings = replace(base, types=types, repository=replace(base.repository, acl=AclFacts(
        "manage", "basic", "propagate", ("cmis:read", "cmis:write", "cmis:all"), {})),
        names=NameFacts("/", "", False, 255, 255, False, "nameConstraintViolation", 409),
        content=ContentFacts(True, True, True, True, 8 * 1048576, None, 8 * 1048576),
        query=QueryFacts("metadataonly", True, True, True, True, True, True, 5, 30000))
    return replace(findings, **changes)  # type: ignore[arg-type]
