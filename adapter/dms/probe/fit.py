"""Does the probed DMS give what the chosen vendor profile and the record classes need?

``fit(findings, profile, classes)`` marks the probe's checks the profile depends on as needed
(versioning when its document type is versionable, LIKE/IN/OR when it says they are supported, the
content hash when it relies on it without reading back, secondary types when its keys live on one,
ACLs when a class grants access) and adds ``profile.*`` checks comparing the profile with what the
probe found: its types and properties in the DMS's definitions (as ``mappings check --against-dms``),
its permission names, name rules, query capabilities and content limit. A failed needed check makes
``dms probe`` exit 1. Without a profile (none of that name yet) only the adapter's own needs count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from adapter.domain.probe import Check, ProbeFindings, TypeFacts
from adapter.mapping import RecordClass, VendorProfile
from adapter.ports.dms import PropertyInfo, TypeInfo
from adapter.services.profile_check import check_profile

__all__ = ["FindingsCatalog", "fit"]

_BASES = {"cmis:folder": "folder", "cmis:document": "document", "cmis:secondary": "secondary"}


class FindingsCatalog:
    """The probe's type tree as a ``TypeCatalog`` (what ``mappings check --against-dms`` reads)."""

    def __init__(self, types: tuple[TypeFacts, ...]) -> None:
        self._types = {t.id: t for t in types}

    def type_definition(self, type_id: str) -> TypeInfo | None:
        t = self._types.get(type_id)
        if t is None:
            return None
        return TypeInfo(t.id, _BASES.get(t.base, t.base), {
            p.id: PropertyInfo(p.datatype, p.multi, p.updatability) for p in t.properties})


def _check(check_id: str, title: str, problems: list[str], ok: str, meaning: str) -> Check:
    return Check(check_id, title, "fail" if problems else "pass", "; ".join(problems) or ok, meaning, needed=True)


def _names(findings: ProbeFindings, profile: VendorProfile) -> Check | None:
    n, rules = findings.names, profile.names
    if n is None:
        return None
    problems = []
    allowed = sorted(set(n.refused_chars) - set(rules.forbidden_chars) - {"/"})
    if allowed:
        problems.append(f"the DMS refuses {' '.join(allowed)}, which names.forbidden_chars allows")
    if n.max_length is not None and rules.max_length > n.max_length:
        problems.append(f"names.max_length is {rules.max_length}, the DMS takes {n.max_length}")
    if n.trailing_dot_or_space_refused and not rules.forbid_trailing_dot_or_space:
        problems.append("the DMS refuses a trailing dot or space, which the profile allows")
    if n.case_insensitive and not rules.case_insensitive:
        problems.append("the DMS compares names ignoring case, the profile says it does not")
    return _check("profile.names", "The profile's name rules against the DMS's", problems,
                  "the profile's name rules cover what the DMS refuses",
                  "Names the DMS would refuse are sanitised before they are sent.")


def _permissions(findings: ProbeFindings, profile: VendorProfile, grants: bool) -> Check | None:
    acl = findings.repository.acl
    if not grants or acl.capability != "manage":
        return None
    known = set(acl.permissions) | ({"cmis:read", "cmis:write", "cmis:all"}
                                    if acl.supported_permissions in ("basic", "both") else set())
    problems = [f"permissions.{level} is {name!r}, not a permission of the DMS"
                for level, name in profile.permissions.items() if name not in known]
    return _check("profile.permissions", "The profile's permission names", problems,
                  ", ".join(f"{level} = {name}" for level, name in profile.permissions.items()),
                  "Record classes' grants become these permissions in the ACLs the adapter sets.")


def _content(findings: ProbeFindings, profile: VendorProfile) -> Check | None:
    c, rules = findings.content, profile.content
    problems = []
    if c.smallest_refused is not None and (rules.max_size is None or rules.max_size >= c.smallest_refused):
        problems.append(f"the DMS refused {c.smallest_refused} bytes; content.max_size is "
                        f"{rules.max_size if rules.max_size is not None else 'unlimited'}")
    if rules.hash_property and c.hash_offered is False and not rules.verify_read_back:
        problems.append("content.hash_property is true but the DMS reports no hash, and verify_read_back is off")
    if findings.mode == "read-only" and not problems:
        return None
    return _check("profile.content", "The profile's content limit and hash", problems,
                  "the profile's content rules fit what the DMS did",
                  "Oversize files are refused before upload; every upload is verified.")


def _query(findings: ProbeFindings, profile: VendorProfile) -> Check:
    q, rules = findings.query, profile.query
    problems = [f"query.{name} says supported, the DMS refused it"
                for name, said, found in (("like", rules.like.supported, q.like), ("in", rules.in_.supported, q.in_),
                                          ("or", rules.or_.supported, q.or_)) if said and found is False]
    return _check("profile.query", "The profile's query capabilities", problems,
                  "the profile claims nothing the DMS refused",
                  "Queries the DMS cannot run are rewritten by the profile's fallbacks.")


def fit(findings: ProbeFindings, profile: VendorProfile | None, classes: Mapping[str, RecordClass],
        profile_name: str) -> ProbeFindings:
    """``findings`` with the needs of ``profile`` (or of the adapter alone when it is None) marked."""
    grants = any(rc.access and rc.access.grants for rc in classes.values())
    needed: set[str] = {"acl.capabilities"} if grants else set()
    extra: list[Check] = []
    if profile is None:
        extra.append(Check("profile", "The chosen vendor profile", "skipped",
                           f"there is no vendor profile {profile_name!r} yet",
                           "Write one with `egov-adapter profile draft -o $EGOV_MAPPINGS_DIR/profiles/NAME.yaml`."))
    else:
        dokument = next((t for t in profile.types.values() if t.base == "document" and t.versionable), None)
        if dokument is not None:
            needed |= {"versioning.checkout", "versioning.checkin"}
        needed |= {f"query.{op}" for op, cap in (("like", profile.query.like), ("in", profile.query.in_),
                                                 ("or", profile.query.or_)) if cap.supported}
        if profile.content.hash_property and not profile.content.verify_read_back:
            needed.add("content.hash")
        if profile.identity.secondary_type:
            needed.add("types.secondary")
        mismatches = check_profile(profile, FindingsCatalog(findings.types))
        extra.append(_check("profile.types", f"Profile {profile.key!r}: its types and properties in the DMS",
                            mismatches, f"{len(profile.types)} types and their properties fit the DMS's definitions",
                            "What `mappings check --against-dms` checks: every id the profile names exists with "
                            "the datatype, cardinality and updatability it expects."))
        extra += [c for c in (_permissions(findings, profile, grants), _names(findings, profile),
                              _content(findings, profile), _query(findings, profile)) if c is not None]
    checks = tuple(replace(c, needed=c.needed or c.id in needed) for c in findings.checks)
    return replace(findings, checks=checks + tuple(extra), profile=profile.key if profile else None)
