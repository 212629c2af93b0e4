"""Import of managing-authority lists of operations.

layouts   which columns of which list feed which field of an Operation;
normalize amounts, dates, IČO and registration numbers as the real files write them;
parsing   CSV (csv module), XLSX, XLS and ODS (calamine) into numbered rows, refusing whole
          files that are not what they claim, empty, wrongly encoded or with bad columns;
ods, xls  the size of an ODS or XLS measured before calamine opens it;
runner    validation of every row, then the comparison with what is stored and the bulk write;
merge     the set-based write of a validated file;
files     the uploaded lists in the private storage.
"""
