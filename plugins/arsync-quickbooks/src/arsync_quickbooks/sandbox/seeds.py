"""The sandbox's seeds: ``empty`` (chart of accounts and a "Services" item) and ``demo`` (the demo company)."""

from __future__ import annotations

from decimal import Decimal

from arsync.demo.company import demo_company
from arsync_quickbooks.sandbox.company import AR_ACCOUNT, UNDEPOSITED_FUNDS, Company

__all__ = ["CHECKING", "SERVICES_INCOME", "seed_demo", "seed_empty"]

SERVICES_INCOME = "1"
CHECKING = "35"

_ACCOUNTS = (
    (SERVICES_INCOME, "Services", "Income", "ServiceFeeIncome"),
    (UNDEPOSITED_FUNDS, "Undeposited Funds", "Other Current Asset", "UndepositedFunds"),
    (CHECKING, "Checking", "Bank", "Checking"),
    ("36", "Savings", "Bank", "Savings"),
    ("52", "Bank Charges", "Expense", "BankCharges"),
    ("54", "Interest Earned", "Other Income", "InterestEarned"),
    ("79", "Sales of Product Income", "Income", "SalesOfProductIncome"),
    (AR_ACCOUNT, "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"),
)


def seed_empty(company: Company) -> None:
    """A chart of accounts (with Undeposited Funds, Id 4) and item 1 "Services"."""
    with company.lock:
        for account_id, name, account_type, subtype in _ACCOUNTS:
            company._name_seq["Account"] = int(account_id)
            company.create("Account", {"Name": name, "AccountType": account_type, "AccountSubType": subtype})
        company._name_seq["Account"] = 100
        company._name_seq["Item"] = 1
        company.create(
            "Item",
            {"Name": "Services", "Type": "Service", "IncomeAccountRef": {"value": SERVICES_INCOME, "name": "Services"}},
        )


def seed_demo(company: Company) -> dict[str, str]:
    """The demo company (:func:`arsync.demo.company.demo_company`); returns demo id -> QBO Id."""
    seed_empty(company)
    demo = demo_company()
    ids: dict[str, str] = {}
    with company.lock:
        for party in demo.parties:
            body: dict[str, object] = {"DisplayName": party.name, "CompanyName": party.name}
            if party.emails:
                body["PrimaryEmailAddr"] = {"Address": party.emails[0]}
            ids[party.id] = company.create("Customer", body)["Id"]
        for invoice in demo.invoices:
            lines = [
                {
                    "Amount": line.amount.amount,
                    "Description": line.description,
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {
                        "ItemRef": {"value": "1"},
                        "Qty": line.quantity,
                        "UnitPrice": line.unit_price.amount if line.unit_price else Decimal(0),
                    },
                }
                for line in invoice.lines
            ]
            created = company.create(
                "Invoice",
                {
                    "CustomerRef": {"value": ids[invoice.customer_id]},
                    "DocNumber": invoice.number,
                    "TxnDate": invoice.issue_date.isoformat(),
                    "DueDate": invoice.due_date.isoformat() if invoice.due_date else "",
                    "Line": lines,
                },
            )
            ids[invoice.id] = created["Id"]
        for payment in demo.payments:
            created = company.create(
                "Payment",
                {
                    "CustomerRef": {"value": ids[payment.customer_id or ""]},
                    "TotalAmt": payment.amount.amount,
                    "TxnDate": payment.date.isoformat(),
                    "PaymentRefNum": payment.reference or "",
                    "DepositToAccountRef": {"value": CHECKING},
                    "Line": [
                        {"Amount": a.amount.amount, "LinkedTxn": [{"TxnId": ids[a.invoice_id], "TxnType": "Invoice"}]}
                        for a in payment.allocations
                    ],
                },
            )
            ids[payment.id] = created["Id"]
        for credit in demo.credit_notes:
            created = company.create(
                "CreditMemo",
                {
                    "CustomerRef": {"value": ids[credit.customer_id]},
                    "DocNumber": credit.number,
                    "TxnDate": credit.date.isoformat(),
                    "Line": [
                        {
                            "Amount": credit.total.amount,
                            "Description": "Service credit",
                            "DetailType": "SalesItemLineDetail",
                            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
                        }
                    ],
                },
            )
            ids[credit.id] = created["Id"]
            for allocation in credit.allocations:
                # QBO applies a credit memo through a zero-total Payment linking both documents.
                company.create(
                    "Payment",
                    {
                        "CustomerRef": {"value": ids[credit.customer_id]},
                        "TotalAmt": Decimal(0),
                        "TxnDate": credit.date.isoformat(),
                        "Line": [
                            {
                                "Amount": allocation.amount.amount,
                                "LinkedTxn": [{"TxnId": ids[allocation.invoice_id], "TxnType": "Invoice"}],
                            },
                            {
                                "Amount": allocation.amount.amount,
                                "LinkedTxn": [{"TxnId": created["Id"], "TxnType": "CreditMemo"}],
                            },
                        ],
                    },
                )
    return ids
