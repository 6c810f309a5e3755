"""Sent after commit for every recorded inforequest.* event, to decouple other apps.

Receivers (e.g. a notifications app sending the applicant an e-mail) get ``info_request_id``
and ``action``; the audit trail itself is written by the services, never by a signal.
"""

from django.dispatch import Signal

inforequest_event = Signal()
