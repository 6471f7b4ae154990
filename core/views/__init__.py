"""The view engine: arch -> inherit -> validate -> typed tree (rendered by core.web)."""

from core.views.errors import ViewError, ViewInheritanceError, ViewValidationError
from core.views.inherit import apply_inheritance, combine, parse_arch
from core.views.validate import validate_arch

__all__ = [
    "ViewError",
    "ViewInheritanceError",
    "ViewValidationError",
    "apply_inheritance",
    "combine",
    "parse_arch",
    "validate_arch",
]
