"""The 用户操作手册 (docs/manual, one Markdown chapter per role) as pages at /help/
and as one printable PDF (``manage.py build_manual_pdf``)."""
