"""REST API v1 plumbing: token authentication with scopes, idempotency, errors, throttling."""
