"""Signals that decouple other apps from document publication.

`document_public_change` is sent after commit whenever what the public sees of a
document changes: published, withdrawn, repealed (废止), expired (失效) or edited
while published. The portal listens to re-render and reindex.
"""

from django.dispatch import Signal

# kwargs: document (Document), change (str)
document_public_change = Signal()
