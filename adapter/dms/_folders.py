"""Making sure a folder path exists, shared by the connectors that address folders by id (AtomPub, WS).

The deepest folder is looked up first: when it exists (the usual case), one request settles the whole
path. Otherwise each missing level is looked up from the top and created; below a folder just created
nothing can exist yet, so no more lookups are made there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from adapter.ports.dms import DmsItem, NewObject

__all__ = ["ensure_folders"]


def ensure_folders(path: str, type_ids: Sequence[str], *, known: Callable[[str], bool],
                   get_by_path: Callable[[str], DmsItem | None], create_folder: Callable[[NewObject], object]) -> None:
    """Create the missing folders of ``path`` with ``type_ids`` (per level; ``cmis:folder`` beyond them).

    ``known(prefix)``: the connector already holds that folder's id (its cache, read under its lock).
    """
    segments = [s for s in path.split("/") if s]
    prefixes = ["/" + "/".join(segments[: i + 1]) for i in range(len(segments))]
    if all(known(p) for p in prefixes) or get_by_path(prefixes[-1]) is not None:
        return
    created = False
    for i, prefix in enumerate(prefixes):
        if known(prefix) or (not created and get_by_path(prefix) is not None):
            continue
        parent, _, name = prefix.rpartition("/")
        create_folder(NewObject(parent or "/", name, type_ids[i] if i < len(type_ids) else "cmis:folder"))
        created = True
