"""Public routes about the API itself: health, OpenAPI document, docs page, JWKS."""
