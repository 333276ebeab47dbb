"""The embedded store: SQLite by default, any SQLAlchemy URL (e.g. PostgreSQL) later.

Every answer is written the moment it is given, so a closed tab or a dead kernel loses
nothing; many kernel processes may write to one store at once.
"""

from .engine import STORE_ENV_VAR, default_store_url, resolve_store_url
from .repository import ROLES, AssessmentRecord, Store, open_store

__all__ = [
    "ROLES", "STORE_ENV_VAR", "AssessmentRecord", "Store", "default_store_url", "open_store",
    "resolve_store_url",
]
