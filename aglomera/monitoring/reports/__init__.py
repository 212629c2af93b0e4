"""Reports of monitoring, generated in the background (`aglomera.monitoring.report_tasks`):

- `fulfilment`: the strategy fulfilment report for a period (DOCX and PDF): its content
  (`fulfilment_content`, with the money tables and the projects from the funnel in
  `fulfilment_money`, the risk section from early warning in `fulfilment_risk`, the table and
  number formats in `fulfilment_tables`), one renderer per format (`fulfilment_docx`,
  `fulfilment_pdf`) and the chart's picture and layout (`chart_image`);
- `art49`: the list of operations of CPR 2021/1060 Art. 49(3) (CSV, XLSX, JSON);
- `calendar`: the calls calendar of Art. 49(2) (CSV, XLSX, JSON);
- `storage`: the generated files in the private storage.

The read side of generated reports (history list, one report) is `queries/reports.py`.

Both lists are written by the product's one writer of CSV, XLSX and JSON,
`aglomera.core.exports`, which keeps every text a text (no spreadsheet runs it as a formula).

The builders are pure reads with a fixed number of queries, so that the public portal can publish
the same lists later.
"""
