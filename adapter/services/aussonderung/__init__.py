"""The Aussonderung from the DMS side: records offered to the archive, delivered, and deleted lawfully.

``service.AussonderungService`` is the one entry: ``candidates`` (``candidates.select``: zdA, retention
over, no legal hold), ``offer`` (0501; ``offer``), ``deliver`` (0503 in one or, 4.x, several
containers; ``delivery``), ``status`` (``status``), and ``inbound`` (``inbound.AussonderungInbound``:
the 0502, 0504, 0506 and 0507 the xdomea import hands over). Every message we send and every
deletion pass is a journal job worked in recorded steps (``jobs``); the state of each object lives
in the ``AussonderungLedger`` for as long as the process does. The rules themselves are pure
(``adapter.domain.aussonderung``); the messages are built and read by ``adapter.xoev.xdomea.aussonderung_*``.
"""
