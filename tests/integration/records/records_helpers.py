"""Helpers of the record tests: sandbox faults, and counting what the sandbox's store holds."""

from __future__ import annotations

from sandbox_store import set_faults, stored_documents

__all__ = ["set_faults", "stored_documents"]
