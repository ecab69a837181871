"""Child process of the large-content test: one upload and one download through the Web Services
connector, printing the process's peak RSS (VmHWM) of each direction and the hashes as JSON.

Run as ``python ws_large_child.py WS_URL FILE``. The peak is reset between the two directions
(``/proc/self/clear_refs``), so each figure is that direction's own.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/integration: ws_connector

from ws_connector import ws_connector

from adapter.ports.dms import NewObject
from adapter.services.content import FileContent


def peak_mib() -> float:
    match = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(match.group(1)) / 1024 if match else -1.0


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def main(url: str, path: str) -> None:
    dms = ws_connector(url)
    dms.get_by_path("/")  # imports, WSDL, first connection: the baseline
    baseline = peak_mib()
    reset_peak()
    item = dms.create_document(NewObject("/", "gross.bin", "cmis:document"), FileContent.of(Path(path)))
    upload = peak_mib()
    separate = reset_peak()
    digest, size = hashlib.sha256(), 0
    download = dms.open_content(item.ref)
    try:
        for chunk in download.chunks():
            digest.update(chunk)
            size += len(chunk)
    finally:
        download.close()
    print(json.dumps({"baseline_mib": baseline, "upload_peak_mib": upload, "download_peak_mib": peak_mib(),
                      "separate": separate, "stored_sha256": item.content_sha256, "size": size,
                      "downloaded_sha256": digest.hexdigest()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
