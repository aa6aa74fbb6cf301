"""Importing a street's registers from the spreadsheets it keeps (XLSX, CSV): communities,
compounds, buildings, households, work items and staff accounts, previewed before anything is
written, then written all or nothing."""
