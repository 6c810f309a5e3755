"""The signal that decouples other apps from document publication.

`document_public_change` is the kit's generic `public_change` (gongkai.core.kit.hooks),
sent after commit whenever what the public sees of a document changes: published,
withdrawn, repealed (废止), expired (失效) or edited while published. Search and
publishing listen to it for every module (kwargs: instance, change).
"""

from gongkai.core.kit.hooks import public_change

document_public_change = public_change
