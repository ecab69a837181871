"""The probe's HTML report: one self-contained page an operator hands to the DMS vendor or the project lead.

No script, no external asset (styles inline, a Content-Security-Policy that allows nothing else);
every value is escaped. It shows the verdict, the repository, every check with what was found, what
it means for the adapter and its evidence, the type tree with every property definition and the
ACL permission mapping. The findings never hold credentials or content, so neither does the page.
"""

from __future__ import annotations

from html import escape

from adapter.domain.probe import Check, ProbeFindings, TypeFacts

__all__ = ["render_html"]

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;
text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f6f8fa}.s{font-weight:600;white-space:nowrap;border-radius:4px;
padding:.1rem .4rem}.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}
.not-supported{background:#fff8c5;color:#7d4e00}.skipped{background:#eaeef2;color:#57606a}
.verdict{padding:.8rem 1rem;border-radius:6px;margin:1rem 0;font-weight:600}.ok{background:#dafbe1}
.bad{background:#ffebe9}.needed{font-size:.8em;color:#a40e26}details summary{cursor:pointer;color:#0969da}
code{font:13px ui-monospace,monospace}td.m{color:#57606a}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _row(*cells: object, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{_e(c)}</{tag}>" for c in cells) + "</tr>"


def _check(check: Check) -> str:
    evidence = ""
    if check.evidence:
        rows = "".join(_row(e.request, e.answer) for e in check.evidence)
        evidence = (f"<details><summary>{len(check.evidence)} request{'s' if len(check.evidence) != 1 else ''}"
                    f"</summary><table>{_row('request', 'answer', header=True)}{rows}</table></details>")
    needed = ' <span class="needed">needed</span>' if check.needed else ""
    return (f'<tr id="{_e(check.id)}"><td><span class="s {_e(check.status)}">{_e(check.status)}</span></td>'
            f"<td><strong>{_e(check.title)}</strong>{needed}<br><code>{_e(check.id)}</code></td>"
            f"<td>{_e(check.found)}{evidence}</td><td class=\"m\">{_e(check.meaning)}</td></tr>")


def _type(t: TypeFacts) -> str:
    head = (f"<h3><code>{_e(t.id)}</code> {_e(t.display_name)}</h3><p>base {_e(t.base)}, query name "
            f"<code>{_e(t.query_name)}</code>, parent {_e(t.parent_id or '-')}, creatable {_e(t.creatable)}, "
            f"queryable {_e(t.queryable)}" + (f", versionable {_e(t.versionable)}" if t.versionable is not None else "")
            + (f". {_e(t.description)}" if t.description else "") + "</p>")
    rows = "".join(_row(p.id, p.query_name, p.display_name, p.datatype, "multi" if p.multi else "single",
                        p.updatability, "yes" if p.required else "", "yes" if p.queryable else "",
                        p.max_length or "", ", ".join(p.choices)) for p in t.properties)
    return head + ("<table>" + _row("id", "query name", "display name", "datatype", "cardinality", "updatability",
                                    "required", "queryable", "max length", "choices", header=True) + rows + "</table>"
                   if t.properties else "<p>no property definitions</p>")


def render_html(findings: ProbeFindings) -> str:
    """The report page for ``findings``."""
    repo, failed = findings.repository, findings.failed_needs
    counts = {s: sum(1 for c in findings.checks if c.status == s) for s in ("pass", "fail", "not-supported",
                                                                             "skipped")}
    who = f"profile {findings.profile!r}" if findings.profile else "the adapter"
    verdict = (f'<div class="verdict bad">The DMS lacks what {_e(who)} needs: '
               f"{_e(', '.join(c.title for c in failed))}</div>" if failed else
               f'<div class="verdict ok">Every check {_e(who)} needs passes.</div>')
    facts = "".join(_row(k, v) for k, v in (
        ("repository", f"{repo.id} ({repo.name})"),
        ("vendor, product", f"{repo.vendor}, {repo.product} {repo.version}"),
        ("CMIS version", repo.cmis_version), ("binding, URL", f"{findings.binding}, {findings.url}"),
        ("probe", f"{findings.mode}, {findings.started}, {findings.seconds:.1f} s"),
        ("vendor profile", findings.profile or "none"),
        ("checks", ", ".join(f"{n} {s}" for s, n in counts.items()))))
    acl = repo.acl
    mapping = "".join(_row(key, ", ".join(perms)) for key, perms in sorted(acl.mapping.items()))
    types = "".join(_type(t) for t in findings.types)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>DMS probe: {_e(repo.id)}</title><style>{_CSS}</style></head><body>"
        f"<h1>DMS probe report</h1><p>egov multidigital adapter, <code>egov-adapter dms probe</code></p>{verdict}"
        f"<table>{facts}</table><h2>Checks</h2><table>"
        + _row("status", "check", "found", "meaning for the adapter", header=True)
        + "".join(_check(c) for c in findings.checks) + "</table>"
        f"<h2>ACL permissions</h2><p>capabilityACL {_e(acl.capability)}, supportedPermissions "
        f"{_e(acl.supported_permissions)}, propagation {_e(acl.propagation or '-')}; permissions "
        f"{_e(', '.join(acl.permissions) or 'none')}</p>"
        + (f"<table>{_row('allowable action', 'permissions', header=True)}{mapping}</table>" if mapping else "")
        + f"<h2>Types ({len(findings.types)})</h2>{types}</body></html>\n")
