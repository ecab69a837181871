"""MessageMetaData and party identifiers between our model and zeep's values (``oscimeta`` 2.02)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapter.domain.errors import InvalidInput
from adapter.domain.messages import Code, MessageMeta, Party

__all__ = ["meta_from_zeep", "meta_to_zeep", "party_from_zeep", "party_to_zeep"]


def party_to_zeep(party: Party) -> dict[str, Any]:
    ident: dict[str, Any] = {"_value_1": party.identifier, "type": party.type}
    if party.name:
        ident["name"] = party.name
    if party.category:
        ident["category"] = party.category
    return {"Identifier": ident}


def party_from_zeep(value: Any) -> Party:
    ident = value["Identifier"]
    return Party(str(ident["_value_1"]), str(ident["type"]), ident["name"], ident["category"])


def _code_to_zeep(code: Code) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code.code, "listURI": code.list_uri, "listVersionID": code.list_version}
    if code.name:
        out["name"] = code.name
    return out


def _code_from_zeep(value: Any) -> Code:
    return Code(str(value["code"]), str(value["listURI"]), str(value["listVersionID"]), value["name"])


def meta_to_zeep(meta: MessageMeta) -> dict[str, Any]:
    """The ``MessageMetaData`` header value zeep serialises."""
    scenario = ({"Defined": _code_to_zeep(meta.business_scenario)} if isinstance(meta.business_scenario, Code)
                else {"Undefined": meta.business_scenario})
    message_type = {**_code_to_zeep(meta.message_type), "payloadSchema": meta.payload_schema}
    ident: dict[str, Any] = {"MessageID": {"_value_1": meta.message_id}}
    if meta.in_reply_to:
        ident["In-Reply-To"] = [{"_value_1": ref} for ref in meta.in_reply_to]
    value: dict[str, Any] = {
        "DeliveryAttributes": {"Origin": meta.origin or datetime.now(UTC)},
        "Originators": {"Author": party_to_zeep(meta.author)},
        "Destinations": {"Reader": party_to_zeep(meta.reader)},
        "MsgIdentification": ident,
        "Qualifier": {"Subject": meta.subject, "Service": meta.service, "BusinessScenario": scenario,
                      "MessageType": message_type},
        "TestMsg": meta.test,
    }
    if meta.size:
        value["MsgSize"] = meta.size
    return value


def meta_from_zeep(value: Any) -> MessageMeta:
    """Our MessageMeta from a parsed ``MessageMetaData``; InvalidInput if mandatory parts are missing."""
    if value is None:
        raise InvalidInput("XTA message without MessageMetaData")
    qualifier = value["Qualifier"]
    scenario = qualifier["BusinessScenario"]
    defined = scenario["Defined"]
    ident = value["MsgIdentification"]
    message_type = qualifier["MessageType"]
    origin = value["DeliveryAttributes"]["Origin"] if value["DeliveryAttributes"] is not None else None
    return MessageMeta(
        message_id=str(ident["MessageID"]["_value_1"]),
        author=party_from_zeep(value["Originators"]["Author"]),
        reader=party_from_zeep(value["Destinations"]["Reader"]),
        service=str(qualifier["Service"]),
        message_type=_code_from_zeep(message_type),
        payload_schema=str(message_type["payloadSchema"]),
        business_scenario=_code_from_zeep(defined) if defined is not None else str(scenario["Undefined"]),
        subject=qualifier["Subject"],
        in_reply_to=tuple(str(ref["_value_1"]) for ref in (ident["In-Reply-To"] or [])),
        origin=origin if isinstance(origin, datetime) else None,
        size=int(value["MsgSize"]) if value["MsgSize"] else None,
        test=bool(value["TestMsg"]),
    )
