"""Display and input formats per language (settings.FORMAT_MODULE_PATH).

Django's own locale formats show English dates month-first ("12/07/2026"), times with a.m./p.m.
and Polish dates with dashes; these modules fix what each language's readers expect. Machine
formats (values of <input type=date>, CSV, file names) never go through them: they use ISO.
Every language also accepts ISO dates as typed input.
"""
