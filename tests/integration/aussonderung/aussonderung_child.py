"""An authority process for the crash tests: ``python aussonderung_child.py CONFIG.json``.

``action`` is ``deliver`` (every process with objects ready, and the Aussonderungsart A candidates) or
``poll`` (the XTA inbox: the archive's answers, and the deletion they release). With ``hang`` set it
writes ``marker`` at that point and waits to be killed: ``stream:<n>`` before the files of 0503 part
n are streamed, ``send:<n>`` right after the XTA server accepted part n (before the step is recorded),
``delete:<n>`` right after the n-th object was deleted from the DMS (before audit and ledger).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from aussonderung_rig import build

from adapter.transport.xta import Endpoints, MtomTransport, Party, XtaClient, load_client_certificate, tls_session


def _hang(config: dict[str, Any], point: str) -> None:
    if config.get("hang") == point:
        Path(config["marker"]).write_text(point)
        time.sleep(120)


def main(config_path: str) -> int:
    config = json.loads(Path(config_path).read_text())
    work = Path(config["work"])
    session = tls_session(load_client_certificate(config["cert"], config["key"]), config["ca"])
    client = XtaClient(party=Party(config["party"]), endpoints=Endpoints.under(config["url"]),
                       transport=MtomTransport(session, work / "xta-spool"), schema_dir=config["schema_dir"])
    rig = build(config["dms_url"], work, config["version"], client,
                max_container_bytes=config["max_container_bytes"], lease_seconds=config["lease_seconds"])
    files, send, lifecycle = rig.service.ctx.files, client.send, rig.lifecycle
    write, delete = files.write_delivery, lifecycle.delete_permanently
    deleted = [0]

    def writing(folder, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        _hang(config, f"stream:{name.rsplit('_', 1)[-1].split('.')[0]}")
        return write(folder, name, *args, **kwargs)

    def sending(message):  # type: ignore[no-untyped-def]
        send(message)
        _hang(config, f"send:{(message.meta.subject or '').rsplit('_', 1)[-1].split('.')[0]}")

    def deleting(cmd):  # type: ignore[no-untyped-def]
        delete(cmd)
        deleted[0] += 1
        _hang(config, f"delete:{deleted[0]}")

    files.write_delivery = writing  # type: ignore[method-assign]
    client.send = sending  # type: ignore[method-assign]
    lifecycle.delete_permanently = deleting  # type: ignore[method-assign]
    if config["action"] == "deliver":
        done = [d.as_dict() for d in rig.service.deliver(clerk="child")]
    else:
        assert rig.inbox is not None
        result = rig.inbox.poll_once()
        done = [{"closed": result.poll.closed, "failed": result.failed}]
    print(json.dumps(done, default=str))
    rig.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
