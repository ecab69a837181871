"""``egov-adapter xta``: poll the XTA mailbox, send a file, show the mailbox status.

Connection options come from the command line or EGOV_XTA_* variables (``--url`` EGOV_XTA_URL, the
base URL under which MsgBoxPort/SendXtaPort/ManagementPort live; ``--party`` EGOV_XTA_PARTY; client
certificate EGOV_XTA_CLIENT_CERT (PEM or .p12) with EGOV_XTA_CLIENT_KEY / EGOV_XTA_CLIENT_CERT_PASSWORD;
EGOV_XTA_CA_BUNDLE; EGOV_XOEV_DIR; EGOV_XTA_SPOOL_DIR; EGOV_XTA_INBOX_DIR; EGOV_XTA_MTOM).
Until the journal is wired, ``poll`` keeps messages in the inbox folder (``DirectorySink``).
Errors are domain errors; the root maps them to exit codes (1 refused, 2 configuration, 3 transient).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]

app = typer.Typer(name="xta", help="XTA 2 transport: poll the mailbox, send messages, show the status.",
                  no_args_is_help=True)


@app.callback()
def _connection(
    ctx: typer.Context,
    url: Annotated[str, typer.Option(envvar="EGOV_XTA_URL", help="Base URL of the XTA ports.")],
    party: Annotated[str, typer.Option(envvar="EGOV_XTA_PARTY", help="Our party identifier (mailbox).")],
    cert: Annotated[Path, typer.Option(envvar="EGOV_XTA_CLIENT_CERT", help="Client certificate (PEM or .p12).")],
    key: Annotated[Path | None, typer.Option(envvar="EGOV_XTA_CLIENT_KEY", help="Key (PEM), if separate.")] = None,
    cert_password: Annotated[str | None, typer.Option(envvar="EGOV_XTA_CLIENT_CERT_PASSWORD",
                                                      hidden=True)] = None,
    ca_bundle: Annotated[Path | None, typer.Option(envvar="EGOV_XTA_CA_BUNDLE", help="CA bundle (PEM).")] = None,
    xoev_dir: Annotated[Path, typer.Option(envvar="EGOV_XOEV_DIR", help="XÖV schema folder.")] = Path(
        "../shared/xoev"),
    spool: Annotated[Path, typer.Option(envvar="EGOV_XTA_SPOOL_DIR", help="Where received content is spooled.")] = Path(
        "var/xta/spool"),
    mtom: Annotated[bool, typer.Option(envvar="EGOV_XTA_MTOM", help="Send content as MTOM (else inline).")] = True,
) -> None:
    """Connection to the XTA server (options or EGOV_XTA_* variables)."""
    from adapter.transport.xta import Endpoints, MtomTransport, Party, XtaClient, load_client_certificate, tls_session

    identity = load_client_certificate(cert, key, cert_password)
    transport = MtomTransport(tls_session(identity, ca_bundle), spool, mtom=mtom)
    ctx.obj = XtaClient(party=Party(party), endpoints=Endpoints.under(url), transport=transport, schema_dir=xoev_dir)


@app.command("status")
def status_command(ctx: typer.Context) -> None:
    """Check the account and list the messages waiting in the mailbox."""
    client = ctx.obj
    client.check_account_active()
    page = client.status_list()
    for entry in page.entries:
        typer.echo(f"{entry.message_id}\t{entry.size}\t{entry.delivered.isoformat()}\t{entry.business_scenario}")
    typer.echo(f"{len(page.entries)} message(s) waiting" + (f", {page.pending} more" if page.pending else ""))


@app.command("poll")
def poll_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float, typer.Option(envvar="EGOV_XTA_POLL_INTERVAL", help="Seconds between passes.")] = 60.0,
    inbox: Annotated[Path, typer.Option(envvar="EGOV_XTA_INBOX_DIR", help="Where messages are kept.")] = Path(
        "var/xta/inbox"),
) -> None:
    """Fetch every waiting message, keep it durably, then close it on the server."""
    from adapter.transport.xta.poller import Poller
    from adapter.transport.xta.sink import DirectorySink

    poller = Poller(ctx.obj, DirectorySink(inbox))
    if once:
        result = poller.poll_once()
        typer.echo(f"{len(result.closed)} fetched, {len(result.refused)} left in the mailbox")
        return
    poller.run(threading.Event(), interval)  # until interrupted


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

    client = ctx.obj
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
