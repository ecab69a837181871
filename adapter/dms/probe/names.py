"""Name rules the DMS actually enforces: refused characters, a trailing dot or space, the longest
name, a repeated name (which exception, which HTTP status) and case. Each try is one ``cmis:folder``
created in the run folder, named so that the tries never collide.
"""

from __future__ import annotations

from adapter.dms.probe.record import describe
from adapter.dms.probe.scratch import WRITE_TITLES as T
from adapter.dms.probe.writing import Run
from adapter.domain.errors import AdapterError, NameConflict
from adapter.domain.probe import NameFacts
from adapter.ports.dms import DmsItem

__all__ = ["CANDIDATES", "name_checks"]

#: characters DMS products and file systems commonly refuse in names (``/`` is tried too)
CANDIDATES = '/\\:*?"<>|#%&{}~+;,\'[]@$!=^`äöüßé'
#: what sanitised names contain (``adapter.mapping.names``): a DMS refusing one of these needs a fix
_SANITISED = "~_0123456789abcdef."
_LONGEST = 255


def _folder(run: Run, name: str, label: str) -> tuple[DmsItem | None, AdapterError | None]:
    outcome = run.rec.attempt(f"POST createFolder {label} (cmis:folder)",
                              lambda: run.wire.create_folder(run.path, name, "cmis:folder", {}), lambda _f: "created")
    return outcome.value, outcome.error


def _chars(run: Run) -> tuple[str, str]:
    run.rec.begin(T["names.chars"])
    refused: list[str] = []
    accepted: list[str] = []
    for index, ch in enumerate(CANDIDATES):
        made, _error = _folder(run, f"c{index:02d}-a{ch}b", f"'c{index:02d}-a{ch}b'")
        (accepted if made is not None else refused).append(ch)
    text = "".join(refused)
    bad = sorted(set(text) & set(_SANITISED))
    run.rec.check("names.chars", T["names.chars"], "fail" if bad else "pass",
                  f"refused: {' '.join(refused) or 'none'}; accepted: {' '.join(accepted) or 'none'}",
                  "The profile's names.forbidden_chars must hold the refused ones; the adapter replaces them "
                  "(with the replacement character and a short hash that keeps names distinct)." if not bad else
                  f"The DMS refuses {' '.join(bad)}, which the adapter's sanitised names contain: such names would be "
                  "refused; ask the vendor, or keep names free of characters that need sanitising.",
                  needed=bool(bad))
    return text, "".join(accepted)


def _trailing(run: Run) -> bool:
    run.rec.begin(T["names.trailing"])
    dot, _e1 = _folder(run, "trailing-dot.", "'trailing-dot.'")
    space, _e2 = _folder(run, "trailing-space ", "'trailing-space '")
    refused = dot is None or space is None
    run.rec.check("names.trailing", T["names.trailing"], "pass",
                  f"a trailing dot {'refused' if dot is None else 'accepted'}, a trailing space "
                  f"{'refused' if space is None else 'accepted'}",
                  "The profile must say names.forbid_trailing_dot_or_space: true." if refused else
                  "Names may end with a dot or a space.")
    return refused


def _length(run: Run) -> tuple[int | None, int]:
    run.rec.begin(T["names.length"])

    def accepted(n: int) -> bool:
        stem = f"len{n:03d}-"
        made, _error = _folder(run, stem + "x" * (n - len(stem)), f"a name of {n} characters")
        return made is not None

    if accepted(_LONGEST):
        best: int | None = _LONGEST
    elif not accepted(16):
        best = None
    else:
        low, high = 16, _LONGEST  # low accepted, high refused
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if accepted(middle) else (low, middle)
        best = low
    run.rec.check("names.length", T["names.length"], "pass" if best is not None else "fail",
                  f"{best} characters accepted" + (" (longer names are not tried: the adapter cuts at 255)"
                                                   if best == _LONGEST else f", {best + 1} refused" if best else "")
                  if best is not None else "even 16 characters were refused",
                  f"The profile's names.max_length must be at most {best}; longer names are cut and keep a hash."
                  if best is not None else "The adapter's names cannot be stored.", needed=best is None)
    return best, _LONGEST if best == _LONGEST else (best + 1 if best else 16)


def _duplicate(run: Run) -> tuple[str | None, int | None, bool | None]:
    run.rec.begin(T["names.duplicate"])
    first, _e = _folder(run, "dup", "'dup'")
    again, error = _folder(run, "dup", "'dup' again")
    exception = str(error.detail.get("dms_exception") or "") or None if error else None
    status = error.detail.get("dms_status") if error else None
    ok = first is not None and isinstance(error, NameConflict)
    run.rec.check("names.duplicate", T["names.duplicate"], "pass" if ok else "fail",
                  f"the second create was refused: {describe(error)}" if error else
                  "a second object with the same name was created" if again else "the first create was refused",
                  "The adapter recognises a taken name (nameConstraintViolation or contentAlreadyExists) and then "
                  "reads the object at the path: a repeated filing finds its first one." if ok else
                  "The adapter settles repeated filings by this answer: a DMS that allows two objects of one name "
                  "or answers another exception makes repeated filings fail or file twice.", needed=True)
    run.rec.begin(T["names.case"])
    if first is None:
        run.rec.check("names.case", T["names.case"], "skipped", "no first object", "Not measured.")
        return exception, status if isinstance(status, int) else None, None
    upper, _e2 = _folder(run, "DUP", "'DUP' beside 'dup'")
    insensitive = upper is None
    run.rec.check("names.case", T["names.case"], "pass",
                  "'DUP' beside 'dup' " + ("refused: names are compared ignoring case" if insensitive else "accepted"),
                  "The profile must say names.case_insensitive: true." if insensitive else
                  "Names differing only in case are different objects.")
    return exception, status if isinstance(status, int) else None, insensitive


def name_checks(run: Run) -> NameFacts:
    """names.chars, names.trailing, names.length, names.duplicate, names.case."""
    refused, accepted = _chars(run)
    trailing = _trailing(run)
    longest, tried = _length(run)
    exception, status, insensitive = _duplicate(run)
    return NameFacts(refused_chars=refused, accepted_chars=accepted, trailing_dot_or_space_refused=trailing,
                     max_length=longest, longest_tried=tried, case_insensitive=insensitive,
                     duplicate_exception=exception, duplicate_status=status)
