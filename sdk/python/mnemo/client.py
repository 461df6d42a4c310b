"""Talking to Mnemo's GraphQL API: one request, retries with backoff, and the spool of calls that
could not be delivered yet.

Every write the SDK makes is an *entry*: a plain JSON object that says what to send and which
answers mean "already done". Entries are sent live, or appended to a spool file when Mnemo cannot be
reached, and later replayed in order by the same code (`perform`). Replaying is safe because every
entry is idempotent on the server: metric points carry their own timestamp, params are write-once,
tags are set, inputs are recorded once, and creations that find their id taken count as done.
"""

from __future__ import annotations

import fcntl
import getpass
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Callable, Optional

DEFAULT_URL = "http://127.0.0.1:4000"

# Codes that say the request itself is wrong; they are raised, never spooled or retried.
# INTERNAL_SERVER_ERROR is not among them: it is what Mnemo answers while its database is away.
TRANSIENT_CODES = {"INTERNAL_SERVER_ERROR"}


class MnemoError(Exception):
    """Mnemo refused a request (bad input, unknown id, immutable version, conflict...).

    `code` is the GraphQL error's `extensions.code`, `message` the server's message and
    `extensions` the other details it gave (problems, missing ids, differences).
    """

    def __init__(self, message: str, code: str | None = None, extensions: dict | None = None):
        super().__init__(f"{code}: {message}" if code else message)
        self.message = message
        self.code = code
        self.extensions = extensions or {}


# Codes that say Mnemo refused the caller, not the call: never retried, never spooled.
ACCESS_CODES = {"UNAUTHENTICATED", "FORBIDDEN"}


class AccessDenied(MnemoError):
    """Mnemo refused the caller: no token, an unknown or revoked one (`UNAUTHENTICATED`, HTTP 401), or
    a token whose user lacks the role the call needs (`FORBIDDEN`, HTTP 403). Sending the call again
    would be refused again, so it is neither retried nor spooled."""

    def __init__(self, message: str, code: str | None = None, extensions: dict | None = None, *, token: bool = True):
        super().__init__(message, code, extensions)
        if code == "FORBIDDEN":
            reason = f"forbidden: {message}"
        elif token:
            reason = f"Mnemo refused the token (MNEMO_TOKEN or token=): {message}"
        else:
            reason = f"Mnemo refused a call without a token: {message}; set MNEMO_TOKEN to an API token"
        self.args = (f"{code}: {reason}",)


class Unreachable(Exception):
    """Mnemo did not answer (connection refused, timeout, 5xx from a proxy, database away)."""


def _actor() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = "unknown"
    return f"sdk:{user}@{socket.gethostname()}"


class Client:
    """The GraphQL endpoint and how to call it. Configured from MNEMO_URL and MNEMO_TOKEN."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        actor: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        spool_dir: str | None = None,
    ):
        self.url = (url or os.environ.get("MNEMO_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("MNEMO_TOKEN")
        self.actor = actor or os.environ.get("MNEMO_ACTOR") or _actor()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.spool_dir = Path(spool_dir or os.environ.get("MNEMO_SPOOL_DIR") or Path.home() / ".mnemo" / "spool")

    def request(self, query: str, variables: dict | None = None) -> list[dict] | dict:
        """One POST to /graphql. Returns `data`, or the list of errors; raises Unreachable."""
        headers = {"content-type": "application/json", "x-mnemo-actor": self.actor}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            try:
                answer = json.load(error)
            except Exception:
                answer = None
            if error.code in (401, 403):
                raise self._access_denied(error.code, answer) from error
            if error.code >= 500 and not (isinstance(answer, dict) and answer.get("errors")):
                raise Unreachable(f"{self.url} answered HTTP {error.code}") from error
            if not isinstance(answer, dict):
                raise MnemoError(f"{self.url} answered HTTP {error.code} without a GraphQL body") from error
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            # ValueError: a reply cut off mid-JSON by a dropped connection.
            raise Unreachable(f"{self.url} is unreachable: {error}") from error
        errors = answer.get("errors")
        if errors:
            return errors
        return answer.get("data") or {}

    def _access_denied(self, status: int, answer: object) -> AccessDenied:
        """A 401 / 403 in whichever shape it came: GraphQL errors, REST `{"error": {...}}`, or none."""
        code, message, extensions = ("UNAUTHENTICATED" if status == 401 else "FORBIDDEN"), f"HTTP {status}", {}
        if isinstance(answer, dict) and answer.get("errors"):
            first = answer["errors"][0]
            code = (first.get("extensions") or {}).get("code") or code
            message = "; ".join(e.get("message", "") for e in answer["errors"])
            extensions = {k: v for k, v in (first.get("extensions") or {}).items() if k not in ("code", "stacktrace")}
        elif isinstance(answer, dict) and isinstance(answer.get("error"), dict):
            code = answer["error"].get("code") or code
            message = answer["error"].get("message") or message
        return AccessDenied(message, code, extensions, token=bool(self.token))

    def call(
        self,
        query: str,
        variables: dict | None = None,
        *,
        tolerate: tuple[str, ...] = (),
        tolerate_on_retry: tuple[str, ...] = (),
        retries: int | None = None,
        retried: bool = False,
    ) -> dict | None:
        """Sends a query, retrying with backoff while Mnemo is unreachable.

        Errors whose code is in `tolerate` (or, once the call may already have landed, in
        `tolerate_on_retry`) mean "already done" and return None. Other refusals raise MnemoError;
        still unreachable after the retries raises Unreachable.
        """
        attempts = 1 + (self.retries if retries is None else retries)
        for attempt in range(attempts):
            try:
                answer = self.request(query, variables)
            except Unreachable:
                if attempt == attempts - 1:
                    raise
                time.sleep(self.backoff * (2**attempt))
                retried = True
                continue
            if isinstance(answer, dict):
                return answer
            first = answer[0]
            code = (first.get("extensions") or {}).get("code")
            if code in TRANSIENT_CODES:
                if attempt == attempts - 1:
                    raise Unreachable(f"Mnemo answered {code}: {first.get('message')}")
                time.sleep(self.backoff * (2**attempt))
                retried = True
                continue
            if code in ACCESS_CODES:
                raise self._access_denied(401 if code == "UNAUTHENTICATED" else 403, {"errors": answer})
            if all((e.get("extensions") or {}).get("code") in tolerate for e in answer):
                return None
            if retried and all((e.get("extensions") or {}).get("code") in tolerate_on_retry for e in answer):
                return None
            message = "; ".join(e.get("message", "") for e in answer)
            extensions = {k: v for k, v in (first.get("extensions") or {}).items() if k not in ("code", "stacktrace")}
            raise MnemoError(message, code, extensions)
        raise AssertionError("unreachable")  # pragma: no cover

    def query(self, query: str, variables: dict | None = None) -> dict:
        """A read: no spool, a single retry."""
        return self.call(query, variables, retries=1) or {}


# The high-level entries that are not a single GraphQL call; `perform` dispatches on "kind".
Performer = Callable[[Client, dict, bool], Optional[dict]]
_PERFORMERS: dict[str, Performer] = {}


def performer(kind: str) -> Callable[[Performer], Performer]:
    def register(function: Performer) -> Performer:
        _PERFORMERS[kind] = function
        return function

    return register


@performer("graphql")
def _graphql(client: Client, entry: dict, replay: bool) -> dict | None:
    return client.call(
        entry["query"],
        entry.get("variables"),
        tolerate=tuple(entry.get("tolerate", ())),
        tolerate_on_retry=tuple(entry.get("tolerate_on_retry", ())),
        retries=0 if replay else None,
        retried=replay,
    )


def perform(client: Client, entry: dict, *, replay: bool = False) -> dict | None:
    """Delivers one entry. On replay there is one attempt (the caller tries again later) and the
    entry counts as possibly delivered before, so "already done" answers are accepted."""
    return _PERFORMERS[entry["kind"]](client, entry, replay)


class Spool:
    """The entries of one run that are waiting for Mnemo, in order, mirrored in a JSON-lines file.

    The owning process holds an exclusive lock on `<name>.lock` while the run is alive, so another
    process replaying leftover spools (`replay_spools`) never sends the same file twice at once.
    """

    def __init__(self, directory: Path, name: str):
        self.directory = directory
        self.path = directory / f"{name}.jsonl"
        self.lock_path = directory / f"{name}.lock"
        self.entries: list[dict] = []
        self._lock_file = None

    def load(self) -> None:
        if self.path.exists():
            with open(self.path, encoding="utf-8") as file:
                self.entries = [json.loads(line) for line in file if line.strip()]

    def acquire(self, blocking: bool = True) -> bool:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.lock_path, "a")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            return False
        return True

    def release(self) -> None:
        if self._lock_file is None:
            return
        if not self.entries:
            self.lock_path.unlink(missing_ok=True)
        fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        self._lock_file.close()
        self._lock_file = None

    def __len__(self) -> int:
        return len(self.entries)

    def append(self, entry: dict) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.entries.append(entry)
        with open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(entry) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def save(self) -> None:
        """Rewrites the file with what is still pending (removes it when nothing is)."""
        if not self.entries:
            self.path.unlink(missing_ok=True)
            return
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            for entry in self.entries:
                file.write(json.dumps(entry) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)

    def replay(self, client: Client, on_error: Callable[[MnemoError, dict], None]) -> bool:
        """Sends pending entries in order until one cannot be delivered. Returns True when empty.

        An entry Mnemo refuses is dropped (sending it again would be refused again) and handed to
        `on_error`; replaying continues with the next one. A refused caller (AccessDenied) is
        raised instead and the entries stay: the same calls with a good token are accepted.
        """
        if not self.entries:
            return True
        sent = 0
        try:
            for entry in self.entries:
                try:
                    perform(client, entry, replay=True)
                except AccessDenied:
                    raise
                except MnemoError as error:
                    on_error(error, entry)
                sent += 1
        except Unreachable:
            pass
        finally:
            if sent:
                del self.entries[:sent]
                self.save()
        return not self.entries


def replay_spools(client: Client | None = None) -> int:
    """Replays the spool files runs left behind (Mnemo was away when they ended). Returns how many
    entries are still pending afterwards. Files of runs still alive in another process are skipped;
    a file whose calls Mnemo refuses the caller for (AccessDenied) stays, with a warning."""
    client = client or Client()
    pending = 0
    if not client.spool_dir.is_dir():
        return 0
    for path in sorted(client.spool_dir.glob("*.jsonl")):
        spool = Spool(client.spool_dir, path.stem)
        if not spool.acquire(blocking=False):
            continue
        try:
            spool.load()
            spool.replay(
                client,
                lambda error, entry: warnings.warn(
                    f"mnemo: dropped a spooled call Mnemo refused: {error}", stacklevel=2
                ),
            )
        except AccessDenied as error:  # kept for a later replay with a token Mnemo accepts
            warnings.warn(f"mnemo: {len(spool)} spooled call(s) stay in {spool.path}: {error}", stacklevel=2)
        finally:
            pending += len(spool)
            spool.release()
    return pending


def iso_ms(ms: int) -> str:
    """Epoch milliseconds as RFC 3339 UTC with milliseconds, the precision Mnemo keeps."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def now_iso() -> str:
    return iso_ms(int(time.time() * 1000))
