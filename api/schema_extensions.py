"""Describes our API-key scheme in the OpenAPI schema (imported when the app is ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.access.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`. Optional: anonymous reads are allowed at a lower "
            "rate; a partner key raises the rate to the partner's tier.",
        }
