"""Staff pages of monitoring, one module per area; aglomera/monitoring/urls.py lists their URLs."""
