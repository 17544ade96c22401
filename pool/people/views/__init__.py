"""Pages of the roster: the cadre list and page, the person picker, data quality."""
