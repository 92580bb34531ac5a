"""Shared by every test folder.

`pytest_plugins` is only honoured in this top-level conftest, which is why the database
fixtures of tests/fixtures_db.py (`database_url`, `database`, `store`, `clock`) are
registered here rather than in tests/storage/conftest.py.
"""

pytest_plugins = ["fixtures_db"]
