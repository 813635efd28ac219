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


class CdsHooksJwtScheme(OpenApiAuthenticationExtension):
    target_class = "api.clinical.cds_auth.CdsHooksAuthentication"
    name = "CdsHooksJwt"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "CDS Hooks: a JWT the EHR signs (ES384 or RS384) with the key its "
            "partner registered in the admin; see docs/clinic-systems.md.",
        }
