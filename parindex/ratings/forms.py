"""Rule sets are edited as YAML in the admin (see ``admin.RuleSetForm``); the pages have no form of their own yet."""
