"""ISO 20022 camt.052/053/054 on lxml, namespace-agnostic (versions .02 to .08 and later).

One ``Ntry`` is one statement line (one movement on the account); each ``TxDtls`` inside it is a
remittance item with its own payer, IBAN, EndToEndId and references, so a batched credit keeps the
link between the bank deposit and the invoices it pays.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from arsync.bankfiles.base import ParseOptions, SkippedRow
from arsync.bankfiles.values import (
    creditor_reference,
    money,
    original_amount,
    references_in_text,
    statement_line,
)
from arsync.errors import InputError
from arsync.models import Money, Reference, RemittanceItem, StatementLine

__all__ = ["read"]


def _lineof(el: etree._Element) -> int:
    """The element's 1-based source line (0 when unknown)."""
    line = el.sourceline
    return line if isinstance(line, int) else 0


_STATEMENTS = ("Stmt", "Ntfctn", "Rpt")


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _child(el: etree._Element | None, *names: str) -> etree._Element | None:
    """Follow a path of local names (namespace ignored)."""
    for name in names:
        if el is None:
            return None
        el = next((c for c in el if _local(c) == name), None)
    return el


def _children(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if _local(c) == name]


def _text(el: etree._Element | None, *names: str) -> str | None:
    found = _child(el, *names)
    if found is None or found.text is None:
        return None
    return str(found.text).strip() or None


def _date(el: etree._Element | None) -> dt.date | None:
    value = _text(el, "Dt") or _text(el, "DtTm")
    if value is None:
        return None
    return dt.date.fromisoformat(value[:10])


def _party(el: etree._Element | None) -> str | None:
    # .08+ wraps the party: Dbtr/Pty/Nm; earlier versions: Dbtr/Nm
    return _text(el, "Nm") or _text(el, "Pty", "Nm")


def _account(el: etree._Element | None) -> str | None:
    return _text(el, "Id", "IBAN") or _text(el, "Id", "Othr", "Id")


def _bank_code(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    domain = [_text(el, "Domn", "Cd"), _text(el, "Domn", "Fmly", "Cd"), _text(el, "Domn", "Fmly", "SubFmlyCd")]
    parts = [p for p in domain if p]
    if parts:
        return "/".join(parts)
    return _text(el, "Prtry", "Cd")


def read(path: Path, options: ParseOptions) -> list[StatementLine]:
    """Every entry of every statement/notification/report in the file."""
    fname = str(path)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, load_dtd=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise InputError(f"not well-formed XML: {exc.msg}", file=fname, line=line) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc}", file=fname) from None
    root = tree.getroot()
    body = next((c for c in root if _local(c).startswith("BkToCstmr")), None)
    if _local(root) != "Document" or body is None:
        raise InputError(
            "not an ISO 20022 camt document (expected Document/BkToCstmrStmt, BkToCstmrDbtCdtNtfctn or "
            "BkToCstmrAcctRpt)",
            file=fname,
            line=_lineof(root) or None,
        )
    out: list[StatementLine] = []
    for stmt in (c for c in body if _local(c) in _STATEMENTS):
        acct = _child(stmt, "Acct")
        account = _account(acct) or ""
        acct_ccy = _text(acct, "Ccy")
        for entry in _children(stmt, "Ntry"):
            line_no = _lineof(entry) or 1
            try:
                result = _entry(entry, account, acct_ccy, fname, line_no, options)
            except InputError as exc:
                if not options.skip_bad_rows:
                    raise
                options.skipped.append(SkippedRow(fname, line_no, exc.message, "bad"))
                continue
            except (ValueError, InvalidOperation) as exc:
                error = InputError(f"bad value in the entry: {exc}", file=fname, line=line_no)
                if not options.skip_bad_rows:
                    raise error from None
                options.skipped.append(SkippedRow(fname, line_no, error.message, "bad"))
                continue
            if result is not None:
                out.append(result)
    return out


def _amount(el: etree._Element | None, fname: str, what: str) -> tuple[Decimal, str]:
    if el is None or el.text is None:
        raise InputError(
            f"missing {what}", file=fname, line=_lineof(el) or None if el is not None else None, column=what
        )
    text = str(el.text).strip()
    ccy = (el.get("Ccy") or "").strip().upper()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError("not an amount", file=fname, line=_lineof(el) or None, column=what, value=text) from None
    if not value.is_finite() or value < 0:
        raise InputError(
            "camt amounts are positive numbers", file=fname, line=_lineof(el) or None, column=what, value=text
        )
    if not ccy:
        raise InputError(
            "the amount has no Ccy attribute", file=fname, line=_lineof(el) or None, column=what, value=text
        )
    return value, ccy


def _sign(indicator: str | None, fname: str, line: int) -> int:
    if indicator == "CRDT":
        return 1
    if indicator == "DBIT":
        return -1
    raise InputError("CdtDbtInd must be CRDT or DBIT", file=fname, line=line, column="CdtDbtInd", value=indicator or "")


def _entry(  # noqa: PLR0917 - one entry's whole context
    entry: etree._Element, account: str, acct_ccy: str | None, fname: str, line_no: int, options: ParseOptions
) -> StatementLine | None:
    status_el = _child(entry, "Sts")
    status = (_text(entry, "Sts", "Cd") or _text(entry, "Sts") or "BOOK").upper()
    if status_el is not None and status_el.text and status_el.text.strip():
        status = status_el.text.strip().upper()
    if status not in ("BOOK", "PDNG"):
        options.skipped.append(SkippedRow(fname, line_no, f"entry status {status} (information only)", "info"))
        return None
    value, ccy = _amount(_child(entry, "Amt"), fname, "Amt")
    sign = _sign(_text(entry, "CdtDbtInd"), fname, line_no)
    amount = money(sign * value, ccy, file=fname, line=line_no, column="Amt")
    booking = _date(_child(entry, "BookgDt")) or _date(_child(entry, "ValDt"))
    if booking is None:
        raise InputError("the entry has neither BookgDt nor ValDt", file=fname, line=line_no, column="BookgDt")
    incoming = sign > 0
    items: list[RemittanceItem] = []
    transactions: list[etree._Element] = []
    for details in _children(entry, "NtryDtls"):
        for tx in _children(details, "TxDtls"):
            transactions.append(tx)
            items.append(_item(tx, ccy, sign, incoming, fname))
    raw: dict[str, str] = {"account": account} if account else {}
    for key, val in (
        ("NtryRef", _text(entry, "NtryRef")),
        ("AcctSvcrRef", _text(entry, "AcctSvcrRef")),
        ("RvslInd", _text(entry, "RvslInd")),
        ("Sts", status),
        ("NbOfTxs", _text(entry, "NtryDtls", "Btch", "NbOfTxs")),
        ("BtchTtlAmt", _text(entry, "NtryDtls", "Btch", "TtlAmt")),
        ("AddtlNtryInf", _text(entry, "AddtlNtryInf")),
        ("AcctCcy", acct_ccy),
    ):
        if val:
            raw[key] = val
    description = _text(entry, "AddtlNtryInf") or ""
    names = {i.counterparty_name for i in items if i.counterparty_name}
    accounts = {i.counterparty_account for i in items if i.counterparty_account}
    references: tuple[Reference, ...] = ()
    original = _original(entry, amount, fname)
    if len(items) == 1:
        references = items[0].references
        description = " ".join(x for x in (description, items[0].description) if x)
        if original is None:  # the one transaction is the entry (its own Amt may be left out)
            original = _original(transactions[0], amount, fname)
    return statement_line(
        booking_date=booking,
        amount=amount,
        file=fname,
        line=line_no,
        raw=raw,
        value_date=_date(_child(entry, "ValDt")),
        description=description,
        counterparty_name=names.pop() if len(names) == 1 else None,
        counterparty_account=accounts.pop() if len(accounts) == 1 else None,
        references=references,
        bank_id=_text(entry, "AcctSvcrRef") or _text(entry, "NtryRef"),
        status="pending" if status == "PDNG" else "booked",
        items=tuple(items) if len(items) > 1 or (items and _item_adds(items[0])) else (),
        transaction_code=_bank_code(_child(entry, "BkTxCd")),
        original_amount=original,
    )


def _original(parent: etree._Element, amount: Money | None, fname: str) -> Money | None:
    """``AmtDtls/InstdAmt``: what the payer instructed, when it is in another currency than the booking."""
    el = _child(parent, "AmtDtls", "InstdAmt", "Amt")
    if el is None or amount is None:
        return None
    what = "AmtDtls/InstdAmt/Amt"
    value, ccy = _amount(el, fname, what)
    return original_amount(amount, money(value, ccy, file=fname, line=_lineof(el) or None, column=what))


def _adjustments(
    strd: etree._Element, total: Money | None, reason: str | None, fname: str, line_no: int
) -> tuple[Money | None, str | None]:
    """``RfrdDocAmt/AdjstmntAmtAndRsn``: what the payer took off the document besides a cash discount (damaged
    goods, a pricing dispute), added to ``total``, and its reason: the code (``Rsn``), else the payer's words
    (``AddtlInf``); the first block's that gives one.

    ``CdtDbtInd`` DBIT is a decrease and CRDT an increase of what is paid. Without it, the amount is read as
    taken off, as remittance advices mostly mean it (the model's ``adjustment``: positive is taken off)."""
    for block in _children(_child(strd, "RfrdDocAmt"), "AdjstmntAmtAndRsn"):
        el = _child(block, "Amt")
        what = "RfrdDocAmt/AdjstmntAmtAndRsn/Amt"
        value, ccy = _amount(el, fname, what)  # a missing Amt is an error naming it
        indicator = (_text(block, "CdtDbtInd") or "DBIT").strip().upper()
        if indicator not in ("CRDT", "DBIT"):
            raise InputError(
                "an adjustment's credit/debit indicator is neither CRDT nor DBIT",
                file=fname,
                line=_lineof(block) or line_no,
                column="RfrdDocAmt/AdjstmntAmtAndRsn/CdtDbtInd",
                value=indicator,
            )
        line = _lineof(block) or line_no
        taken = money(value if indicator == "DBIT" else -value, ccy, file=fname, line=line, column=what)
        if total is not None and total.currency != taken.currency:
            raise InputError(
                "the adjustments (AdjstmntAmtAndRsn) of one transaction are in two currencies",
                file=fname,
                line=line,
                column=what,
                value=f"{total.currency}, {taken.currency}",
            )
        total = taken if total is None else total + taken
        reason = reason or _text(block, "Rsn") or _text(block, "AddtlInf") or None
    return total, reason


def _item_adds(item: RemittanceItem) -> bool:
    return bool(item.references or item.counterparty_name or item.counterparty_account)


def _item(tx: etree._Element, entry_ccy: str, entry_sign: int, incoming: bool, fname: str) -> RemittanceItem:
    line_no = _lineof(tx)
    amt_el = _child(tx, "Amt")
    if amt_el is None:
        amt_el = _child(tx, "AmtDtls", "TxAmt", "Amt")
    amount: Money | None = None
    if amt_el is not None:
        value, ccy = _amount(amt_el, fname, "TxDtls/Amt")
        indicator = _text(tx, "CdtDbtInd")
        sign = _sign(indicator, fname, line_no) if indicator else entry_sign
        amount = money(sign * value, ccy, file=fname, line=line_no, column="TxDtls/Amt")
    refs_el = _child(tx, "Refs")
    references: list[Reference] = []
    end_to_end = _text(refs_el, "EndToEndId")
    remit = _child(tx, "RmtInf")
    texts: list[str] = []
    discount: Money | None = None
    adjustment: Money | None = None
    reason: str | None = None
    for strd in _children(remit, "Strd"):
        # The cash discount the payer took off the document (RfrdDocAmt/DscntApldAmt: an amount with its
        # currency up to camt.05x.001.02, a type and an Amt from .04 on); several blocks add up.
        for taken in _children(_child(strd, "RfrdDocAmt"), "DscntApldAmt"):
            el = taken if taken.get("Ccy") is not None else _child(taken, "Amt")
            what = "RfrdDocAmt/DscntApldAmt"
            value, ccy = _amount(el if el is not None else taken, fname, what)
            taken_money = money(value, ccy, file=fname, line=_lineof(taken) or line_no, column=what)
            if discount is not None and discount.currency != taken_money.currency:
                raise InputError(
                    "the discounts taken (DscntApldAmt) of one transaction are in two currencies",
                    file=fname,
                    line=_lineof(taken) or line_no,
                    column=what,
                    value=f"{discount.currency}, {taken_money.currency}",
                )
            discount = taken_money if discount is None else discount + taken_money
        adjustment, reason = _adjustments(strd, adjustment, reason, fname, line_no)
        for cref in _children(strd, "CdtrRefInf"):
            ref = _text(cref, "Ref")
            if ref:
                declared = _text(cref, "Tp", "CdOrPrtry", "Cd") or _text(cref, "Tp", "CdOrPrtry", "Prtry")
                references.append(creditor_reference(ref, declared))
        docs = _children(strd, "RfrdDocInf")
        # What the payer remits for the document (RfrdDocAmt/RmtdAmt), when the block names one document:
        # a payment of several invoices then says how much of it each gets.
        remitted = _child(strd, "RfrdDocAmt", "RmtdAmt") if len(docs) == 1 else None
        paid: Money | None = None
        if remitted is not None:
            value, ccy = _amount(remitted, fname, "RfrdDocAmt/RmtdAmt")
            paid = money(value, ccy, file=fname, line=_lineof(remitted) or line_no, column="RfrdDocAmt/RmtdAmt")
        for doc in docs:
            number = _text(doc, "Nb")
            if number:
                code = (_text(doc, "Tp", "CdOrPrtry", "Cd") or "CINV").upper()
                kind = "credit_note" if code == "CREN" else "invoice"
                references.append(Reference(kind=kind, value=number, amount=paid))
        for extra in _children(strd, "AddtlRmtInf"):
            if extra.text and extra.text.strip():
                texts.append(extra.text.strip())
    for ustrd in _children(remit, "Ustrd"):
        if ustrd.text and ustrd.text.strip():
            texts.append(ustrd.text.strip())
    if end_to_end and end_to_end.upper() != "NOTPROVIDED":
        references.append(Reference(kind="end_to_end", value=end_to_end))
    mandate = _text(refs_el, "MndtId")
    if mandate:
        references.append(Reference(kind="mandate", value=mandate))
    for t in texts:
        references.append(Reference(kind="text", value=t))
    references.extend(r for r in references_in_text(" ".join(texts)) if r not in references)
    parties = _child(tx, "RltdPties")
    if incoming:
        debtor = _party(_child(parties, "Dbtr"))
        ultimate = _party(_child(parties, "UltmtDbtr"))
        name = debtor or ultimate
        account = _account(_child(parties, "DbtrAcct"))
        if debtor and ultimate and " ".join(ultimate.split()).casefold() != " ".join(debtor.split()).casefold():
            # Paid on behalf of another (a parent for its subsidiary, a payment service for its client):
            # the ultimate debtor is whose invoice it is. Kept beside the account holder's name.
            references.append(Reference(kind="ultimate_payer", value=ultimate))
    else:
        name = _party(_child(parties, "Cdtr")) or _party(_child(parties, "UltmtCdtr"))
        account = _account(_child(parties, "CdtrAcct"))
    return RemittanceItem(
        kind="remittance",
        amount=amount,
        original_amount=_original(tx, amount, fname),
        discount=discount,
        adjustment=adjustment,
        adjustment_reason=reason if adjustment is not None else None,
        references=tuple(references),
        description=" ".join(texts),
        counterparty_name=name,
        counterparty_account=account,
        bank_id=_text(refs_el, "AcctSvcrRef") or _text(refs_el, "TxId"),
    )
