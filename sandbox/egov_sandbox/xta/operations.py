"""The XTA operations of the peer: requests (lxml elements, attachment files) -> zeep-serialised answers.

Each handler gets the calling party (checked against its certificate by the app), the parsed
request and returns the answer envelope with the elements whose content is a file, or raises
``PeerFault`` with one of the WSDL's faults.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from egov_sandbox.xta._soap import FaultSpec, Wsdl, ns
from egov_sandbox.xta._wire import Incoming
from egov_sandbox.xta.mailbox import Mailboxes, StoredContent, StoredMessage

__all__ = ["Answer", "Operations", "PeerFault"]

Answer = tuple[etree._Element, dict[etree._Element, Path]]
_NO_MATCH = "http://www.osci.eu/ws/2008/05/transport/MsgBox/reasons/NoMatch"
_CONTENT_ATTRS = ("contentDescription", "contentType", "encoding", "filename", "id", "lang", "size")


class PeerFault(Exception):
    def __init__(self, spec: FaultSpec, reason: str) -> None:
        super().__init__(reason)
        self.spec, self.reason = spec, reason


def _x(element: etree._Element, path: str) -> str:
    return str(element.xpath(f"string({path})", namespaces=ns)).strip()


class Operations:
    def __init__(self, wsdl: Wsdl, boxes: Mailboxes, server_identity: str = "xta-test-peer") -> None:
        self.wsdl, self.boxes, self.identity = wsdl, boxes, server_identity

    def _answer(self, operation: Any, *args: Any, **kwargs: Any) -> etree._Element:
        content: etree._Element = operation.output.serialize(*args, **kwargs).content
        return content

    def _meta(self, stored: StoredMessage) -> Any:
        meta = self.wsdl.element(f"{{{ns['meta']}}}MessageMetaData").parse(stored.meta, self.wsdl.client.wsdl.types)
        if meta["DeliveryAttributes"] is None:  # an empty element parses as None
            meta["DeliveryAttributes"] = {}
        meta["DeliveryAttributes"]["Delivery"] = stored.delivered
        return meta

    # -- ManagementPort -------------------------------------------------------------------------
    def checkAccountActive(self, party: str, op: Any, req: Incoming) -> Answer:
        return self._answer(op), {}

    def createMessageId(self, party: str, op: Any, req: Incoming) -> Answer:
        return self._answer(op, f"urn:de:xta:messageid:xta-test-peer:{uuid.uuid4()}"), {}

    def lookupService(self, party: str, op: Any, req: Incoming) -> Answer:
        results = []
        for item in req.envelope.iterfind(".//xta:LookupService", ns):
            reader = _x(item, "meta:Reader/meta:Identifier")
            results.append({"Reader": {"Identifier": {"_value_1": reader, "type": "xoev"}},
                            "ServiceType": _x(item, "xta:ServiceType"),
                            "IsServiceAvailableValue": {  # zeep drops a False choice: a string
                                "ServiceIsAvailable": "true" if reader in self.boxes.parties else "false"}})
        return self._answer(op, LookupServiceResultList={"LookupServiceResult": results}), {}

    def getTransportReport(self, party: str, op: Any, req: Incoming) -> Answer:
        message_id = _x(req.envelope, "s:Body/wsa:MessageID")
        stored = self.boxes.report(party, message_id)
        if stored is None:
            raise PeerFault(FaultSpec("InvalidMessageIDException", "9070", "MessageID für den Account nicht bekannt."),
                            "unknown message id")
        meta = self._meta(stored)
        return self._answer(op, MessageMetaData=meta, ReportTime=datetime.now(UTC), XTAServerIdentity=self.identity,
                            MessageStatus={"Status": 1}), {}

    # -- SendXtaPort ----------------------------------------------------------------------------
    def _content(self, element: etree._Element, req: Incoming) -> StoredContent:
        path = req.files.get(element)
        if path is None:
            path = self.boxes.new_file()
            path.write_bytes(base64.b64decode(element.text or ""))
        return StoredContent(path, {k: v for k, v in element.attrib.items() if k in _CONTENT_ATTRS})

    def sendMessage(self, party: str, op: Any, req: Incoming) -> Answer:
        meta = req.envelope.find("s:Header/meta:MessageMetaData", ns)
        container = req.envelope.find("s:Body/xta:GenericContentContainer/xta:ContentContainer", ns)
        if meta is None or container is None:
            raise PeerFault(FaultSpec("ParameterIsNotValidException", "9020", "Keine Parameter vorhanden"), "empty")
        reader = _x(meta, "meta:Destinations/meta:Reader/meta:Identifier")
        if reader not in self.boxes.parties:
            raise PeerFault(FaultSpec("ParameterIsNotValidException", "9022", "Ungültige Parameterkombination"),
                            "unknown reader")
        message = StoredMessage(
            message_id=_x(meta, "meta:MsgIdentification/wsa:MessageID"), author=party, reader=reader,
            meta=meta, scenario=_x(meta, "meta:Qualifier/meta:BusinessScenario/*/code")
            or _x(meta, "meta:Qualifier/meta:BusinessScenario/meta:Undefined"),
            message=self._content(container[0], req),
            attachments=[self._content(a, req) for a in container.iterfind("xta:Attachment", ns)])
        if not self.boxes.deliver(message):
            raise PeerFault(FaultSpec("ParameterIsNotValidException", "9024", "MessageID ist bereits vergeben."),
                            "duplicate message id")
        return self._answer(op), {}

    # -- MsgBoxPort -----------------------------------------------------------------------------
    def getStatusList(self, party: str, op: Any, req: Incoming) -> Answer:
        request = req.envelope.find("s:Body/osci:MsgBoxStatusListRequest", ns)
        limit = int(request.get("maxListItems", "100")) if request is not None else 100
        listed, pending = self.boxes.listing(party, limit)
        entries = [{"MessageID": {"_value_1": m.message_id}, "TypeOfBusinessScenario": {"_value_1": m.scenario},
                    "MsgSize": sum(c.path.stat().st_size for c in [m.message, *m.attachments]),
                    "DeliveryTime": m.delivered, "InitialFetchedTime": m.fetched} for m in listed]
        header: dict[str, Any] = {"MsgBoxRequestID": f"urn:xta-peer:request:{uuid.uuid4()}"}
        if listed:  # zeep drops a choice whose value is 0, hence the string
            header["ItemsPending"] = str(pending)
        else:
            header["NoMessageAvailable"] = {"reason": _NO_MATCH}
        return self._answer(op, MsgAttributes=entries, _soapheaders={"FetchResponseHeader": header}), {}

    def getMessage(self, party: str, op: Any, req: Incoming) -> Answer:
        message_id = _x(req.envelope, "s:Body/osci:MsgBoxFetchRequest/osci:MsgSelector/wsa:MessageID")
        stored = self.boxes.get(party, message_id)
        if stored is None:
            raise PeerFault(FaultSpec("InvalidMessageIDException", "9070", "MessageID für den Account nicht bekannt."),
                            "no such message in this mailbox")
        meta = self._meta(stored)
        contents = [stored.message, *stored.attachments]
        values = [{"_value_1": b"", **c.attributes} for c in contents]
        header = {"MsgBoxRequestID": f"urn:xta-peer:request:{uuid.uuid4()}", "ItemsPending": "0"}
        envelope = self._answer(op, ContentContainer={"Message": values[0], "Attachment": values[1:]},
                                _soapheaders={"MessageMetaData": meta, "FetchResponseHeader": header})
        container = envelope.find("s:Body/xta:GenericContentContainer/xta:ContentContainer", ns)
        elements = list(container) if container is not None else []
        return envelope, {el: c.path for el, c in zip(elements, contents, strict=True)}

    def close(self, party: str, op: Any, req: Incoming) -> Answer:
        ids = [str(e.text).strip() for e in req.envelope.iterfind("s:Body/osci:MsgBoxCloseRequest/osci:LastMsgReceived",
                                                                  ns)]
        for message_id in ids:
            if not self.boxes.close(party, message_id):
                raise PeerFault(FaultSpec("InvalidMessageIDException", "9070",
                                          "MessageID für den Account nicht bekannt."), "no such open message")
        return self._answer(op), {}
