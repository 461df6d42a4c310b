"""The real api (compiled, services/api/dist) with its own local Neo4j, for the tests that need Mnemo
itself rather than a scripted server: import the fixtures into the test module
(`from real_api import graphql, mnemo_api_url`). Started once per session, only when a test asks for
it; the starter is the compatibility tests' (compat/tests/conftest.py), loaded under its own module
name. Not a conftest.py: `npm test` runs compat/tests in the same session, and its modules import
`conftest` by name, which a second conftest.py would shadow."""

import importlib.util
from pathlib import Path

import pytest

_COMPAT = Path(__file__).resolve().parents[3] / "compat" / "tests" / "conftest.py"
_spec = importlib.util.spec_from_file_location("mnemo_compat_api", _COMPAT)
compat_api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compat_api)


_started: list = []  # the one api of the session, whichever test module asked first


@pytest.fixture(scope="session")
def mnemo_api_url():
    """An api with access control off (MNEMO_AUTH=off): callers name themselves, everything is allowed.
    Each module importing the fixture has its own copy of it; they share one api."""
    if not _started:
        _started.append(compat_api.start_api({"MNEMO_AUTH": "off"}))
    yield _started[0].url
    if _started:
        _started.pop().stop()


@pytest.fixture()
def graphql(mnemo_api_url):
    """Reads from the real api: `graphql(query, variables)` returns `data` (errors fail the test)."""
    return lambda query, variables=None: compat_api.graphql(mnemo_api_url, query, variables)
