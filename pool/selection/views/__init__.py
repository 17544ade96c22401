"""选 pages: the three lists and their review, the pool, inspections and vetoes, ranking."""
