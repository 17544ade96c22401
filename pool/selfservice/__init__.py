"""干部本人 self-service: a cadre's own account reads their own record and asks for
corrections; the 干部科 decides them (rules, selectors, services, forms, views)."""
