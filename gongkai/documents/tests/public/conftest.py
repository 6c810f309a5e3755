"""The documents' public pages: the shared fixtures (fixtures.py)."""

from gongkai.documents.tests.public.fixtures import (  # noqa: F401 (pytest fixtures)
    _fresh_cache,
    _interpretations_column,
    attach,
    media_root,
    publish,
)
