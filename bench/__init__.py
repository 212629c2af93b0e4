"""The on-demand benchmark of issue 4 (`make bench`); never part of `make test` or CI.

bench/run.py       the entry point: throwaway PostgreSQL database, the measurements, the table
bench/generate.py  the national-scale data set and the lists of operations to import
"""
