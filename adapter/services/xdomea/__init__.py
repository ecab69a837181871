"""xdomea messages applied to the DMS: FVDaten 06xx and Abgabe 0401 in, receipts out.

- ``importer``   ``XdomeaImportService``: container -> validated message -> handler -> receipts, journalled
- ``handlers``   the handler per message type (0604/0605/0401 filing) and what they share
- ``filing``     one planned 0604/0605 batch entry through the record services
- ``lifecycle``  0601, 0607, 0609/0610, 0613-0615, 0624, 0632 as lifecycle commands
- ``queries``    0608, 0611, 0616 answered in the 0630
- ``receipts``   which receipts (0629/0630), with which codes
- ``abgabe``     the answers to an Abgabe 0401 (0402/0403)
- ``parts``      4.x: a process in several messages kept until complete, applied once; overdue ones reported
- ``journal``    redelivery: a finished message answers with its first receipts
"""
