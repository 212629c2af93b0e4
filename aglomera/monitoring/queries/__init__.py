"""The read side of monitoring, one module per area: dashboard, imports, progress reports,
payment forecasts, generated reports, types of intervention, commitment profiles, and the
strategies monitoring reports on."""
