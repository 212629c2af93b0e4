"""Demo data: two agglomerations (Olomouc, Opole) with people, programmes and strategies."""
