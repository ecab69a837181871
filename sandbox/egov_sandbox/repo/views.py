"""What a client sees of a stored object: all properties (system ones computed) and allowable actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egov_sandbox.repo.records import StoredObject
from egov_sandbox.repo.types import TypeRegistry
from egov_sandbox.typesystem import PropertyDefinition

__all__ = ["ObjectView", "allowable_actions", "build_view"]


@dataclass(frozen=True)
class ObjectView:
    obj: StoredObject
    properties: dict[str, tuple[PropertyDefinition, Any]]  # id -> (definition, value or None)
    path: str | None

    @property
    def id(self) -> str:
        return self.obj.id

    def value(self, prop_id: str) -> Any:
        entry = self.properties.get(prop_id)
        return None if entry is None else entry[1]


def _system_values(obj: StoredObject, path: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "cmis:name": obj.name,
        "cmis:objectId": obj.id,
        "cmis:baseTypeId": obj.base_type,
        "cmis:objectTypeId": obj.type_id,
        "cmis:secondaryObjectTypeIds": list(obj.secondary_type_ids),
        "cmis:createdBy": obj.created_by,
        "cmis:creationDate": obj.creation_date,
        "cmis:lastModifiedBy": obj.last_modified_by,
        "cmis:lastModificationDate": obj.last_modification_date,
        "cmis:changeToken": str(obj.change_token),
    }
    if obj.is_folder:
        values["cmis:parentId"] = obj.parent_id
        values["cmis:path"] = path
        values["cmis:allowedChildObjectTypeIds"] = None
    elif obj.is_document:
        checked_out = obj.series_checked_out_by is not None
        content = obj.content
        values.update({
            "cmis:isImmutable": not obj.is_latest,
            "cmis:isLatestVersion": obj.is_latest,
            "cmis:isMajorVersion": obj.is_major,
            "cmis:isLatestMajorVersion": obj.is_latest_major,
            "cmis:isPrivateWorkingCopy": obj.is_pwc,
            "cmis:versionLabel": obj.version_label,
            "cmis:versionSeriesId": obj.version_series_id,
            "cmis:isVersionSeriesCheckedOut": checked_out,
            "cmis:versionSeriesCheckedOutBy": obj.series_checked_out_by,
            "cmis:versionSeriesCheckedOutId": obj.series_pwc_id,
            "cmis:checkinComment": obj.checkin_comment,
            "cmis:contentStreamLength": content.length if content else None,
            "cmis:contentStreamMimeType": content.mime if content else None,
            "cmis:contentStreamFileName": content.filename if content else None,
            "cmis:contentStreamId": content.id if content else None,
            "cmis:contentStreamHash": [f"{{sha-256}}{content.sha256}"] if content else None,
        })
    return values


def build_view(types: TypeRegistry, obj: StoredObject, path: str | None = None) -> ObjectView:
    typedef = types.get(obj.type_id)
    system = _system_values(obj, path)
    props: dict[str, tuple[PropertyDefinition, Any]] = {}
    for pid, defn in typedef.properties.items():
        props[pid] = (defn, system[pid] if pid in system else obj.properties.get(pid))
    for sid in obj.secondary_type_ids:
        for pid, defn in types.get(sid).properties.items():
            props.setdefault(pid, (defn, obj.properties.get(pid)))
    return ObjectView(obj, props, path)


def allowable_actions(types: TypeRegistry, obj: StoredObject, can_write: bool = True,
                      can_read: bool = True, can_all: bool = True) -> dict[str, bool]:
    """CMIS 1.1 §2.2.1.2.6 allowable actions for ``obj`` given the caller's permissions."""
    typedef = types.get(obj.type_id)
    folder, doc = obj.is_folder, obj.is_document
    is_root = folder and obj.parent_id is None
    checked_out = obj.series_checked_out_by is not None
    writable = can_write and (not doc or obj.is_latest or obj.is_pwc)
    return {
        "canDeleteObject": writable and not is_root,
        "canUpdateProperties": writable,
        "canGetFolderTree": folder,
        "canGetProperties": can_read,
        "canGetObjectRelationships": False,
        "canGetObjectParents": not is_root,
        "canGetFolderParent": folder and not is_root,
        "canGetDescendants": folder,
        "canMoveObject": writable and not is_root and not obj.is_pwc,
        "canDeleteContentStream": doc and writable and obj.content is not None
        and typedef.content_stream_allowed != "required",
        "canCheckOut": doc and typedef.versionable and can_write and obj.is_latest and not checked_out,
        "canCancelCheckOut": doc and obj.is_pwc and can_write,
        "canCheckIn": doc and obj.is_pwc and can_write,
        "canSetContentStream": doc and writable and typedef.content_stream_allowed != "notallowed",
        "canGetAllVersions": doc,
        "canAddObjectToFolder": False,
        "canRemoveObjectFromFolder": False,
        "canGetContentStream": doc and obj.content is not None and can_read,
        "canApplyPolicy": False,
        "canGetAppliedPolicies": False,
        "canRemovePolicy": False,
        "canGetChildren": folder,
        "canCreateDocument": folder and can_write,
        "canCreateFolder": folder and can_write,
        "canCreateRelationship": False,
        "canCreateItem": False,
        "canDeleteTree": folder and can_write and not is_root,
        "canGetRenditions": False,
        "canGetACL": can_read,
        "canApplyACL": can_all and typedef.controllable_acl,
    }
