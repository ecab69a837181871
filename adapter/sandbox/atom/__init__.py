"""The CMIS 1.1 AtomPub binding (part II, §3): Atom feeds and entries with cmisra extensions."""

from adapter.sandbox.atom.binding import AtomBinding

__all__ = ["AtomBinding"]
