"""Cash application: apply bank deposits to open invoices and explain every decision."""
