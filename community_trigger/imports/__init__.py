"""Moving from spreadsheets: past cases read from a CSV or XLSX file, checked row by row, and imported
with their history in one transaction."""
