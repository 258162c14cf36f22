# ruff: noqa: ISC004, E501 - the fixtures below are bank files written as implicitly joined lines
"""Every built-in CSV profile reads a small export of our own, each covering the traps of that bank.

Each case lists the export as the bank writes it, the number of statement lines it must give, and
their sum (worked out by hand in the comment next to it). Detection must pick the profile on its own
except where the layout is ambiguous by design (noted).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arsync.bankfiles.api import StatementBatch
from arsync.bankfiles.base import ParseOptions
from arsync.bankfiles.csvprofile import CsvProfileFormat
from arsync.bankfiles.profiles import builtin_profiles
from arsync.errors import InputError
from arsync.models import Money
from arsync.plugins import Registry

CASES: dict[str, tuple[str, str, int, str]] = {
    # profile: (content, encoding, lines, sum)
    "chase-checking": (  # trailing empty column; -12.50 + 1000.00 = 987.50
        'Details,Posting Date,"Description",Amount,Type,Balance,Check or Slip #,\n'
        'DEBIT,3/18/2024,"CARD PURCHASE",-12.50,DEBIT_CARD,1987.50,,\n'
        'CREDIT,3/5/2024,"ORIG CO NAME:ACME INC SEC:CCD",1000.00,ACH_CREDIT,2000.00,,\n',
        "utf-8",
        2,
        "987.50",
    ),
    "chase-card": (  # -4.50 + 120.00 = 115.50
        "Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n"
        "01/02/2024,01/03/2024,COFFEE,Food & Drink,Sale,-4.50,\n"
        "01/05/2024,01/05/2024,Payment Thank You-Mobile,,Payment,120.00,\n",
        "utf-8",
        2,
        "115.50",
    ),
    "bofa-checking": (  # preamble + pseudo-row skipped; "-1,234.56" + "2,000.00" = 765.44
        'Description,,Summary Amt.\r\nBeginning balance as of 01/01/2024,,"5,000.00"\r\n'
        'Total credits,,"2,000.00"\r\nTotal debits,,"-1,234.56"\r\nEnding balance as of 01/31/2024,,"5,765.44"\r\n'
        "\r\nDate,Description,Amount,Running Bal.\r\n"
        '01/01/2024,Beginning balance as of 01/01/2024,,"5,000.00"\r\n'
        '01/10/2024,"RENT","-1,234.56","3,765.44"\r\n'
        '01/15/2024,"ACME CORP DES:PAYMENT","2,000.00","5,765.44"\r\n',
        "utf-8",
        2,
        "765.44",
    ),
    "bofa-card": (  # -25.00 + 300.00 = 275.00
        "Posted Date,Reference Number,Payee,Address,Amount\n"
        '02/01/2024,24492154032000123456789,"HARDWARE STORE","SPRINGFIELD  IL ",-25.00\n'
        '02/03/2024,24492154035000987654321,"PAYMENT - THANK YOU","",300.00\n',
        "utf-8",
        2,
        "275.00",
    ),
    "wellsfargo-checking": (  # headerless; -12.07 + 1,500.00 = 1487.93
        '"12/04/2023","-12.07","*","","CHECK CRD PURCHASE 12/02 GROCER"\n'
        '"12/05/2023","1500.00","*","","ACME INC PAYROLL"\n',
        "utf-8",
        2,
        "1487.93",
    ),
    "citi-card": (  # pending row left out; charge -45.10, payment given as -200.00 in Credit = +200.00 -> 154.90
        "Status,Date,Description,Debit,Credit\n"
        'Cleared,03/16/2024,"PAYMENT THANK YOU",,-200.00\n'
        'Cleared,03/14/2024,"BOOKSHOP",45.10,\n'
        'Pending,03/17/2024,"GAS STATION",30.00,\n',
        "utf-8",
        2,
        "154.90",
    ),
    "capitalone-card": (  # -1000.00 + 1000.00 + -(12.34) = -12.34
        "Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit\n"
        "2024-01-01,2024-01-02,1234,Airline,Other Travel,1000.00,\n"
        "2024-01-01,2024-01-02,1234,AUTOPAY PYMT,Payment/Credit,,1000.00\n"
        "2024-01-03,2024-01-04,1234,Diner,Dining,12.34,\n",
        "utf-8",
        3,
        "-12.34",
    ),
    "capitalone-360": (  # sign from type, two-digit year, "$2,418.66": -2000.00 + 2418.66 = 418.66
        "Account Number,Transaction Date,Transaction Amount,Transaction Type,Transaction Description,Balance\n"
        "1473,05/16/22,-2000.00,Debit,Debit Card Purchase - STORE,100.00\n"
        '1473,05/17/22,"$2,418.66",Credit,Deposit from ACME PAYROLL,2518.66\n',
        "utf-8",
        2,
        "418.66",
    ),
    "amex": (  # negated; newline inside a quoted field; charges 50.00 and 20.00, payment -500.00 -> 430.00
        "Date,Description,Card Member,Account #,Amount,Extended Details,Reference\n"
        '01/05/2024,HOTEL,J DOE,-71002,50.00,"HOTEL STAY\nROOM 12",\'320240050001\n'
        "01/06/2024,TAXI,J DOE,-71002,20.00,,'320240060002\n"
        "01/07/2024,AUTOPAY PAYMENT - THANK YOU,J DOE,-71002,-500.00,,'320240070003\n",
        "utf-8",
        3,
        "430.00",
    ),
    "dcu-checking": (  # "-$7,971.39" + "$6,000.36" = -1971.03
        '"DATE","TRANSACTION TYPE","DESCRIPTION","AMOUNT","ID","MEMO","CURRENT BALANCE"\r\n'
        '"12/31/2023","DEBIT","TRANSFER OUT","-$7,971.39","abc1","","$500.00"\r\n'
        '"12/30/2023","CREDIT","ELECTRONIC DEPOSIT ACME","$6,000.36","abc2","","$8,471.39"\r\n',
        "utf-8",
        2,
        "-1971.03",
    ),
    "barclays": (  # -9.99 + 250.00 = 240.01
        "Number,Date,Account,Amount,Subcategory,Memo\n"
        ",02/08/2024,20-00-00 12345678,-9.99,PAYMENT,NETFLIX.COM         ON 02 AUG          BCC\n"
        ",05/08/2024,20-00-00 12345678,250.00,DIRECTDEP,ACME LTD            INV-1001           BGC\n",
        "utf-8",
        2,
        "240.01",
    ),
    "hsbc-uk": (  # headerless; "-1,234.50" + 75.00 = -1159.50
        '25/12/2023,My description here   VIS,"-1,234.50"\n26/12/2023,ACME LTD INV 2001,"75.00"\n',
        "utf-8",
        2,
        "-1159.50",
    ),
    "lloyds": (  # Excel ' guard on sort code, trailing empty column; -12.00 + 300.00 = 288.00
        "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,"
        "Credit Amount,Balance,\n"
        "28/02/2024,DEB,'11-22-33,12345678,TESCO STORES 1234,12.00,,988.00,\n"
        "29/02/2024,FPI,'11-22-33,12345678,ACME LTD RP1234567890 INV-77 29FEB24 10:15,,300.00,1288.00,\n",
        "utf-8",
        2,
        "288.00",
    ),
    "natwest": (  # blank lines, ' guards, two accounts concatenated; -10.00 + 45.00 + 100.00 = 135.00
        "\n"
        "Date, Type, Description, Value, Balance, Account Name, Account Number\n"
        "\n"
        '31/12/2023,D/D,"\'WWF UK",-10.00,1781.21,"\'FERRIER NJ","\'600008-49127454",\n'
        '02/01/2024,BAC,"\'ACME LTD, INV 3",45.00,1826.21,"\'FERRIER NJ","\'600008-49127454",\n'
        "\n"
        "Date, Type, Description, Value, Balance, Account Name, Account Number\n"
        '29 May 2025,BAC,"\'GLOBEX",100.00,200.00,"\'FERRIER SAVINGS","\'600008-11111111",\n',
        "utf-8",
        3,
        "135.00",
    ),
    "monzo": (  # Transaction ID kept; -3.20 + 150.00 = 146.80
        "Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,"
        "Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In,Balance,Balance currency\n"
        "tx_0001,01/03/2024,09:15:00,Card payment,Cafe,,Eating out,-3.20,GBP,-3.20,GBP,,,,CAFE LONDON,,-3.20,,96.80,GBP\n"
        "tx_0002,02/03/2024,10:00:00,Faster payment,ACME Ltd,,Income,150.00,GBP,150.00,GBP,INV-42,,,ACME LTD,,,150.00,246.80,GBP\n",
        "utf-8",
        2,
        "146.80",
    ),
    "starling": (  # currency from the header; 99.99 - 5.00 = 94.99
        "Date,Counter Party,Reference,Type,Amount (EUR),Balance (EUR),Spending Category,Notes\n"
        "01/04/2024,ACME GmbH,INV-555,FASTER PAYMENT,99.99,199.99,INCOME,\n"
        "02/04/2024,Shop,CARD,CARD,-5.00,194.99,GROCERIES,\n",
        "utf-8",
        2,
        "94.99",
    ),
    "ing-nl": (  # decimal comma, sign from Af Bij, cp1252 (é); -1,25 + 1.234,56 = 1233.31
        '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)",'
        '"MutatieSoort","Mededelingen"\r\n'
        '"20240213","Café Zuid","NL01INGB0000000001","","BA","Af","1,25","Betaalautomaat","Pasvolgnr:001"\r\n'
        '"20240214","ACME BV","NL01INGB0000000001","NL02ABNA0123456789","OV","Bij","1.234,56",'
        '"Overschrijving","Omschrijving: RF18539007547034 IBAN: NL02ABNA0123456789"\r\n',
        "cp1252",
        2,
        "1233.31",
    ),
    "ing-nl-semicolon": (  # -10,00 + 20,50 = 10.50
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";'
        '"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"\n'
        '"20240301";"Shop";"NL01";"";"BA";"Af";"10,00";"Betaalautomaat";"";"90,00";""\n'
        '"20240302";"Client";"NL01";"NL03";"OV";"Bij";"20,50";"Overschrijving";"INV 9";"110,50";""\n',
        "utf-8",
        2,
        "10.50",
    ),
    "ing-de": (  # preamble, ISO-8859-1, two Währung columns; 500,00 + -1.234,56 = -734.56
        "Umsatzanzeige;Datei erstellt am: 25.07.2024 12:00\n\nIBAN;DE99 9999 9999 9999 9999 99\n"
        "Kontoname;Girokonto\nBank;ING\nKunde;Max Müller\nZeitraum;01.06.2024 - 30.06.2024\nSaldo;5.000,00;EUR\n\n"
        "In der CSV-Datei finden Sie alle bereits gebuchten Umsätze.\n\n"
        "Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung\n"
        "08.06.2024;08.06.2024;Müller GmbH;Gutschrift;Rechnung 4711;5.500,00;EUR;500,00;EUR\n"
        "09.06.2024;09.06.2024;Vermieter;Lastschrift;Miete Juni;4.265,44;EUR;-1.234,56;EUR\n",
        "iso-8859-1",
        2,
        "-734.56",
    ),
    "deutsche-bank": (  # preamble, Soll/Haben, Kontostand footer, cp1252; -12,50 + 1.000,00 = 987.50
        "Umsätze Girokonto;;;;\nKunde;Max Mustermann;;;\nKontonummer;1234567;;;\n\n"
        "Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN / Kontonummer;BIC;"
        "Kundenreferenz;Mandatsreferenz;Gläubiger ID;Fremde Gebühren;Betrag;Abweichender Empfänger;"
        "Anzahl der Aufträge;Anzahl der Schecks;Soll;Haben;Währung\n"
        "01.03.2024;01.03.2024;SEPA-Lastschrift;Stadtwerke;Strom März;DE11;BICX;E2E-1;MANDATE-9;DE98ZZZ;;;;;;-12,50;;EUR\n"
        "02.03.2024;02.03.2024;SEPA-Gutschrift;Kunde AG;RE 2024-17;DE22;BICY;E2E-2;;;;;;;;;1.000,00;EUR\n"
        "Kontostand;02.03.2024;;;1.987,50;EUR\n",
        "cp1252",
        2,
        "987.50",
    ),
    "revolut-personal": (  # pending and reverted rows left out; 100.00 - fee 1.00 = 99.00, -20.00 -> 79.00
        "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
        "TRANSFER,Current,2024-01-01 10:00:00,2024-01-01 10:01:00,From ACME,100.00,1.00,EUR,COMPLETED,99.00\n"
        "CARD_PAYMENT,Current,2024-01-02 11:00:00,2024-01-03 09:00:00,Shop,-20.00,0.00,EUR,COMPLETED,79.00\n"
        "CARD_PAYMENT,Current,2024-01-04 11:00:00,,Pending shop,-5.00,0.00,EUR,PENDING,\n"
        "CARD_PAYMENT,Current,2024-01-05 11:00:00,2024-01-05 11:00:00,Refused,-7.00,0.00,EUR,REVERTED,\n",
        "utf-8",
        2,
        "79.00",
    ),
    "revolut-business": (  # 250.00 - fee 0.50 = 249.50
        "Date started (UTC),Date completed (UTC),ID,Type,State,Description,Reference,Payer,Card number,"
        "Orig currency,Orig amount,Payment currency,Amount,Fee,Balance,Account\n"
        "2024-02-01,2024-02-01,id-1,TRANSFER,COMPLETED,Payment from ACME,INV-2024-001,ACME Ltd,,EUR,250.00,EUR,"
        "250.00,0.50,1249.50,Main\n",
        "utf-8",
        1,
        "249.50",
    ),
    "n26": (  # 328.00 - 28.00 + 918.27 (the payer sent 1,000.00 USD) = 1,218.27
        '"Booking Date","Value Date","Partner Name","Partner Iban",Type,"Payment Reference",'
        '"Account Name","Amount (EUR)","Original Amount","Original Currency","Exchange Rate"\n'
        '2024-03-07,2024-03-07,"ACME SARL",FR7630006000011234567890189,"Credit Transfer","INV 12",'
        '"Main",328.00,,,\n'
        '2024-03-08,,"Shop",,"Debit Transfer",,"Main",-28.00,,,\n'
        '2024-03-09,,"GLOBEX INC",,"Credit Transfer","INV 13","Main",918.27,1000.00,USD,1.0890\n',
        "utf-8",
        3,
        "1218.27",
    ),
    "n26-v1": (  # -9.00 + 19.00 = 10.00
        "Date,Payee,Account number,Transaction type,Payment reference,Category,Amount (EUR),"
        "Amount (Foreign Currency),Type Foreign Currency,Exchange Rate\n"
        "2019-01-02,Shop,,MasterCard Payment,,Food,-9.00,,,\n"
        "2019-01-03,Client,DE27100110000000000000,Income,INV 3,Income,19.00,,,\n",
        "utf-8",
        2,
        "10.00",
    ),
    "wise": (  # fee row shares the id; -357.38 - 11.35 + 125.00 = -243.73
        '"TransferWise ID",Date,"Date Time",Amount,Currency,Description,"Payment Reference",'
        '"Running Balance","Exchange From","Exchange To","Exchange Rate","Payer Name","Payee Name",'
        '"Payee Account Number",Merchant,"Card Last Four Digits","Card Holder Full Name",Attachment,'
        '"Total fees","Exchange To Amount","Transaction Type","Transaction Details Type"\n'
        'TRANSFER-1,24-08-2024,"24-08-2024 13:43:54.496",-357.38,USD,"Sent money to J","Rent",787.62,,,,,'
        '"J",,,,,,11.35,,DEBIT,TRANSFER\n'
        'TRANSFER-1,24-08-2024,"24-08-2024 08:12:37.495",-11.35,USD,"Wise Charges for: TRANSFER-1",,776.27,,,,,'
        ",,,,,,0,,DEBIT,FEE\n"
        'TRANSFER-2,25-08-2024,"25-08-2024 19:27:05.726",125.00,USD,"Received money","INV-8",901.27,,,,'
        '"ACME",,,,,,,0.00,,CREDIT,DEPOSIT\n',
        "utf-8",
        3,
        "-243.73",
    ),
    "stripe-balance-itemized": (  # net: 12.00-0.65=11.35, -0.77 refund -> 10.58
        '"balance_transaction_id","created_utc","available_on_utc","currency","gross","fee","net",'
        '"reporting_category","description"\n'
        '"txn_1","2024-01-23 08:26:29","2024-01-27 00:00:00","usd","12.00","0.65","11.35","charge",'
        '"Invoice INV-9"\n'
        '"txn_2","2024-01-23 08:26:31","2024-01-27 00:00:00","usd","-0.77","0.00","-0.77","refund",'
        '"REFUND FOR PAYMENT"\n',
        "utf-8",
        2,
        "10.58",
    ),
    "stripe-payout-reconciliation": (  # 100.00-3.20 + 50.00-1.75 = 145.05
        "automatic_payout_id,automatic_payout_effective_at,balance_transaction_id,created,currency,gross,fee,net,"
        "reporting_category,invoice_number\n"
        "po_1,2024-02-05 00:00:00,txn_a,2024-02-01 10:00:00,usd,100.00,3.20,96.80,charge,INV-1\n"
        "po_1,2024-02-05 00:00:00,txn_b,2024-02-02 10:00:00,usd,50.00,1.75,48.25,charge,INV-2\n",
        "utf-8",
        2,
        "145.05",
    ),
    "stripe-payments": (  # failed row skipped; 25.00-1.03 = 23.97
        '"id","description","created","amount","amount_refunded","currency","fee","status",'
        '"customer_email","invoice_id"\n'
        'ch_1,"Invoice INV-1",2024-02-03 13:12,25.00,0.00,cad,1.03,Paid,a@example.com,in_1\n'
        'ch_2,"Invoice INV-2",2024-02-03 14:12,30.00,0.00,cad,0.00,Failed,b@example.com,in_2\n',
        "utf-8",
        1,
        "23.97",
    ),
    "stripe-payments-dashboard": (  # the Dashboard's own header; failed row skipped; 159.00-2.59 = 156.41
        "id,Description,Seller Message,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,"
        "Customer Description,Customer Email,invoice_number (metadata)\n"
        "ch_1,Subscription update,Payment complete.,2026-03-26 17:34:58,159.00,0.00,gbp,2.59,Paid,Priya Kowalski,"
        "priya@cobalt.co.uk,INV-1680\n"
        "ch_2,Invoice INV-1681,The bank declined the payment.,2026-03-25 11:18:38,10.80,0.00,gbp,0.00,Failed,Wei,"
        "wei@example.com,\n"
        "ch_3,Invoice INV-1682,Payment complete.,2026-03-25 12:18:38,10.80,10.80,gbp,0.36,Refunded,Wei,"
        "wei@example.com,\n",
        "utf-8",
        1,
        "156.41",
    ),
    "paypal-activity": (  # BOM; pending companion row left out; thousands; net 1,120.00-32.78 = 1087.22, -6.99
        '\ufeff"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net",'
        '"From Email Address","Transaction ID","Reference Txn ID","Invoice Number","Balance"\n'
        '"10/01/2024","03:46:20","PDT","ACME Inc","Website Payment","Completed","USD","1,120.00",'
        '"-32.78","1,087.22","ap@acme.example","1AB","","INV-100","1,087.22"\n'
        '"10/02/2024","03:46:20","PDT","Radio","Subscription Payment","Completed","USD","-6.99",'
        '"0.00","-6.99","me@example.com","2CD","I-RY","","1,080.23"\n'
        '"10/02/2024","03:46:20","PDT","","Bank Deposit to PP Account ","Pending","USD","6.99",'
        '"0.00","6.99","","3EF","2CD","","0.00"\n',
        "utf-8",
        2,
        "1080.23",
    ),
    "quickbooks-3col": (  # ambiguous with amex by header: needs --profile; 10.00 - 2.50 = 7.50
        "Date,Description,Amount\n01/02/2024,Deposit ACME,10.00\n01/03/2024,Fee,-2.50\n",
        "utf-8",
        2,
        "7.50",
    ),
    "quickbooks-4col": (  # -15.00 + 40.00 = 25.00
        "Date,Description,Credit,Debit\n01/02/2024,Supplies,,15.00\n01/03/2024,ACME payment,40.00,\n",
        "utf-8",
        2,
        "25.00",
    ),
    "xero-precoded": (  # 300.00 - 45.00 = 255.00
        "*Date,*Amount,Payee,Description,Reference,Cheque Number,Analysis Code,Transaction Type\n"
        "14/03/2024,300.00,ACME Ltd,Payment,INV-0042,,,\n15/03/2024,-45.00,Stationer,Paper,,,,\n",
        "utf-8",
        2,
        "255.00",
    ),
    "commbank": (  # headerless, newest first; +1,250.00 - 45.20 = 1204.80
        '24/03/2026,"+1250.00","DIRECT CREDIT 301500 COASTAL CATERING INV-1723","+85460.55"\n'
        '23/03/2026,"-45.20","BPAY TELSTRA 12345678","+84210.55"\n',
        "utf-8",
        2,
        "1204.80",
    ),
    "anz-au": (  # headerless date, amount, description; 980.00 - 12.50 = 967.50
        '19/03/2026,"980.00",TRANSFER FROM GLEBE BISTRO PTY INV-1537\n18/03/2026,"-12.50","ACCOUNT SERVICING FEE"\n',
        "utf-8",
        2,
        "967.50",
    ),
    "westpac-au": (  # debit and credit columns; 164.40 - 30.00 = 134.40
        "Bank Account,Date,Narrative,Debit Amount,Credit Amount,Balance,Categories,Serial\r\n"
        "732120456789,19/03/2026,DEPOSIT COASTAL CATERING TASMAN,,164.40,23118.40,DEP,\r\n"
        "732120456789,18/03/2026,WITHDRAWAL ONLINE 1234567 TFR,30.00,,22954.00,OTHER,\r\n",
        "utf-8",
        2,
        "134.40",
    ),
    "nab": (  # a blank fourth column, dates as "19 Mar 26"; 1,000.00 - 9.95 = 990.05
        "Date,Amount,Account Number,,Transaction Type,Transaction Details,Balance,Category,Merchant Name,"
        "Processed On\n"
        "18 Mar 26,1000.00,083-004 512345678,,TRANSFER CREDIT,PADDINGTON CAFE PAYMENT,51230.00,Transfers in,,"
        "18 Mar 26\n"
        "17 Mar 26,-9.95,083-004 512345678,,MISCELLANEOUS DEBIT,ACCOUNT FEE,50230.00,Bills,,17 Mar 26\n",
        "utf-8",
        2,
        "990.05",
    ),
    "asb": (  # preamble before the header, dates as 2026/03/16; 520.00 - 20.00 = 500.00
        "Created date / time : 01 April 2026 / 08:12:44\r\n"
        "Bank 12; Branch 3001; Account 0456789-00 (Business)\r\n"
        "From date 20260301\r\nTo date 20260331\r\n"
        "Avail Bal : 23118.40 as of 20260331\r\nLedger Balance : 23118.40 as of 20260331\r\n"
        "Date,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount\r\n\r\n"
        '2026/03/16,2026031601,D/C,,"D/C FROM KAURI COAST HOSP","INV-0691 ACCOUNTS",520.00\r\n'
        '2026/03/17,2026031701,DEBIT,,"POWERCO","DD 4471",-20.00\r\n',
        "utf-8",
        2,
        "500.00",
    ),
    "bnz": (  # Particulars, Code and Reference; 345.00 - 45.00 = 300.00
        "Date,Amount,Payee,Particulars,Code,Reference,Tran Type,This Party Account,Other Party Account,Serial,"
        "Transaction Code,Batch Number,Originating Bank/Branch,Processed Date\r\n"
        "16/03/26,345.00,WHANGANUI GRILL LIMI,INV-0606,ACCOUNTS,STATEMENT,DC,02-0248-0123456-00,"
        "06-0501-0234567-00,,50,4471,06-0501,16/03/26\r\n"
        "17/03/26,-45.00,SPARK NZ,,,,DD,02-0248-0123456-00,---,,00,5120,02-0248,17/03/26\r\n",
        "utf-8",
        2,
        "300.00",
    ),
    "westpac-nz": (  # Other Party, Particulars, Analysis Code; 774.00 - 74.00 = 700.00
        "Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\r\n"
        "16/03/2026,774.00,MATAI CAFE LTD,DIRECT CREDIT,INV-0774,MATAI,ACCOUNTS\r\n"
        "17/03/2026,-74.00,CONTACT ENERGY,DIRECT DEBIT,4471,,\r\n",
        "utf-8",
        2,
        "700.00",
    ),
    "kiwibank": (  # the full export: TP and OP reference fields, credit/debit and signed amounts
        "Account number,Date,Memo/Description,Source Code (payment type),TP ref,TP part,TP code,OP ref,OP part,"
        "OP code,OP name,OP Bank Account Number,Amount (credit),Amount (debit),Amount,Balance\n"
        "38-9012-0123456-00,16-03-2026,TARAWERA HARDWARE ;INV-0712 ACCOUNTS,DC,,,,ACCOUNTS,INV-0712,,"
        "TARAWERA HARDWARE,12-3001-0456789-00,612.50,,612.50,9102.75\n"
        "38-9012-0123456-00,17-03-2026,EFTPOS FEE,DD,,,,,,,,,,12.50,-12.50,9090.25\n",
        "utf-8",
        2,
        "600.00",
    ),
    "generic": (  # parentheses negative; 1234.56 - 34.56 = 1200.00
        "date,amount,currency,description,counterparty,reference,bank_id\n"
        "2024-05-01,1234.56,EUR,Payment,ACME,RF18539007547034,b1\n"
        "2024-05-02,(34.56),EUR,Bank fee,,,b2\n",
        "utf-8",
        2,
        "1200.00",
    ),
}

AMBIGUOUS_BY_DESIGN = {"quickbooks-3col"}  # same header as the minimal Amex export: --profile decides


def test_every_builtin_profile_has_a_fixture() -> None:
    assert {p.name for p in builtin_profiles()} == set(CASES)


@pytest.mark.parametrize("profile", sorted(CASES))
def test_profile_reads_its_export(
    profile: str, statement: Callable[..., Path], parse: Callable[..., StatementBatch]
) -> None:
    content, encoding, count, expected = CASES[profile]
    path = statement(f"{profile}.csv", content, encoding)
    batch = parse(path, profile=profile if profile in AMBIGUOUS_BY_DESIGN else None)
    assert batch.files[0].format == profile
    assert len(batch.lines) == count
    assert sum((line.amount.amount for line in batch.lines), Decimal(0)) == Decimal(expected)


def test_chase_trailing_empty_column_is_not_an_error(statement, parse) -> None:
    batch = parse(statement("c.csv", CASES["chase-checking"][0]))
    assert batch.lines[1].description == "ORIG CO NAME:ACME INC SEC:CCD"
    assert batch.lines[1].source.line == 3


def test_bofa_balance_pseudo_row_is_reported_not_parsed(statement, parse) -> None:
    batch = parse(statement("b.csv", CASES["bofa-checking"][0]))
    assert [s.kind for s in batch.skipped] == ["balance"]
    assert batch.skipped[0].line == 8
    assert batch.lines[0].balance_after is not None
    assert batch.lines[0].balance_after.amount == Decimal("3765.44")


def test_amex_quoted_newline_keeps_physical_line_numbers(statement, parse) -> None:
    batch = parse(statement("a.csv", CASES["amex"][0]))
    assert [line.source.line for line in batch.lines] == [2, 4, 5]
    assert batch.lines[0].raw["Extended Details"] == "HOTEL STAY\nROOM 12"
    assert batch.lines[0].amount.amount == Decimal("-50.00")  # a charge is money out
    assert batch.lines[0].bank_id == "320240050001"  # the Excel ' guard is stripped


def test_lloyds_apostrophe_guard_is_stripped_from_text_but_kept_raw(statement, parse) -> None:
    batch = parse(statement("l.csv", CASES["lloyds"][0]))
    assert batch.lines[0].raw["Sort Code"] == "'11-22-33"
    assert batch.lines[1].amount.amount == Decimal("300.00")


def test_natwest_reads_both_concatenated_accounts_and_long_dates(statement, parse) -> None:
    batch = parse(statement("n.csv", CASES["natwest"][0]))
    assert [line.description for line in batch.lines] == ["WWF UK", "ACME LTD, INV 3", "GLOBEX"]
    assert str(batch.lines[2].booking_date) == "2025-05-29"


def test_ing_de_latin1_and_duplicate_header_names(statement, parse) -> None:
    batch = parse(statement("i.csv", CASES["ing-de"][0], "iso-8859-1"))
    first = batch.lines[0]
    assert first.counterparty_name == "Müller GmbH"
    assert first.raw["Währung"] == "EUR" and first.raw["Währung#2"] == "EUR"
    assert first.amount.currency == "EUR"


def test_ing_nl_cp1252_decimal_comma_and_rf_reference(statement, parse) -> None:
    batch = parse(statement("i.csv", CASES["ing-nl"][0], "cp1252"))
    assert batch.lines[0].counterparty_name == "Café Zuid"
    assert batch.lines[0].amount.amount == Decimal("-1.25")
    assert ("rf", "RF18539007547034") in [(r.kind, r.value) for r in batch.lines[1].references]
    assert batch.lines[1].counterparty_account == "NL02ABNA0123456789"


def test_deutsche_bank_footer_and_references(statement, parse) -> None:
    batch = parse(statement("d.csv", CASES["deutsche-bank"][0], "cp1252"))
    kinds = {(r.kind, r.value) for r in batch.lines[0].references}
    assert ("mandate", "MANDATE-9") in kinds and ("end_to_end", "E2E-1") in kinds
    assert batch.lines[0].counterparty_name == "Stadtwerke"


def test_paypal_bom_pending_and_gross_fee_net(statement, parse) -> None:
    batch = parse(statement("p.csv", CASES["paypal-activity"][0]))
    item = batch.lines[0].items[0]
    assert (item.amount.amount, item.fee.amount, item.net.amount) == (  # type: ignore[union-attr]
        Decimal("1120.00"),
        Decimal("32.78"),
        Decimal("1087.22"),
    )
    assert ("invoice", "INV-100") in [(r.kind, r.value) for r in item.references]
    assert batch.lines[0].counterparty_account == "ap@acme.example"
    assert [s.kind for s in batch.skipped] == ["pending"]


def test_citi_pending_row_is_skipped_and_reported(statement, parse) -> None:
    batch = parse(statement("c.csv", CASES["citi-card"][0]))
    assert [(s.line, s.kind) for s in batch.skipped] == [(4, "pending")]


def test_revolut_reverted_rows_are_reported(statement, parse) -> None:
    batch = parse(statement("r.csv", CASES["revolut-personal"][0]))
    assert sorted(s.kind for s in batch.skipped) == ["filtered", "pending"]


def test_wise_fee_row_sharing_the_id_is_not_a_duplicate(statement, parse) -> None:
    batch = parse(statement("w.csv", CASES["wise"][0]))
    assert [line.bank_id for line in batch.lines] == ["TRANSFER-1", "TRANSFER-1", "TRANSFER-2"]
    assert batch.duplicates == []
    assert batch.lines[2].counterparty_name == "ACME"


# --- the fast row path (csvfast) must give exactly what the general converter gives ----------------


def _outcome(fmt: CsvProfileFormat, path: Path, *, fast: bool, skip_bad_rows: bool) -> tuple[object, ...]:
    """Everything a user can see of one parse: each line in full (repr shows Decimal exponents), or the error."""
    fmt.fast_rows = fast
    options = ParseOptions(skip_bad_rows=skip_bad_rows)
    try:
        lines = list(fmt.parse_with(path, options))
    except InputError as exc:
        return ("error", str(exc))
    return ("lines", [repr(line) for line in lines], [line.canonical_json() for line in lines], options.skipped)


@pytest.mark.parametrize("profile", sorted(CASES))
def test_fast_row_path_reads_each_export_exactly_as_the_general_path(
    profile: str, statement: Callable[..., Path], registry: Registry
) -> None:
    content, encoding, _count, _sum = CASES[profile]
    path = statement(f"{profile}.csv", content, encoding)
    fmt = CsvProfileFormat(registry.bank_formats[profile].load().profile)  # type: ignore[attr-defined]
    fast = _outcome(fmt, path, fast=True, skip_bad_rows=False)
    assert fast[0] == "lines"
    assert fast == _outcome(fmt, path, fast=False, skip_bad_rows=False)


# Cells that take each branch of the fast path or force it back to the general one.
_TRICKY_CELLS = (
    "| |'|0|-0.00|-0,00|+0,00|12.5|12.345|12,5|1,234.56|1.234,56|1 234,56|$12.00|-$7.00|12.00-|1e3|NaN|\u0661\u0662|"
    "2024-01-31|2024-02-30|01/02/2024|31/01/2024|31.01.2024|20240131|USD|usd| EUR|XXX|JPY|pending|Pending|Cleared|"
    "CREDIT|DEBIT|Af|Bij|RF18539007547034|INV-1 RF18 5390 0754 7034|M\u00fcller|a\nb|x,y|()|" + "9" * 30
).split("|")
# Variations of the cell that was there, so a row stays valid apart from one twist.
_TWISTS: list[Callable[[str, random.Random], str]] = [
    lambda cell, rng: rng.choice(_TRICKY_CELLS),
    lambda cell, rng: "'" + cell,
    lambda cell, rng: "' " + cell,
    lambda cell, rng: f" {cell} ",
    lambda cell, rng: "-" + cell,
    lambda cell, rng: cell + "5",
    lambda cell, rng: f"({cell})",
    lambda cell, rng: cell.translate(str.maketrans(".,", ",.")),
    lambda cell, rng: "-" + "".join("0" if ch.isdigit() else ch for ch in cell),
    lambda cell, rng: cell.lower() if rng.random() < 0.5 else cell.upper(),
    lambda cell, rng: "",
]


@pytest.mark.parametrize("profile", sorted(CASES))
def test_fast_row_path_agrees_with_the_general_path_on_mangled_rows(
    profile: str, registry: Registry, tmp_path: Path
) -> None:
    """Each export's data rows with cells swapped for tricky values, cells dropped and cells added."""
    content, encoding, _count, _sum = CASES[profile]
    fmt = CsvProfileFormat(registry.bank_formats[profile].load().profile)  # type: ignore[attr-defined]
    delimiter = fmt.profile.delimiter
    source = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
    path = tmp_path / "mangled.csv"

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(min_value=0, max_value=2**32 - 1), st.booleans())
    def check(seed: int, skip_bad_rows: bool) -> None:
        rng = random.Random(seed)
        rows = [list(r) for r in source]
        for row in rows[-3:]:  # the data rows (the header, preamble and earlier rows stay)
            for _ in range(rng.choice([0, 1, 1, 2])):
                if row:
                    i = rng.randrange(len(row))
                    row[i] = rng.choice(_TWISTS)(row[i], rng)
            if row and rng.random() < 0.1:
                del row[rng.randrange(len(row)) :]
            if rng.random() < 0.1:
                row.append(rng.choice(_TRICKY_CELLS))
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
        path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
        assert _outcome(fmt, path, fast=True, skip_bad_rows=skip_bad_rows) == _outcome(
            fmt, path, fast=False, skip_bad_rows=skip_bad_rows
        )

    check()


def test_empty_parentheses_amount_is_an_input_error_naming_the_cell(statement, parse) -> None:
    path = statement("c.csv", "Status,Date,Description,Debit,Credit\nCleared,03/14/2024,BOOKSHOP,(),\n")
    with pytest.raises(InputError) as caught:
        parse(path)
    assert (caught.value.line, caught.value.column, caught.value.value) == (2, "Debit", "()")


def test_byte_order_mark_with_undecodable_bytes_later_is_an_input_error(statement, parse) -> None:
    content = "\ufeffdate,amount,currency,description\n2024-05-01,1.00,EUR,Caf".encode() + b"\xe9\n"
    with pytest.raises(InputError, match="byte-order mark"):
        parse(statement("bom.csv", content), profile="generic")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1234.56", "JPY", None),  # cents in a zero-decimal currency: never rounded
        ("1234.00", "JPY", "1234"),
        ("1.50", "BHD", "1.500"),  # three decimals: padded, not cut
        ("-0.00", "USD", "-0.00"),
        ("12.345", "USD", None),
    ],
)
def test_amount_exactness_follows_each_rows_currency_on_both_row_paths(
    amount: str, currency: str, expected: str | None, statement: Callable[..., Path], registry: Registry
) -> None:
    # the first row makes the currency a known one, so the second takes the fast path
    text = f"date,amount,currency,description\n2024-05-01,1.00,{currency},first\n2024-05-01,{amount},{currency},x\n"
    path = statement("g.csv", text)
    fmt = CsvProfileFormat(registry.bank_formats["generic"].load().profile)  # type: ignore[attr-defined]
    for fast in (True, False):
        fmt.fast_rows = fast
        if expected is None:
            with pytest.raises(InputError, match="decimals") as caught:
                list(fmt.parse(path))
            assert (caught.value.line, caught.value.column) == (3, "amount")
        else:
            _first, line = fmt.parse(path)
            assert str(line.amount.amount) == expected


def test_n26_original_amount_is_kept_signed_like_the_booking(statement, parse) -> None:
    """What the payer sent in another currency is kept for matching; an empty or same-currency original
    adds nothing."""
    batch = parse(statement("n.csv", CASES["n26"][0]))
    assert [line.original_amount for line in batch.lines] == [None, None, Money("1000.00", "USD")]


def test_an_original_amount_without_a_currency_names_the_column(statement, parse) -> None:
    content = CASES["n26"][0].replace("1000.00,USD,", "1000.00,U$D,")
    with pytest.raises(InputError) as info:
        parse(statement("n.csv", content))
    assert (info.value.line, info.value.column) == (4, "Original Currency")
    assert "leave both cells empty" in str(info.value)
