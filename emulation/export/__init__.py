"""The year-end workbook (the only user of XlsxWriter): its sheet names, its data sources and its writer."""
