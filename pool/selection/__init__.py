"""选: recommendation lists, the pool and its events, vetoes, inspections, age-out,
scoring and ranking."""
