"""Render functions of the dashboard: one module per view, plus filters, tables, exports and notices."""
