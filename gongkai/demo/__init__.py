"""Demo data: the demo district “示范区” with one seeder per module (``manage.py seed_demo``).

The district (organs and users for every role) is seeded first; each module's seeder then
creates its records through that module's services, so their audit trails are real. A new
module adds ``gongkai/demo/seeders/<module>.py`` and registers a :class:`~.registry.Seeder`
there (see :mod:`gongkai.demo.registry`).
"""
