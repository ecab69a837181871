"""Write checks on behaviour: versioning (checkOut/checkIn, PWC visibility, the version series,
minor versions), ACL apply and its effective refusal for a second DMS user, and the largest content
the DMS accepts within the operator's limit.
"""

from __future__ import annotations

import uuid

from adapter.dms.probe.record import describe
from adapter.dms.probe.scratch import WRITE_TITLES as T
from adapter.dms.probe.wire import ProbeWire
from adapter.dms.probe.writing import Made, Run, record_properties
from adapter.domain.errors import NotFound, OutcomeUnknown, PermissionDenied
from adapter.domain.probe import ContentFacts, TypeFacts
from adapter.ports.dms import DmsItem

__all__ = ["acl_checks", "size_check", "versioning_checks"]

_SIZES = tuple(2 ** n for n in range(16, 40, 2))  # 64 KiB, 256 KiB, 1 MiB, 4 MiB ... 256 GiB


def _mib(size: int) -> str:
    return f"{size / 1048576:g} MiB" if size >= 1048576 else f"{size // 1024} KiB"


def versioning_checks(run: Run, made: Made) -> None:
    rec, wire, document = run.rec, run.wire, made.document
    versionable = bool(run.read.levels.get("dokument", (None, ""))[0] and run.read.levels["dokument"][0].versionable)
    titles = ("versioning.checkout", "versioning.checkin", "versioning.minor")
    if document is None:
        for check_id in titles:
            rec.begin(T[check_id])
            rec.check(check_id, T[check_id], "skipped", "no document was created", "Not measured.")
        return
    doc: DmsItem = document
    rec.begin(T["versioning.checkout"])
    pwc = rec.attempt("POST checkOut dokument.bin", lambda: wire.check_out(doc), lambda p: "private working copy")
    if pwc.value is None:
        rec.check("versioning.checkout", T["versioning.checkout"], "fail" if versionable else "not-supported",
                  f"refused: {describe(pwc.error)}" if pwc.error else "refused",
                  "The adapter adds versions by checkOut and checkIn: versions cannot be added.")
        for check_id in titles[1:]:
            rec.begin(T[check_id])
            rec.check(check_id, T[check_id], "skipped", "no private working copy", "Not measured.")
        return
    copy: DmsItem = pwc.value
    run.pwcs.append(copy)
    by_id = rec.attempt("GET getObject (the PWC)", lambda: wire.get(copy.ref.id), lambda _p: "found")
    listed = rec.attempt("GET getCheckedOutDocs", wire.checked_out, lambda docs: f"{len(docs)} documents")
    series = rec.attempt("GET getAllVersions", lambda: wire.versions(doc), lambda v: f"{len(v)} entries")
    in_list = listed.value is not None and any(d.ref.id == copy.ref.id for d in listed.value)
    in_series = series.value is not None and any(v.is_private_working_copy for v in series.value)
    rec.check("versioning.checkout", T["versioning.checkout"], "pass",
              f"checked out; the PWC is {'readable' if by_id.value else 'not readable'} by id, "
              f"{'listed' if in_list else 'not listed'} in getCheckedOutDocs and "
              f"{'in' if in_series else 'not in'} the version series",
              "After a crash between checkOut and checkIn the adapter finds the PWC in the version series and "
              "checks it in." if in_series else
              "The adapter looks for a PWC left by a crash in the version series: this DMS does not show it there, "
              "so such a PWC must be checked in by hand.")
    rec.begin(T["versioning.checkin"])
    done = rec.attempt("POST checkIn major=true", lambda: wire.check_in(copy, True, "egov-probe check-in"),
                       lambda v: f"version {v.version_label}")
    if done.value is not None:
        run.pwcs.remove(copy)
    after = rec.attempt("GET getAllVersions", lambda: wire.versions(doc),
                        lambda v: ", ".join(str(x.version_label) for x in v))
    labels = [str(v.version_label) for v in after.value or () if not v.is_private_working_copy]
    ok = done.value is not None and len(labels) >= 2
    rec.check("versioning.checkin", T["versioning.checkin"], "pass" if ok else "fail",
              f"checked in as {done.value.version_label}; the series lists {', '.join(labels)}" if done.value else
              f"refused: {describe(done.error)}" if done.error else "refused",
              "Each new version carries the adapter's key in its check-in comment; the series says what is done."
              if ok else "Versions cannot be added as the adapter does.")
    _minor(run, doc)


def _minor(run: Run, doc: DmsItem) -> None:
    rec, wire = run.rec, run.wire
    rec.begin(T["versioning.minor"])
    latest = rec.attempt("GET getObjectByPath dokument.bin", lambda: wire.get_by_path(f"{run.path}/dokument.bin"),
                         lambda d: "found" if d else "not found")
    current = latest.value or doc
    pwc = rec.attempt("POST checkOut", lambda: wire.check_out(current), lambda _p: "private working copy")
    if pwc.value is None:
        rec.check("versioning.minor", T["versioning.minor"], "skipped", "the second checkOut was refused",
                  "Not measured.")
        return
    copy: DmsItem = pwc.value
    run.pwcs.append(copy)
    minor = rec.attempt("POST checkIn major=false", lambda: wire.check_in(copy, False, "egov-probe minor"),
                        lambda v: f"version {v.version_label}")
    if minor.value is not None:
        run.pwcs.remove(copy)
    else:
        cancelled = rec.attempt("POST cancelCheckOut", lambda: wire.cancel_check_out(copy))
        if cancelled.error is None:
            run.pwcs.remove(copy)
    rec.check("versioning.minor", T["versioning.minor"], "pass" if minor.value else "not-supported",
              f"minor versions work ({minor.value.version_label})" if minor.value else
              f"major versions only: {describe(minor.error)}" if minor.error else "refused",
              "The adapter checks in major versions only; minor ones are not needed.")


def acl_checks(run: Run, made: Made, user: str | None, second: ProbeWire | None, second_user: str | None) -> None:
    rec, wire = run.rec, run.wire
    rec.begin(T["acl.apply"])
    permission = run.read.repository.acl.permission_for("canApplyACL.Object") or "cmis:all"
    if made.document is None or user is None or run.read.repository.acl.capability != "manage":
        why = ("no document was created" if made.document is None else "the DMS user is not known (token)"
               if user is None else f"capabilityACL is {run.read.repository.acl.capability}")
        rec.check("acl.apply", T["acl.apply"], "skipped", why, "Not measured.")
        rec.begin(T["acl.refusal"])
        rec.check("acl.refusal", T["acl.refusal"], "skipped", why, "Not measured.")
        return
    doc: DmsItem = made.document
    before = rec.attempt("GET getACL dokument.bin", lambda: wire.acl(doc),
                         lambda a: f"{len(a[0])} direct, {len(a[1])} inherited entries")
    applied = rec.attempt(f"applyACL: only {user} with {permission}, inheritance stopped",
                          lambda: wire.restrict(doc, user, permission),
                          lambda a: f"{len(a[0])} direct, {len(a[1])} inherited entries")
    result = applied.value
    ok = result is not None and not result[1] and {a.principal for a in result[0]} == {user}
    rec.check("acl.apply", T["acl.apply"], "pass" if ok else "fail",
              (f"before: {len(before.value[0])} direct, {len(before.value[1])} inherited entries; " if before.value
               else "") + ("after: only the probe user, nothing inherited" if ok else
                           f"after: {result}" if result else f"refused: {describe(applied.error)}"
                           if applied.error else "refused"),
              "The Personalakte's ACL replaces what it would inherit, so the DMS itself refuses everyone else."
              if ok else "The DMS does not apply an ACL that stops inheritance: confidential classes "
              "(Personalakte) would stay readable by everyone who can read their folder.")
    rec.begin(T["acl.refusal"])
    if second is None or second_user is None:
        rec.check("acl.refusal", T["acl.refusal"], "skipped", "no second DMS user configured",
                  "Set EGOV_DMS_PROBE_USER and EGOV_DMS_PROBE_PASSWORD to see the DMS refuse another user.")
        return
    other: ProbeWire = second
    seen = rec.attempt(f"GET getObject dokument.bin as {second_user}", lambda: other.get(doc.ref.id),
                       lambda _d: "readable")
    refused = isinstance(seen.error, PermissionDenied | NotFound)
    rec.check("acl.refusal", T["acl.refusal"], "pass" if refused else "fail",
              f"{second_user} " + (f"was refused: {describe(seen.error)}" if seen.error else "could read it"),
              "ACLs are enforced by the DMS, not only shown." if refused else
              "The DMS does not enforce the ACL it shows: confidential classes are not protected.", needed=ok)


def _upload(run: Run, size: int, doc_type: str, doc_def: TypeFacts | None) -> bool:
    """Whether the DMS took a document of ``size`` bytes (deleted again at once)."""
    rec, wire, name = run.rec, run.wire, f"size-{size}.bin"
    content = run.content(size, name)
    props, secondary = record_properties(run, doc_def, str(uuid.uuid4()), f"egov-probe:size:{size}")
    made = rec.attempt(f"POST createDocument {name} ({_mib(size)})",
                       lambda: wire.create_document(run.path, name, doc_type, props, content, secondary),
                       lambda _d: "created")
    if made.value is not None:
        item: DmsItem = made.value
        rec.attempt(f"deleteObject {name}", lambda: wire.delete(item))
        return True
    if isinstance(made.error, OutcomeUnknown):  # the DMS may have cut the upload short: did it keep it?
        kept = rec.attempt(f"GET getObjectByPath {name}", lambda: wire.get_by_path(f"{run.path}/{name}"),
                           lambda d: "kept" if d else "not kept")
        return kept.value is not None
    return False


def size_check(run: Run, limit: int) -> ContentFacts:
    rec = run.rec
    rec.begin(T["content.size"])
    doc_type, doc_def = run.level("dokument", "cmis:document")
    sizes = [s for s in _SIZES if s < limit] + [limit]
    largest = refused = None
    for size in sizes:
        if _upload(run, size, doc_type, doc_def):
            largest = size
            continue
        refused = size
        break
    rec.check("content.size", T["content.size"], "pass" if largest is not None else "fail",
              (f"accepted {_mib(largest)}" if largest else "nothing accepted")
              + (f", refused {_mib(refused)}" if refused else f" (the operator's limit is {_mib(limit)})"),
              (f"The profile's content.max_size should be at most {largest} bytes: larger files are refused before "
               "they are sent." if refused else "Files up to the limit tried are accepted; larger ones were not "
               "tried.") if largest else "The DMS refused even the smallest upload.")
    return ContentFacts(largest_accepted=largest, smallest_refused=refused, operator_limit=limit)
