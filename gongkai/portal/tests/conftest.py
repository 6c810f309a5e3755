"""The portal's pages: the fixtures of the public pages (gongkai.documents.tests.public.fixtures)."""

from gongkai.documents.tests.public.fixtures import (  # noqa: F401 (pytest fixtures)
    _fresh_cache,
    _interpretations_column,
    attach,
    media_root,
    publish,
)
