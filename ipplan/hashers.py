"""How passwords are stored: Argon2id at a fixed cost (docs/operations.md, 密码存储).

Django recommends Argon2; its own parameters (100 MiB, 2 passes, 8 lanes) cost as much CPU
per login as the PBKDF2 they replace (~175 ms on this 2-core VM, bench/hashers.py) and 100 MiB
per concurrent login. These are OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane) with
twice the passes: twice the minimum's memory × time, as Django's PBKDF2 (1,000,000
iterations) is 1.7 × OWASP's PBKDF2 minimum (600,000). About 35 ms of one core and 19 MiB per
login, so the first minutes of a quarter-end, when everyone logs in, do not queue behind the
hasher. The algorithm name stays ``argon2``: a hash made with other parameters (Django's)
still verifies and is re-made with these at the next login, as PBKDF2 hashes are.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    time_cost = 4
    parallelism = 1
