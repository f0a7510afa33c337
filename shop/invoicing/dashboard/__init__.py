"""Staff pages for invoicing in Oscar's dashboard: invoices, bank payment files, unfulfilled lines."""
