"""Units and cadres: ID number rules and encryption, the scoping selectors (units_for,
cadres_for), search, data gaps and flags, and the cadre pages."""
