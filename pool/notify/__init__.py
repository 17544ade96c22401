"""站内提醒 and the mail beside them."""
