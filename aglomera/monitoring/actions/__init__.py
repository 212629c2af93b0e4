"""Every write of monitoring: imports, links, progress reports, generated reports."""
