"""Pages of the 三员 and every user's own account: accounts, roles and scopes, passwords,
the second factor."""
