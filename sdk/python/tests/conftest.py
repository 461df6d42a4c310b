"""The real api (compiled, services/api/dist) with its own local Neo4j, for the tests that need Mnemo
itself rather than a scripted server. Started once per session, only when a test asks for it; the
starter is the compatibility tests' (compat/tests/conftest.py), loaded under its own module name."""

import importlib.util
from pathlib import Path

import pytest

_COMPAT = Path(__file__).resolve().parents[3] / "compat" / "tests" / "conftest.py"
_spec = importlib.util.spec_from_file_location("mnemo_compat_api", _COMPAT)
compat_api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compat_api)


@pytest.fixture(scope="session")
def mnemo_api_url():
    """An api with access control off (MNEMO_AUTH=off): callers name themselves, everything is allowed."""
    api = compat_api.start_api({"MNEMO_AUTH": "off"})
    yield api.url
    api.stop()


@pytest.fixture()
def graphql(mnemo_api_url):
    """Reads from the real api: `graphql(query, variables)` returns `data` (errors fail the test)."""
    return lambda query, variables=None: compat_api.graphql(mnemo_api_url, query, variables)
