"""The REST API under /api/v1. Each app contributes a router from its api.py."""

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

api = NinjaAPI(
    title="Custodia API",
    version="1",
    description="Prisoner file, estate and custody movements. Every call acts as the signed-in user.",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(NinjaValidationError)
def _schema_errors(request, exc: NinjaValidationError):
    """Bad input as {"errors": {field: [messages]}}, like the forms."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")]
        errors.setdefault(".".join(location) or "__all__", []).append(error.get("msg", ""))
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def _rule_errors(request, exc: DjangoValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"errors": errors}, status=422)


def _register_routers() -> None:
    from custodia.estate.api import router as estate_router
    from custodia.register.api import router as register_router

    api.add_router("/prisons", estate_router)
    api.add_router("/prisoners", register_router)


_register_routers()
