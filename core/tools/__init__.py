"""Small, dependency-free helpers shared by the core layers (safe expression evaluation, ...)."""
