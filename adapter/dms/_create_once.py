"""The idempotent create both CMIS connectors share: a lost answer or a taken name is settled by path.

A create whose answer is lost (``TransientDmsError``, ``OutcomeUnknown``) may or may not have
happened; a create that meets ``NameConflict`` may be our own earlier attempt. Either way the object
at the target path decides (reading by path is strongly consistent, unlike a search index): it is
ours when it carries the idempotency value ``NewObject.identity`` (or, without one, the same type).
The retry policy repeats the create only when nothing is at the path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import structlog

from adapter.dms.http import RetryPolicy
from adapter.domain.errors import NameConflict, TransientDmsError
from adapter.ports.dms import DmsItem, NewObject

__all__ = ["create_once", "is_ours"]

log = structlog.get_logger(__name__)


def is_ours(item: DmsItem, new: NewObject) -> bool:
    """Whether ``item`` (found at ``new.path``) is the object ``new`` describes."""
    if new.identity is None:
        return item.type_id == new.type_id
    prop, value = new.identity
    return item.properties.get(prop) == value


def create_once(new: NewObject, operation: str, attempt: Callable[[], DmsItem],
                read_path: Callable[[str], DmsItem | None], retry: RetryPolicy) -> DmsItem:
    """Run ``attempt`` (one create request) under ``retry``; settle lost answers and taken names by path."""

    def once() -> DmsItem:
        try:
            return attempt()
        except TransientDmsError:
            existing = read_path(new.path)
            if existing is None:
                raise  # not created: the policy retries the create
            if is_ours(existing, new):
                log.info("dms.create_recovered", operation=operation)
                return existing
            raise NameConflict(f"{new.name!r} already exists in the target folder",
                               detail={"operation": operation}) from None
        except NameConflict:
            existing = read_path(new.path)
            if existing is not None and is_ours(existing, new):
                return replace(existing, created=False)
            raise

    return retry.call(operation, once)
