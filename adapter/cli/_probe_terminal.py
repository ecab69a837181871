"""The probe in the terminal (rich): a line per check while it runs, then the verdict."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.status import Status
from rich.table import Table

from adapter.domain.probe import Check, ProbeFindings

__all__ = ["READ_ONLY", "TerminalProgress", "print_summary"]

#: what a write check finds in a read-only run (``adapter.dms.probe.runner``)
READ_ONLY = "read-only probe"

_STYLE = {"pass": ("✔", "green"), "fail": ("✘", "red"), "not-supported": ("–", "yellow"),
          "skipped": ("·", "bright_black")}


class TerminalProgress:
    """``ProbeProgress`` on a rich console: the running step in a status line, a line per finished check."""

    def __init__(self, console: Console, status: Status | None = None) -> None:
        self.console, self.status = console, status

    def started(self, title: str) -> None:
        if self.status is not None:
            self.status.update(f"[bold]{escape(title)}[/] …")

    def finished(self, check: Check) -> None:
        if check.status == "skipped" and check.found == READ_ONLY:
            return  # summed up once by print_summary
        _line(self.console, check)


def _line(console: Console, check: Check) -> None:
    mark, style = _STYLE[check.status]
    found = check.found if len(check.found) <= 110 else check.found[:107] + "…"
    console.print(f"[{style}]{mark}[/] {escape(check.title)}: [bright_black]{escape(found)}[/]", highlight=False)


def print_summary(console: Console, findings: ProbeFindings) -> None:
    """Counts per status, the failed or unsupported checks with their meaning, and the verdict."""
    repo = findings.repository
    for check in findings.checks:
        if check.id.startswith("profile"):
            _line(console, check)
    not_run = sum(1 for c in findings.checks if c.status == "skipped" and c.found == READ_ONLY)
    if not_run:
        console.print(f"· {not_run} write checks not run (read-only probe; --scratch-folder PATH runs them)",
                      highlight=False)
    counts = {s: sum(1 for c in findings.checks if c.status == s) for s in _STYLE}
    console.print(f"\n[bold]{escape(repo.id)}[/] ({escape(repo.product or repo.name)}) over {findings.binding}, "
                  f"{findings.mode} probe in {findings.seconds:.1f} s: "
                  + ", ".join(f"{n} {s}" for s, n in counts.items()), highlight=False)
    notable = [c for c in findings.checks if c.status in ("fail", "not-supported")]
    if notable:
        table = Table("", "check", "what it means for the adapter", show_lines=False, expand=True)
        for check in notable:
            mark, style = _STYLE[check.status]
            table.add_row(f"[{style}]{mark}[/]", escape(check.title) + (" [red](needed)[/]" if check.needed else ""),
                          escape(check.meaning))
        console.print(table)
    failed = findings.failed_needs
    profile = f"profile {findings.profile!r}" if findings.profile else "the adapter"
    if failed:
        console.print(f"[bold red]The DMS lacks what {escape(profile)} needs:[/] "
                      + escape(", ".join(c.title for c in failed)), highlight=False)
    else:
        console.print(f"[bold green]Every check {escape(profile)} needs passes.[/]", highlight=False)
