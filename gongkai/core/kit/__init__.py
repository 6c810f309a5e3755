"""The module kit: the pieces every domain module (documents, 政策解读, 依申请公开 and the
ones to come) is built from, so that each writes only its own rules.

- `workflow`: transition tables (`Machine`), action specs and `actions_for(user, obj)`.
- `steps`: `today()`, `lock()` and the service step (lock → permission → transition →
  save → audit → on-commit public change).
- `audit`: the audit-action registry (translated labels) and the only writers of audit rows.
- `hooks`: the registry through which an app plugs itself into inbox, menu, portal, search
  and publishing, and the `public_change` signal.
- `views`, `forms`, `api`, `commands`, `serials`, `files`: the small UI/API/job kit.

Nothing here imports a domain app: modules register themselves from their `apps.py`.
"""
