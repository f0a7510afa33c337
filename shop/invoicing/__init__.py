"""Invoicing: OCR references, bank payment files, invoices."""
