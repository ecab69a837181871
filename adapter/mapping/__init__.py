"""Mappings: the files under ``mappings/`` loaded into frozen objects, and the pure mapping functions.

``load_mappings(dir)`` reads vendor profiles and record classes, validates them against
``schemas/*.schema.json`` and cross-checks them, reporting every problem as ``file:line: message``.
``map_record`` turns a canonical record (plus its class and a profile) into what a connector
creates: type id, parent folder path, sanitised name, properties by id, secondary types, ACL.
"""

from adapter.mapping.loader import load_mappings
from adapter.mapping.model import MappingSet, RecordClass, VendorProfile
from adapter.mapping.problems import MappingProblems, Problem

__all__ = ["MappingProblems", "MappingSet", "Problem", "RecordClass", "VendorProfile", "load_mappings"]
