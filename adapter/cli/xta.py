"""``egov-adapter xta``: poll the XTA mailbox, send a file, show the mailbox status.

Connection options come from the command line, else from the EGOV_XTA_* settings (``adapter.config``):
the base URL under which MsgBoxPort/SendXtaPort/ManagementPort live, our party, the client
certificate (PEM or .p12, with key and password), the CA bundle, spool and inbox folders, MTOM.
``poll`` keeps each message in the journal before closing it, files it (xdomea import or the
Posteingang) into the configured DMS (or the embedded sandbox) and sends its receipts; ``outbox``
sends what clerks put in the DMS outbox folder (``adapter.services.xta_*``).
Errors are domain errors; the root maps them to exit codes (1 refused, 2 configuration, 3 transient).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from adapter.config import Settings

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
    from adapter.domain.errors import ConfigurationError
    from adapter.transport.xta import Endpoints, MtomTransport, Party, XtaClient, load_client_certificate, tls_session

    settings: Settings = ctx.obj
    url, party, cert = url or settings.xta_url, party or settings.xta_party, cert or settings.xta_client_cert
    missing = [name for name, value in (("EGOV_XTA_URL", url), ("EGOV_XTA_PARTY", party),
                                        ("EGOV_XTA_CLIENT_CERT", cert)) if not value]
    if missing or url is None or party is None or cert is None:
        raise ConfigurationError(f"XTA needs {', '.join(missing)} (or the matching options)")
    password = settings.xta_client_cert_password.get_secret_value() if settings.xta_client_cert_password else None
    identity = load_client_certificate(cert, key or settings.xta_client_key, password)
    transport = MtomTransport(tls_session(identity, ca_bundle or settings.xta_ca_bundle),
                              settings.xta_spool_dir or settings.data_dir / "xta-spool",
                              mtom=settings.xta_mtom if mtom is None else mtom)
    ctx.obj = _Xta(settings, XtaClient(party=Party(party), endpoints=Endpoints.under(url), transport=transport,
                                       schema_dir=settings.xoev_dir))


class _Xta:
    """The settings and the connected client, for the subcommands."""

    def __init__(self, settings: Settings, client: object) -> None:
        self.settings = settings
        self.client: Any = client


@app.command("status")
def status_command(ctx: typer.Context) -> None:
    """Check the account and list the messages waiting in the mailbox."""
    client = ctx.obj.client
    client.check_account_active()
    page = client.status_list()
    for entry in page.entries:
        typer.echo(f"{entry.message_id}\t{entry.size}\t{entry.delivered.isoformat()}\t{entry.business_scenario}")
    typer.echo(f"{len(page.entries)} message(s) waiting" + (f", {page.pending} more" if page.pending else ""))


@contextmanager
def _services(ctx: typer.Context) -> Iterator[Any]:
    """The adapter (configured DMS or the embedded sandbox), the journal and its spool, for poll/outbox."""
    from adapter.bootstrap import journal_of, open_adapter, spool_of

    settings = ctx.obj.settings
    with open_adapter(settings) as adapter, journal_of(settings) as journal:
        yield adapter, journal, spool_of(settings)


@app.command("poll")
def poll_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float | None, typer.Option(help="Seconds between passes (EGOV_XTA_POLL_INTERVAL).")] = None,
    inbox: Annotated[Path | None, typer.Option(
        help="Keep messages in this folder instead of filing them (no DMS, no receipts).")] = None,
) -> None:
    """Fetch every waiting message, keep it in the journal, close it, file it and send its receipts."""
    from adapter.transport.xta.poller import Poller
    from adapter.transport.xta.sink import DirectorySink

    settings = ctx.obj.settings
    interval = interval or settings.xta_poll_interval
    if inbox is not None:
        poller = Poller(ctx.obj.client, DirectorySink(inbox))
        if once:
            result = poller.poll_once()
            typer.echo(f"{len(result.closed)} fetched, {len(result.refused)} left in the mailbox")
            return
        poller.run(threading.Event(), interval)
        return
    from adapter.services.xta.wiring import inbox_for
    from adapter.xoev.xdomea.to_records import ImportRules

    rules = ImportRules(default_class=settings.xdomea_default_class,
                        classes_by_sender=settings.xdomea_classes_by_sender)
    with _services(ctx) as (adapter, journal, spool):
        service = inbox_for(ctx.obj.client, adapter.records, journal, spool, settings.xoev_dir,
                            settings.data_dir / "xta-work", rules=rules,
                            posteingang_class=settings.api_posteingang_class,
                            part_timeout=settings.xdomea_part_timeout, lifecycle=adapter.lifecycle)
        _loop(once, interval, lambda: _echo_inbox(service.poll_once()))


@app.command("outbox")
def outbox_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float | None, typer.Option(help="Seconds between passes (EGOV_XTA_POLL_INTERVAL).")] = None,
) -> None:
    """Send the documents in EGOV_XTA_OUTBOX_PATH/<party>/ and move them to EGOV_XTA_SENT_PATH/<party>/."""
    from adapter.services.xta.outbox import OutboxFolders
    from adapter.services.xta.wiring import outbox_for

    settings = ctx.obj.settings
    with _services(ctx) as (adapter, journal, spool):
        service = outbox_for(ctx.obj.client, adapter.dms, journal, spool,
                             OutboxFolders(settings.xta_outbox_path, settings.xta_sent_path))

        def one() -> None:
            for item in service.run_once():
                typer.echo(f"sent {item['name']} to {item['party']}: {item['message_id']}, "
                           f"transport status {item['report']['status']}")

        _loop(once, interval or settings.xta_poll_interval, one)


def _echo_inbox(result: Any) -> None:
    typer.echo(f"{len(result.poll.closed)} fetched, {len(result.poll.refused)} left in the mailbox, "
               f"{len(result.done)} filed, {len(result.failed)} failed")
    for item in result.done:
        typer.echo(f"{item['message_id']}: {item['route']}, {len(item['receipts'])} receipt(s) sent")


def _loop(once: bool, interval: float, one: Callable[[], None]) -> None:
    """One pass, or passes every ``interval`` seconds until interrupted; transient failures wait."""
    from adapter.domain.errors import TransientError

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
    from adapter.transport.xta import Code, Content, MessageMeta, OutgoingMessage, Party

    client = ctx.obj.client
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
