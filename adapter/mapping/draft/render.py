"""Writing a draft's choices as vendor profile YAML, with a comment per choice saying why.

Scalars are written as JSON strings (valid YAML double-quoted scalars), so any id or character
set survives; the result is checked by ``load_mappings`` like any hand-written profile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from adapter.domain.probe import NameFacts, ProbeFindings, PropertyFacts, QueryFacts
from adapter.mapping.draft.plan import KEY_KEY, SECONDARY_KEY, UUID_KEY, OpenChoice, Plan

__all__ = ["render_profile"]

#: characters sanitised names use (``adapter.mapping._check_profile.HASH_CHARS``): never forbidden
_HASH_CHARS = "~0123456789abcdef"
_CONSERVATIVE_CHARS = '/\\:*?"<>|'


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _flow(values: Iterable[str], indent: int = 4) -> str:
    """``[a, b, ...]``, wrapped under ``indent`` spaces when long (flow sequences may span lines)."""
    lines, line = [], ""
    for value in values:
        if line and len(line) + len(value) > 88:
            lines.append(line + ",")
            line = ""
        line = f"{line}, {value}" if line else value
    return "[" + f"\n{' ' * (indent + 1)}".join([*lines, line]) + "]"


def _comment(text: str, indent: str = "") -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 96:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [f"{indent}# {x}" for x in [*lines, line] if x]


def _property(key: str, p: PropertyFacts) -> str:
    parts = [f"id: {_q(p.id)}", f"type: {p.datatype}"]
    if p.multi:
        parts.append("multi: true")
    if p.max_length is not None and p.datatype == "string":
        parts.append(f"max_length: {p.max_length}")
    return f"  {key}: {{{', '.join(parts)}}}"


def _header(plan: Plan) -> list[str]:
    f, repo = plan.findings, plan.findings.repository
    lines = [f"# Vendor profile {plan.name!r}, drafted by `egov-adapter profile draft` from a {f.mode} probe of",
             f"# repository {repo.id!r} ({repo.product or repo.name}, {repo.vendor or 'vendor not stated'}) at",
             f"# {f.url} over the {f.binding} binding, {f.started[:19]}. Every choice says why.",
             "# Check it with `egov-adapter mappings check --against-dms` before the first filing."]
    for problem in plan.problems:
        lines += _comment(f"PROBLEM: {problem}")
    if plan.unmatched_mandatory:
        lines += _comment("The DMS requires properties no record-class key maps to yet (filings are refused "
                          "until one does; choose with --choose KEY=PROPERTY_ID): "
                          + "; ".join(plan.unmatched_mandatory))
    return lines


def _types(plan: Plan) -> list[str]:
    place = plan.identity
    lines = ["types:"]
    for key, (t, why) in plan.types.items():
        keys = [k for k, (p, _w, need) in plan.mapped.items() if key in need.type_keys and t.prop(p.id) is not None]
        if place is not None and place.secondary is None and t.id not in ("cmis:folder", "cmis:document"):
            keys += [UUID_KEY, KEY_KEY]
        lines += _comment(why, "  ")
        lines += [f"  {key}:", f"    id: {_q(t.id)}"]
        if t.query_name != t.id:
            lines.append(f"    query_name: {_q(t.query_name)}")
        lines.append(f"    base: {t.base.removeprefix('cmis:')}")
        if t.base == "cmis:document" and t.versionable is not None:
            lines.append(f"    versionable: {'true' if t.versionable else 'false'}")
        lines.append(f"    properties: {_flow(keys)}")
    if place is not None and place.secondary is not None:
        s = place.secondary
        keys = [UUID_KEY, KEY_KEY] + [k for k, (p, _w, need) in plan.mapped.items() if s.prop(p.id) is not None
                                      and not all(plan.types[tk][0].prop(p.id) for tk in need.type_keys)]
        lines += _comment(f"our keys live on the secondary type {s.id}, added to every object we create", "  ")
        lines += [f"  {SECONDARY_KEY}:", f"    id: {_q(s.id)}"]
        if s.query_name != s.id:
            lines.append(f"    query_name: {_q(s.query_name)}")
        lines += ["    base: secondary", f"    properties: {_flow(keys)}"]
    return lines


def _properties(plan: Plan) -> list[str]:
    lines = ["", "properties:"]
    for key, (p, why, need) in plan.mapped.items():
        lines += _comment(f"{why}; at {', '.join(need.levels)}", "  ")
        lines.append(_property(key, p))
    place = plan.identity
    lines += _comment(f"our keys: {place.why}" if place else "our keys", "  ")
    for key, found in ((UUID_KEY, place.uuid if place else None), (KEY_KEY, place.key if place else None)):
        lines.append(_property(key, found) if found is not None else f'  {key}: {{id: "?", type: string}}  # PROBLEM')
    return lines


def _unmapped(open_choices: list[OpenChoice]) -> list[str]:
    if not open_choices:
        return []
    lines = ["", "# Keys the record classes map that this draft could not place: their values are not stored",
             "# until a person chooses a DMS property (profile draft --choose KEY=PROPERTY_ID, or edit by hand)."]
    for o in open_choices:
        found = ", ".join(f"{c.id} ({c.display_name}{'; mandatory' if c.mandatory_on else ''})"
                          for c in o.candidates) or "none"
        article = "an" if o.wants[0] in "aeiou" else "a"
        lines += _comment(f"{o.key}: {article} {o.wants} at {', '.join(o.levels)}; {o.why}; candidates: {found}")
    lines.append(f"unmapped: {_flow((o.key for o in open_choices), 10)}")
    return lines


def _permissions(f: ProbeFindings) -> list[str]:
    acl = f.repository.acl
    keys = (("read", "canGetProperties.Object"), ("write", "canUpdateProperties.Object"),
            ("all", "canApplyACL.Object"))
    found = {level: acl.permission_for(key) for level, key in keys}
    if acl.supported_permissions == "basic" or not all(found.values()):
        return ["", "# the basic CMIS permissions (supportedPermissions " + acl.supported_permissions + ")",
                'permissions: {read: "cmis:read", write: "cmis:write", all: "cmis:all"}']
    why = ", ".join(f"{level} = {found[level]} ({key})" for level, key in keys)
    return ["", *_comment(f"the repository's own permissions, from its permission mapping: {why}"),
            "permissions: {" + ", ".join(f"{level}: {_q(str(found[level]))}" for level, _k in keys) + "}"]


def _names(n: NameFacts | None) -> list[str]:
    if n is None:
        return ["", "# not measured (read-only probe): conservative rules; run with --scratch-folder to measure",
                "names:", f"  forbidden_chars: {_q(_CONSERVATIVE_CHARS)}", "  forbid_trailing_dot_or_space: true",
                "  max_length: 255", "  case_insensitive: true", '  replacement: "_"']
    kept = "".join(c for c in dict.fromkeys("/" + n.refused_chars) if c not in _HASH_CHARS)
    dropped = "".join(c for c in n.refused_chars if c in _HASH_CHARS)
    replacement = next(c for c in "_-=+" if c not in kept)
    length = max(16, n.max_length or 16)
    lines = ["", "names:"]
    lines += _comment("refused in the scratch run (every character a DMS commonly refuses was tried)"
                      + (f"; PROBLEM: {dropped} is refused too, but sanitised names use it" if dropped else ""), "  ")
    lines += [f"  forbidden_chars: {_q(kept)}",
              f"  forbid_trailing_dot_or_space: {'true' if n.trailing_dot_or_space_refused else 'false'}"]
    lines += _comment(f"{n.max_length} characters accepted" + (f", {n.max_length + 1} refused"
                                                               if n.max_length and n.max_length < 255 else ""), "  ")
    lines += [f"  max_length: {min(length, 255)}"]
    lines += _comment("a name differing only in case was "
                      + ("refused" if n.case_insensitive else "accepted" if n.case_insensitive is False
                         else "not tried"), "  ")
    lines += [f"  case_insensitive: {'true' if n.case_insensitive else 'false'}", f"  replacement: {_q(replacement)}"]
    return lines


def _query(q: QueryFacts) -> list[str]:
    def line(name: str, ok: bool | None, fallback: str) -> str:
        if ok:
            return f"  {name}: {{supported: true}}"
        return f"  {name}: {{supported: false, fallback: {fallback}}}  # {'refused' if ok is False else 'not tried'}"

    return ["", "# what the probe's harmless queries showed", "query:", line("like", q.like, "client-filter"),
            line("in", q.in_, "or" if q.or_ else "split"), line("or", q.or_, "split")]


def _content(f: ProbeFindings) -> list[str]:
    c = f.content
    limit = c.largest_accepted if c.smallest_refused is not None else None
    size_why = (f"accepted {c.largest_accepted} bytes, refused {c.smallest_refused}: files above the largest "
                "accepted size are refused before upload" if limit is not None else
                f"nothing refused up to {c.operator_limit} bytes (the operator's limit)" if c.largest_accepted
                else "not measured (read-only probe)")
    offered = c.hash_offered if c.hash_offered is not None else c.hash_declared
    hash_why = ("cmis:contentStreamHash reported with the right SHA-256" if c.hash_offered else
                "no cmis:contentStreamHash: every upload is read back to verify it" if c.hash_offered is False else
                "cmis:contentStreamHash declared (not verified: read-only probe)" if c.hash_declared else
                "no cmis:contentStreamHash declared: every upload is read back to verify it")
    return ["", "content:", *_comment(size_why, "  "), f"  max_size: {limit if limit is not None else 'null'}",
            *_comment(hash_why, "  "), f"  hash_property: {'true' if offered else 'false'}",
            "  verify_read_back: true"]


def _ws(f: ProbeFindings) -> list[str]:
    """The ``ws`` section: the WSDL and service addresses the probe reached the DMS with (Web Services only)."""
    if f.binding != "ws":
        return []
    wsdl, endpoint = f.access.get("wsdl", "official"), f.access.get("endpoint", "{url}/{service}")
    why = ("the probe read the DMS's own WSDL (<url>?wsdl) for the service addresses" if wsdl == "dms" else
           f"the probe used the OASIS WSDL of the standards folder (EGOV_CMIS_DIR), each service at {endpoint}")
    return [*_comment(why), "ws:", f"  wsdl: {_q(wsdl)}", f"  endpoint: {_q(endpoint)}", ""]


def render_profile(plan: Plan) -> str:
    f = plan.findings
    description = f"Drafted from {f.repository.product or f.repository.name} ({f.repository.id}) by profile draft"
    lines = [*_header(plan), f"profile: {plan.name}", f"description: {_q(description)}", f"binding: {f.binding}", ""]
    lines += _ws(f)
    lines += _types(plan) + _properties(plan) + _unmapped(plan.open)
    secondary = plan.identity.secondary if plan.identity else None
    lines += ["", "identity:", f"  uuid_property: {UUID_KEY}", f"  idempotency_property: {KEY_KEY}",
              f"  secondary_type: {SECONDARY_KEY if secondary is not None else 'null'}"]
    lines += _permissions(f) + _names(f.names) + _query(f.query) + _content(f)
    return "\n".join(lines) + "\n"
