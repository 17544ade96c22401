"""The import machinery shared by every kind of bulk import.

``readers`` turns a file (.xlsx, .xls, .ods, .csv) into rows of cell values,
``cells`` parses and normalises single cells, ``engine`` finds the header and
checks and classifies every row, ``bulk`` writes through COPY, ``unit_index``
finds units by name or path, ``reports`` writes templates and error reports,
``runs`` records each import (ImportRun) and commits it in one transaction.
Each app declares its kinds in its own ``importers.py``. A kind whose files are
not spreadsheets overrides ``Kind.open`` to make its own rows (pool.lrmx: one row
per .lrmx file in a .zip, labelled with the file name) and may ask the importer
for ``Kind.options`` (LRMX: the unit and 干部类别 of new people).
"""
