"""半年工作情况报告（向常委会专题汇报）的数据部分: the figures of a half-year and the one
before it, for the user's jurisdiction, as a page, a .docx and an .xlsx."""
