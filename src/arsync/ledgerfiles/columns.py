"""Column names of open-invoice lists: our own, their common synonyms, and those of QuickBooks and Xero exports.

Headers are matched case-insensitively with punctuation, spaces and accents removed (``Due date``,
``due_date``, ``*DueDate`` and ``DUE-DATE`` are the same column; ``Échéance`` is ``echeance``, and German
umlauts read as their two-letter spelling, so ``Fällig am`` is ``Faellig am``). Where two headers of a file
mean the same field, the more specific synonym wins (``Invoice date`` over ``Date``); the other is ignored
and logged.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import unicodedata
from collections.abc import Sequence

from arsync.ledgerfiles.values import Cell, clean_text

__all__ = ["FIELDS", "HeaderMap", "header_score", "map_header", "normalize_header"]

log = logging.getLogger(__name__)

# Field -> normalized header synonyms, most specific first.
# QuickBooks Online "Open Invoices" report: `Date, Transaction type, Num, [Customer full name,] Term, Due date,
# [Amount,] Open balance`, seen in public parsers of QBO exports (e.g. a Laravel importer's fixture
# `,Type,Date,Num,P. O. #,Terms,Due Date,Aging,Open Balance`, and the A/R Aging Detail export
# `,Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance`).
# Xero "Export" of invoices: `ContactName, EmailAddress, POAddressLine1..4, POCity, PORegion, POPostalCode,
# POCountry, SAAddressLine1..4, SACity, SARegion, SAPostalCode, SACountry, InvoiceNumber, Reference,
# InvoiceDate, DueDate, PlannedDate, Total, TaxTotal, InvoiceAmountPaid, InvoiceAmountDue, InventoryItemCode,
# Description, Quantity, UnitAmount, Discount, LineAmount, AccountCode, TaxType, TaxAmount, TrackingName1,
# TrackingOption1, TrackingName2, TrackingOption2, Currency, Type, Sent, Status`, one row per line item
# (docs.milientsoftware.com "Xero templates"; the same header in several public Xero export tools).
# German, French, Dutch and Spanish open-item lists (a DATEV or SAP "Offene Posten" export, a French
# "échéancier") add their words, each ranked with the English synonym as specific as it ("Rechnungsnummer"
# with "Invoice number", "Kunde" with "Client", "Saldo" with "Balance"); our own column names stay first.
# A German umlaut is listed both ways it is typed without one: "Faellig am" and "Fallig am".
FIELDS: dict[str, tuple[str, ...]] = {
    "number": (
        "number",
        "invoicenumber",
        "invoiceno",
        "invoicenum",
        "invno",
        "rechnungsnummer",
        "rechnungsnr",
        "numerodefacture",
        "nofacture",
        "nfacture",
        "factuurnummer",
        "factuurnr",
        "numerodefactura",
        "nodefactura",
        "nofactura",
        "nfactura",
        "docnumber",
        "documentnumber",
        "docno",
        "belegnummer",
        "belegnr",
        "num",
        "no",
        "invoice",
    ),
    "customer": (
        "customer",
        "customername",
        "contactname",
        "customerfullname",
        "customerdisplayname",
        "kundenname",
        "nomduclient",
        "nomclient",
        "klantnaam",
        "nombredelcliente",
        "client",
        "clientname",
        "kunde",
        "klant",
        "cliente",
        "contact",
        "displayname",
        "companyname",
        "company",
        "debtor",
        "debitor",
        "debiteur",
        "accountname",
        "billto",
        "name",
    ),
    "issue_date": (
        "issuedate",
        "invoicedate",
        "invdate",
        "dateissued",
        "documentdate",
        "docdate",
        "txndate",
        "transactiondate",
        "issued",
        "rechnungsdatum",
        "datedefacture",
        "datefacture",
        "factuurdatum",
        "fechadefactura",
        "fechafactura",
        "belegdatum",
        "date",
    ),
    "due_date": (
        "duedate",
        "paymentduedate",
        "datedue",
        "dueon",
        "due",
        "faelligkeitsdatum",
        "falligkeitsdatum",
        "faelligam",
        "falligam",
        "faelligkeit",
        "falligkeit",
        "zahlbarbis",
        "datedecheance",
        "echeance",
        "vervaldatum",
        "fechadevencimiento",
        "vencimiento",
    ),
    "currency": ("currency", "currencycode", "ccy", "curr", "cur", "waehrung", "wahrung", "devise", "valuta", "moneda"),
    "total": (
        "total",
        "invoicetotal",
        "totalamount",
        "invoiceamount",
        "grossamount",
        "gross",
        "originalamount",
        "bruttobetrag",
        "rechnungsbetrag",
        "gesamtbetrag",
        "montantttc",
        "factuurbedrag",
        "importetotal",
        "amount",
    ),
    "amount_due": (
        "amountdue",
        "invoiceamountdue",
        "openbalance",
        "balancedue",
        "amountoutstanding",
        "outstandingamount",
        "outstanding",
        "openamount",
        "amountremaining",
        "remaining",
        "dueamount",
        "unpaidamount",
        "unpaid",
        "offenerbetrag",
        "restbetrag",
        "montantrestantdu",
        "resteapayer",
        "openstaandbedrag",
        "importependiente",
        "offen",
        "openstaand",
        "balance",
        "saldo",
    ),
    "customer_id": (
        "customerid",
        "clientid",
        "contactid",
        "customernumber",
        "customerno",
        "customercode",
        "customerref",
        "accountnumber",
        "accountno",
        "clientno",
        "kundennummer",
        "kundennr",
        "kdnr",
        "debitorennummer",
        "debitorennr",
        "numeroclient",
        "noclient",
        "nclient",
        "klantnummer",
        "klantnr",
        "numerodecliente",
    ),
    "email": ("email", "emailaddress", "customeremail", "contactemail", "billingemail", "emails", "courriel"),
    "status": ("status", "invoicestatus", "paymentstatus", "state"),
    "id": ("id", "invoiceid", "txnid", "transactionid", "documentid"),
    # The invoice's own reference: the customer's order, or the structured payment reference printed on it
    # for the payer to quote (a Dutch betalingskenmerk, a Belgian structured communication, a Swiss QR
    # reference, a Norwegian KID, a Swedish OCR or a Finnish viitenumero).
    "reference": (
        "reference",
        "ref",
        "invoicereference",
        "ponumber",
        "pono",
        "po",
        "referenz",
        "kenmerk",
        "betalingskenmerk",
        "communicationstructuree",
        "gestructureerdemededeling",
        "qrreferenz",
        "qrreference",
        "kid",
        "kidnummer",
        "ocr",
        "ocrnummer",
        "viitenumero",
        "referensnummer",
        "referencia",
        "riferimento",
    ),
    "type": ("transactiontype", "txntype", "documenttype", "type"),
    # The payment terms ("Net 30", "2% 10 Net 30"): QuickBooks' Open Invoices report and A/R Aging Detail.
    "terms": (
        "terms",
        "term",
        "paymentterms",
        "paymentterm",
        "zahlungsbedingungen",
        "conditionsdepaiement",
        "betalingsvoorwaarden",
        "condicionesdepago",
    ),
    # Xero line items
    "description": ("description",),
    "quantity": ("quantity", "qty"),
    "unit_amount": ("unitamount", "unitprice"),
    "line_amount": ("lineamount",),
    "item_code": ("inventoryitemcode", "itemcode"),
    "account_code": ("accountcode",),
    "tax_type": ("taxtype",),
}

_LOOKUP: dict[str, tuple[str, int]] = {
    synonym: (field, rank) for field, synonyms in FIELDS.items() for rank, synonym in enumerate(synonyms)
}


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def normalize_header(value: Cell) -> str:
    """``"*Due date"`` -> ``"duedate"``; ``"Invoice #"`` -> ``"invoiceno"``; ``"P. O. #"`` -> ``"pono"``;
    ``"Fällig am"`` -> ``"faelligam"``; ``"Date d'échéance"`` -> ``"datedecheance"``; ``"Nº"`` -> ``"no"``."""
    text = unicodedata.normalize("NFC", clean_text(value)).casefold().translate(_UMLAUTS)
    # NFKD splits an accented letter into the letter and its accent (dropped below) and spells out
    # compatibility characters ("º" is "o", "№" is "No").
    text = unicodedata.normalize("NFKD", text).casefold().replace("#", "no")
    return re.sub(r"[^0-9a-z]+", "", text)


@dataclasses.dataclass
class HeaderMap:
    """Where each field is in a header row.

    Attributes:
        columns: field -> 0-based column index.
        names: column index -> the header text as the file writes it (for messages).
        normalized: the normalized header of every column.
        ignored: headers we do not use (unknown, or a less specific duplicate of a field).
        duplicates: field -> indexes of further columns with the very same header as the one used.
    """

    columns: dict[str, int]
    names: dict[int, str]
    normalized: list[str]
    ignored: list[str]
    duplicates: dict[str, list[int]] = dataclasses.field(default_factory=dict)

    @property
    def score(self) -> int:
        """How many known fields the row names: the likelihood that this row is the header."""
        return len(self.columns)

    def name(self, field: str) -> str:
        """The file's own header text for ``field`` (or the field name when absent)."""
        index = self.columns.get(field)
        return field if index is None else self.names[index]


def map_header(row: Sequence[Cell]) -> HeaderMap:
    """Map a header row to fields. Unknown headers are kept in ``ignored``; nothing raises here."""
    columns: dict[str, int] = {}
    ranks: dict[str, int] = {}
    names: dict[int, str] = {}
    normalized: list[str] = []
    ignored: list[str] = []
    duplicates: dict[str, list[int]] = {}
    for index, cell in enumerate(row):
        text = clean_text(cell)
        names[index] = text
        key = normalize_header(cell)
        normalized.append(key)
        if not key:
            continue
        found = _LOOKUP.get(key)
        if found is None:
            ignored.append(text)
            continue
        field, rank = found
        if field in columns and ranks[field] == rank:
            duplicates.setdefault(field, []).append(index)
            continue
        if field in columns and ranks[field] < rank:
            ignored.append(text)  # an exact duplicate, or a less specific synonym of a field we have
            continue
        if field in columns:
            ignored.append(names[columns[field]])
        columns[field] = index
        ranks[field] = rank
    return HeaderMap(columns=columns, names=names, normalized=normalized, ignored=ignored, duplicates=duplicates)


@functools.lru_cache(maxsize=4096)
def _field_of(text: str) -> str | None:
    found = _LOOKUP.get(normalize_header(text))
    return None if found is None else found[0]


def header_score(cells: Sequence[Cell]) -> int:
    """How many distinct known fields a row names (0 for rows of fewer than two cells); fast, for sniffing."""
    texts = [cell for cell in cells if isinstance(cell, str) and cell.strip()]
    if len(texts) < 2:
        return 0
    return len({field for field in map(_field_of, texts) if field is not None})
