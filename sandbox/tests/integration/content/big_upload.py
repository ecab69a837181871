"""Streamed multipart bodies of any size for upload tests, generated chunk by chunk (never in memory)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

CHUNK = 1 << 20


def stream(size: int) -> Iterator[bytes]:
    """``size`` bytes of the repeating pattern 00 01 .. ff in chunks of at most 1 MiB."""
    block = bytes(range(256)) * (CHUNK // 256)
    sent = 0
    while sent < size:
        part = min(CHUNK, size - sent)
        yield block[:part]
        sent += part


def multipart(fields: Mapping[str, str], size: int, boundary: str,
              filename: str = "big.bin") -> Iterator[bytes]:
    """A multipart/form-data body: ``fields``, then a content part of ``size`` streamed bytes."""
    head = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                   for k, v in fields.items())
    head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"content\"; filename=\"{filename}\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n")
    yield head.encode()
    yield from stream(size)
    yield f"\r\n--{boundary}--\r\n".encode()


def create_document_fields(name: str) -> dict[str, str]:
    return {"cmisaction": "createDocument", "propertyId[0]": "cmis:name", "propertyValue[0]": name,
            "propertyId[1]": "cmis:objectTypeId", "propertyValue[1]": "cmis:document", "succinct": "true"}
