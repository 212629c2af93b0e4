"""Reports of monitoring, generated in the background (`aglomera.monitoring.report_tasks`):

- `fulfilment`: the strategy fulfilment report for a period (DOCX and PDF);
- `art49`: the list of operations of CPR 2021/1060 Art. 49(3) (CSV, XLSX, JSON);
- `calendar`: the calls calendar of Art. 49(2) (CSV, XLSX, JSON);
- `tabular`: the open-format writers shared by the two lists;
- `history`: the read side of generated reports (history list, one report, its files).

The builders are pure reads with a fixed number of queries, so that the public portal can publish
the same lists later.
"""
