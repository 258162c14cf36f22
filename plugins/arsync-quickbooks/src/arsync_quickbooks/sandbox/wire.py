"""Wire details of QuickBooks Online the sandbox reproduces: JSON numbers, company time, fault bodies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from arsync_quickbooks.jsonwire import dumps

__all__ = [
    "AMOUNT_KEYS",
    "COMPANY_TZ",
    "QboFault",
    "company_time",
    "dumps",
    "fault_body",
    "metadata_time",
    "throttle_json",
    "throttle_xml",
    "unauthorized_body",
]

# QBO reports times in the company's zone; the sandbox company sits in US Pacific standard time.
COMPANY_TZ = dt.timezone(dt.timedelta(hours=-8))

# Fields that carry amounts or quantities: numeric strings and ints are accepted there (as Jackson does).
AMOUNT_KEYS = frozenset(
    {
        "Amount",
        "TotalAmt",
        "Balance",
        "UnappliedAmt",
        "RemainingCredit",
        "UnitPrice",
        "Qty",
        "Deposit",
        "HomeBalance",
        "HomeTotalAmt",
        "ExchangeRate",
        "TotalTax",
        "TaxInclusiveAmt",
        "CurrentBalance",
        "CurrentBalanceWithSubAccounts",
        "BalanceWithJobs",
    }
)


class QboFault(Exception):
    """A fault the sandbox answers with: HTTP status, QBO error code, message and detail."""

    def __init__(
        self,
        code: str,
        message: str,
        detail: str = "",
        *,
        status: int = 400,
        fault_type: str = "ValidationFault",
        element: str = "",
    ) -> None:
        super().__init__(f"{code} {message}: {detail}")
        self.code = code
        self.message = message
        self.detail = detail
        self.status = status
        self.fault_type = fault_type
        self.element = element

    def fault(self) -> dict[str, Any]:
        """The ``Fault`` object of the body."""
        return {
            "Error": [{"Message": self.message, "Detail": self.detail, "code": self.code, "element": self.element}],
            "type": self.fault_type,
        }


def company_time(moment: dt.datetime) -> str:
    """The envelope's ``time``: company time with milliseconds and offset."""
    local = moment.astimezone(COMPANY_TZ)
    return local.isoformat(timespec="milliseconds")


def metadata_time(moment: dt.datetime) -> str:
    """``MetaData`` times: company time, whole seconds, with offset."""
    return moment.astimezone(COMPANY_TZ).isoformat(timespec="seconds")


def fault_body(fault: QboFault, moment: dt.datetime) -> dict[str, Any]:
    """The JSON body QBO sends with a 400 fault."""
    return {"Fault": fault.fault(), "time": company_time(moment)}


def unauthorized_body(moment: dt.datetime) -> dict[str, Any]:
    """The real 401 body for an expired or unknown access token (qbo_api ``error/401.yml``)."""
    return {
        "warnings": None,
        "intuitObject": None,
        "fault": {
            "error": [
                {
                    "message": "message=AuthenticationFailed; errorCode=003200; statusCode=401",
                    "detail": "Token expired: the access token is expired or invalid",
                    "code": "3200",
                    "element": None,
                }
            ],
            "type": "AUTHENTICATION",
        },
        "report": None,
        "queryResponse": None,
        "batchItemResponse": [],
        "attachableResponse": [],
        "syncErrorResponse": None,
        "requestId": None,
        "time": int(moment.timestamp() * 1000),
        "status": None,
        "cdcresponse": [],
    }


def throttle_xml(moment: dt.datetime) -> bytes:
    """The XML ThrottleExceeded body QBO sends with 429, even to JSON clients."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="{company_time(moment)}">'
        '<Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; '
        "statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error>"
        "</Fault></IntuitResponse>"
    ).encode()


def throttle_json(moment: dt.datetime) -> dict[str, Any]:
    """The JSON variant of the throttle fault."""
    return {
        "Fault": {
            "Error": [
                {
                    "Message": "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                    "Detail": "The request limit was reached.  Try again later",
                    "code": "3001",
                }
            ],
            "type": "SERVICE",
        },
        "time": company_time(moment),
    }
