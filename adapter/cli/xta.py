"""``egov-adapter xta``: poll the XTA mailbox, send a file, show the mailbox status.

Connection options come from the command line, else from the EGOV_XTA_* settings (``adapter.config``):
the base URL under which MsgBoxPort/SendXtaPort/ManagementPort live, our party, the client
certificate (PEM or .p12, with key and password), the CA bundle, spool and inbox folders, MTOM.
``poll`` keeps each message in the journal before closing it, files it (xdomea import or the
Posteingang) into the configured DMS (or the embedded sandbox) and sends its receipts; ``outbox``
sends what clerks put in the DMS outbox folder (``adapter.services.xta``). With a tenants file and no
``--tenant``, ``poll`` runs one poller per tenant mailbox in this process.
Errors are domain errors; the root maps them to exit codes (1 refused, 2 configuration, 3 transient).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from adapter.cli.state import CliState, state_of
from adapter.domain.errors import ConfigurationError, TransientError
from adapter.domain.messages import Code, Content, MessageMeta, OutgoingMessage, Party
from adapter.ports.transport import MessageTransport
from adapter.services.xta.inbox import InboxPass

__all__ = ["register"]

app = typer.Typer(name="xta", help="XTA 2 transport: poll the mailbox, send messages, show the status.",
                  no_args_is_help=True)


@app.callback()
def _connection(
    ctx: typer.Context,
    url: Annotated[str | None, typer.Option(help="Base URL of the XTA ports (EGOV_XTA_URL).")] = None,
    party: Annotated[str | None, typer.Option(help="Our party identifier, the mailbox (EGOV_XTA_PARTY).")] = None,
    cert: Annotated[Path | None, typer.Option(help="Client certificate, PEM or .p12 (EGOV_XTA_CLIENT_CERT).")] = None,
    key: Annotated[Path | None, typer.Option(help="Key (PEM), if separate (EGOV_XTA_CLIENT_KEY).")] = None,
    ca_bundle: Annotated[Path | None, typer.Option(help="CA bundle, PEM (EGOV_XTA_CA_BUNDLE).")] = None,
    mtom: Annotated[bool | None, typer.Option("--mtom/--inline", help="MTOM or inline base64 (EGOV_XTA_MTOM).")]
    = None,
) -> None:
    """Connection to the XTA server: options, else the EGOV_XTA_* settings."""
    state = state_of(ctx)
    ctx.obj = state.with_settings(state.settings.updated(
        xta_url=url, xta_party=party, xta_client_cert=cert, xta_client_key=key, xta_ca_bundle=ca_bundle,
        xta_mtom=mtom))


def _transport(ctx: typer.Context) -> MessageTransport:
    """Only the XTA transport (the mailbox), without the DMS."""
    state: CliState = state_of(ctx)
    return state.wiring.xta_transport(state.settings)


@app.command("status")
def status_command(ctx: typer.Context) -> None:
    """Check the account and list the messages waiting in the mailbox."""
    client = _transport(ctx)
    client.check_account_active()
    page = client.status_list()
    for entry in page.entries:
        typer.echo(f"{entry.message_id}\t{entry.size}\t{entry.delivered.isoformat()}\t{entry.business_scenario}")
    typer.echo(f"{len(page.entries)} message(s) waiting" + (f", {page.pending} more" if page.pending else ""))


@app.command("poll")
def poll_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float | None, typer.Option(help="Seconds between passes (EGOV_XTA_POLL_INTERVAL).")] = None,
    inbox: Annotated[Path | None, typer.Option(
        help="Keep messages in this folder instead of filing them (no DMS, no receipts).")] = None,
) -> None:
    """Fetch every waiting message, keep it in the journal, close it, file it and send its receipts."""
    state = state_of(ctx)
    settings = state.settings
    interval = interval or settings.xta_poll_interval
    if inbox is not None:
        poller = state.wiring.folder_poller(settings, inbox)
        if once:
            result = poller.poll_once()
            typer.echo(f"{len(result.closed)} fetched, {len(result.refused)} left in the mailbox")
            return
        poller.run(threading.Event(), interval)
        return
    if settings.tenants_file is not None and settings.tenant is None:
        _poll_every_tenant(state, once, interval)
        return
    with state.open() as adapter:
        service = adapter.xta.inbox
        _loop(once, interval, lambda: _echo_inbox(service.poll_once()))


def _poll_every_tenant(state: CliState, once: bool, interval: float) -> None:
    """One poller per tenant with an XTA identity, side by side in this process: a message belongs to the
    tenant whose mailbox it arrived in and is filed with that tenant's graph only."""
    with state.open_tenants() as tenants:
        mailboxes = [t.id for t in tenants.config.tenants.values() if t.xta_identity]
        if not mailboxes:
            raise ConfigurationError("no tenant has an XTA identity (xta: url, party, client_cert in the tenants file)")

        def poll(tenant: str) -> None:
            def one() -> None:
                with tenants.use(tenant) as graph:
                    _echo_inbox(graph.xta.inbox.poll_once(), prefix=f"{tenant}: ")

            _loop(once, interval, one)

        threads = [threading.Thread(target=poll, args=(t,), name=f"xta-poll-{t}", daemon=True) for t in mailboxes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


@app.command("outbox")
def outbox_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float | None, typer.Option(help="Seconds between passes (EGOV_XTA_POLL_INTERVAL).")] = None,
) -> None:
    """Send the documents in EGOV_XTA_OUTBOX_PATH/<party>/ and move them to EGOV_XTA_SENT_PATH/<party>/."""
    state = state_of(ctx)
    settings = state.settings
    with state.open() as adapter:
        service = adapter.xta.outbox

        def one() -> None:
            for item in service.run_once():
                typer.echo(f"sent {item['name']} to {item['party']}: {item['message_id']}, "
                           f"transport status {item['report']['status']}")

        _loop(once, interval or settings.xta_poll_interval, one)


def _echo_inbox(result: InboxPass, prefix: str = "") -> None:
    typer.echo(f"{prefix}{len(result.poll.closed)} fetched, {len(result.poll.refused)} left in the mailbox, "
               f"{len(result.done)} filed, {len(result.failed)} failed")
    for item in result.done:
        typer.echo(f"{prefix}{item['message_id']}: {item['route']}, {len(item['receipts'])} receipt(s) sent")


def _loop(once: bool, interval: float, one: Callable[[], None]) -> None:
    """One pass, or passes every ``interval`` seconds until interrupted; transient failures wait."""
    while True:
        if once:
            one()
            return
        try:
            one()
        except TransientError as exc:
            typer.echo(f"transient failure ({exc.code}); next pass in {interval:g}s", err=True)
        time.sleep(interval)


@app.command("send")
def send_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The message (XML) to send.")],
    to: Annotated[str, typer.Option("--to", help="The reader's party identifier.")],
    attach: Annotated[list[Path] | None, typer.Option(exists=True, dir_okay=False, help="Attachment(s).")] = None,
    service: Annotated[str, typer.Option(help="Qualifier/Service URI.")] = "urn:xoev-de:xdomea:kosit:standard:xdomea",
    message_type: Annotated[str, typer.Option(help="MessageType code (xdomea Nachrichtentyp).")] = "0401",
    payload_schema: Annotated[str, typer.Option(help="MessageType/@payloadSchema.")] = (
        "urn:xoev-de:xdomea:schema:xdomea_3.0.0"),
    scenario: Annotated[str, typer.Option(help="BusinessScenario (undefined text).")] = "XDOMEAGAD_DATA",
) -> None:
    """Send FILE (and attachments) to PARTY, then print the transport report."""
    client = _transport(ctx)
    message_id = client.create_message_id()
    meta = MessageMeta(message_id, client.party, Party(to), service,
                       Code(message_type, "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"), payload_schema,
                       scenario)
    attachments = tuple(Content(p, "application/octet-stream", p.name) for p in attach or [])
    client.send(OutgoingMessage(meta, Content(file, "application/xml", file.name), attachments))
    report = client.transport_report(message_id)
    typer.echo(f"sent {message_id}: transport status {report.status}" + (" (ok)" if report.ok else ""))


def register(root: typer.Typer) -> None:
    """Add ``xta`` to the CLI root."""
    root.add_typer(app, name="xta")
