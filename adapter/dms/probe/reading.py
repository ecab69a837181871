"""The read-only checks: safe on a production repository (reads only, nothing created).

Repository info and declared capabilities, the type tree with every property definition, which
types stand for the record levels, secondary types, where our keys can live, mandatory properties,
ACL capabilities and the permission mapping, the change log, the query capability with a few
harmless queries (``maxItems=1``) and the round-trip latency.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from adapter.dms.probe.record import Recorder, describe
from adapter.dms.probe.wire import ProbeWire
from adapter.domain.errors import ConfigurationError, InvalidInput, NotFound, NotSupported, PermissionDenied
from adapter.domain.probe import CheckStatus, QueryFacts, RepositoryFacts, TypeFacts
from adapter.mapping.draft.match import LEVELS, IdentityPlace, identity_place, level_types

__all__ = ["ReadFindings", "read_checks"]

_CAPS = (("capabilityQuery", "query"), ("capabilityJoin", "join"), ("capabilityACL", "ACL"),
         ("capabilityChanges", "changes"), ("capabilityContentStreamUpdatability", "content stream updates"),
         ("capabilityPWCUpdatable", "PWC updatable"), ("capabilityPWCSearchable", "PWC searchable"),
         ("capabilityAllVersionsSearchable", "all versions searchable"), ("capabilityMultifiling", "multi-filing"),
         ("capabilityUnfiling", "unfiling"), ("capabilityGetDescendants", "getDescendants"),
         ("capabilityOrderBy", "order by"), ("capabilityRenditions", "renditions"))
_QUERY_FEATURES = (
    ("query.like", "LIKE in queries", "WHERE cmis:name LIKE 'egov-probe%'", "like",
     "the profile must say query.like: {supported: false, fallback: client-filter}"),
    ("query.in", "IN in queries", "WHERE cmis:name IN ('egov-probe-a', 'egov-probe-b')", "in_",
     "the profile must say query.in: {supported: false, fallback: split} (or: or)"),
    ("query.or", "OR in queries", "WHERE cmis:name = 'egov-probe-a' OR cmis:name = 'egov-probe-b'", "or_",
     "the profile must say query.or: {supported: false, fallback: split}"),
)


@dataclass(frozen=True)
class ReadFindings:
    repository: RepositoryFacts
    types: tuple[TypeFacts, ...]
    levels: dict[str, tuple[TypeFacts, str]]
    identity: IdentityPlace
    query: QueryFacts
    latency_ms: float | None
    hash_declared: bool


def _repository(wire: ProbeWire, rec: Recorder) -> RepositoryFacts:
    rec.begin("Repository info")
    try:
        info = rec.call("GET getRepositoryInfo", wire.repository,
                        lambda r: f"repository {r.id!r}, CMIS {r.cmis_version or '?'}")
    except PermissionDenied as exc:
        raise ConfigurationError(f"the DMS refused the configured credentials: {exc.message}") from exc
    except NotFound as exc:
        raise ConfigurationError(exc.message) from exc
    ok = info.cmis_version.startswith("1.1")
    rec.check("repository.info", "Repository info", "pass" if ok else "fail",
              f"{info.id!r} ({info.name}), {info.vendor or 'unknown vendor'}, {info.product or 'unknown product'} "
              f"{info.version}, CMIS {info.cmis_version or 'not stated'}",
              "The adapter speaks CMIS 1.1 (Browser, AtomPub and Web Services bindings)." if ok else
              "The adapter needs CMIS 1.1; a 1.0 repository has no Browser binding and no secondary types.",
              needed=True)
    caps = info.capabilities
    rec.check("repository.capabilities", "Declared capabilities", "pass",
              ", ".join(f"{label} {caps[key]}" for key, label in _CAPS if key in caps) or "none declared",
              "What the repository claims; the checks below test what it honours.")
    return info


def _types(wire: ProbeWire, rec: Recorder) -> tuple[tuple[TypeFacts, ...], dict[str, tuple[TypeFacts, str]],
                                                     IdentityPlace]:
    rec.begin("Type tree")
    types = rec.call("GET getTypeDescendants (with property definitions)", wire.types, lambda t: f"{len(t)} types")
    bases = {b: sum(1 for t in types if t.base == b and t.id != b) for b in ("cmis:folder", "cmis:document",
                                                                          "cmis:secondary")}
    custom = sum(len(t.custom) for t in types if not t.id.startswith("cmis:"))
    rec.check("types.tree", "Type tree with property definitions", "pass",
              f"{len(types)} types: {bases['cmis:folder']} folder, {bases['cmis:document']} document and "
              f"{bases['cmis:secondary']} secondary types below the base types; {custom} custom property definitions",
              "Every type and property definition is listed in the JSON and HTML reports; a profile names these ids.")
    levels = level_types(types)
    found = "; ".join(f"{lvl}: {levels[lvl][0].id} ({levels[lvl][1]})" if lvl in levels else f"{lvl}: none"
                      for lvl in LEVELS)
    missing = [lvl for lvl in LEVELS if lvl not in levels]
    rec.check("types.levels", "Types for Akte, Teilakte, Vorgang and Dokument", "fail" if missing else "pass", found,
              "The profile draft uses these types." if not missing else
              f"No type named like {', '.join(missing)}: such records would be plain cmis:folder/cmis:document "
              "objects without metadata; name the type with `profile draft --type LEVEL=TYPE_ID`.")
    secondary = [t for t in types if t.base == "cmis:secondary" and t.id != "cmis:secondary"]
    has_base = any(t.id == "cmis:secondary" for t in types)
    rec.check("types.secondary", "Secondary types", "pass" if has_base else "not-supported",
              (f"{len(secondary)} secondary types: {', '.join(t.id for t in secondary) or 'none defined'}"
               if has_base else "no cmis:secondary base type"),
              "Keys and extra metadata can be attached as secondary types." if has_base else
              "No secondary types: the UUID and the idempotency key must live in custom properties of the folder "
              "and document types (a profile with identity.secondary_type: null).")
    record_types = [levels[lvl][0] for lvl in LEVELS if lvl in levels]
    place = identity_place(types, record_types)
    rec.check("types.identity", "Where the UUID and the idempotency key can live", "pass" if place.found else "fail",
              place.why,
              "The adapter stores its UUID and idempotency key there and recognises its own objects after a lost "
              "answer by reading them back." if place.found else
              "Without such properties the adapter cannot recognise its own objects after a lost answer: ask the "
              "DMS vendor for string properties (200 characters) on every record type, or a secondary type.",
              needed=True)
    mandatory = [f"{t.id}: " + ", ".join(f"{p.id} ({p.display_name})" for p in t.custom if p.mandatory)
                 for t in record_types if any(p.mandatory for p in t.custom)]
    rec.check("types.mandatory", "Mandatory properties of the record types", "pass",
              "; ".join(mandatory) or "none",
              "Every create must set these: a record-class key (or the UUID) must map to each, or the DMS refuses "
              "the filing; profile draft lists them." if mandatory else "Nothing must be set beyond cmis:name.")
    return types, levels, place


def _acl(info: RepositoryFacts, rec: Recorder) -> None:
    rec.begin("ACL capabilities")
    acl = info.acl
    levels = [(label, key, acl.permission_for(key)) for label, key in (
        ("read", "canGetProperties.Object"), ("write", "canUpdateProperties.Object"), ("all", "canApplyACL.Object"))]
    found = (f"capabilityACL {acl.capability}, supportedPermissions {acl.supported_permissions}, propagation "
             f"{acl.propagation or '-'}; permissions {', '.join(acl.permissions) or 'none'}; "
             + ", ".join(f"{label} = {perm or '?'} ({key})" for label, key, perm in levels))
    status: CheckStatus = "pass" if acl.capability == "manage" else "not-supported"
    rec.check("acl.capabilities", "ACL capabilities and permission mapping", status, found,
              "Record classes' grants (read, write, all) become the permissions mapped above; the Personalakte's "
              "ACL must stop inheriting." if status == "pass" else
              "The adapter cannot set ACLs: record classes with access rules (Personalakte) cannot be filed.")
    changes = info.capabilities.get("capabilityChanges", "none")
    rec.check("changes.log", "Change log", "pass" if changes != "none" else "not-supported",
              f"capabilityChanges {changes}", "The adapter does not read the change log; nothing depends on it.")


def _query(wire: ProbeWire, info: RepositoryFacts, rec: Recorder) -> QueryFacts:
    def run(check_id: str, title: str, statement: str, meaning_ok: str, meaning_no: str,
            needed: bool = False) -> bool:
        rec.begin(title)
        error = rec.attempt(f"GET query {statement!r} maxItems=1", lambda: wire.query(statement, 1),
                            lambda rows: f"ok, {len(rows)} row{'s' if len(rows) != 1 else ''}").error
        refused = isinstance(error, InvalidInput | NotSupported)
        status: CheckStatus = "pass" if error is None else ("not-supported" if refused else "fail")
        rec.check(check_id, title, status, "answered" if error is None else f"refused: {describe(error)}",
                  meaning_ok if error is None else meaning_no, needed=needed)
        return error is None

    capability = info.capabilities.get("capabilityQuery", "none")
    rec.begin("Query capability")
    rec.check("query.capability", "Query capability", "not-supported" if capability == "none" else "pass",
              f"capabilityQuery {capability}, capabilityJoin {info.capabilities.get('capabilityJoin', 'none')}",
              "The adapter queries metadata only, on one type at a time (no joins, no full text).")
    root = info.root_folder_id.replace("'", "\\'")
    folder = run("query.folder", "Query on cmis:folder", "SELECT cmis:objectId FROM cmis:folder",
                 "The adapter finds records by their properties when its registry misses them.",
                 "Without queries the adapter cannot find records its registry lost (reading by path still works).",
                 needed=True)
    in_folder = run("query.in_folder", "IN_FOLDER on the root folder",
                    f"SELECT cmis:objectId FROM cmis:folder WHERE IN_FOLDER('{root}')",
                    "Answered.", "Not offered; the adapter does not need IN_FOLDER (it reads folders by path).")
    in_tree = run("query.in_tree", "IN_TREE on the root folder",
                  f"SELECT cmis:objectId FROM cmis:folder WHERE IN_TREE('{root}')",
                  "Answered.", "Not offered; the adapter does not need IN_TREE.")
    found = {}
    for check_id, title, where, attr, meaning in _QUERY_FEATURES:
        found[attr] = run(check_id, title, f"SELECT cmis:objectId FROM cmis:folder {where}",
                          "Queries may use it.", f"Refused: {meaning}.")
    return QueryFacts(capability=capability, folder=folder, in_folder=in_folder, in_tree=in_tree, **found)


def _latency(wire: ProbeWire, rec: Recorder, rounds: int = 5) -> float:
    rec.begin("Round-trip latency")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        rec.call("GET getRepositoryInfo", wire.ping)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    rec.check("latency", "Round-trip latency", "pass",
              f"median {median:.1f} ms, max {max(times):.1f} ms over {rounds} requests",
              "A filing into a known folder costs one round trip, a new Akte with Vorgang and document three."
              + (" Over Web Services each create is followed by a read (its answer is the id only): twice that."
                 if wire.binding == "ws" else ""))
    return median


def read_checks(wire: ProbeWire, rec: Recorder) -> ReadFindings:
    """Run every read-only check; the facts the write checks and the draft build on."""
    info = _repository(wire, rec)
    types, levels, place = _types(wire, rec)
    document = next((t for t in types if t.id == "cmis:document"), None)
    hash_declared = bool(document and document.prop("cmis:contentStreamHash"))
    _acl(info, rec)
    query = _query(wire, info, rec)
    latency = _latency(wire, rec)
    return ReadFindings(info, types, levels, place, query, latency, hash_declared)
