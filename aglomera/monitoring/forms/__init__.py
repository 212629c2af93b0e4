"""Every form of monitoring, one module per area. The forms only parse; the actions check the
domain rules (and their messages land on the fields)."""
