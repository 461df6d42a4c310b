"""Content digests of files and directories, as Mnemo wants them (`sha256:<hex>`)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_digest(path: str | Path) -> tuple[str, int]:
    """`sha256:<hex>` of a file's bytes, and its size.

    A directory's digest is the sha256 of one line per file, in order of relative path:
    `<relative posix path>\\0<sha256 of the file>\\n` (so renaming a file changes it, and so does
    any byte), and its size is the sum of the files'.
    """
    path = Path(path)
    if path.is_file():
        return "sha256:" + _file_sha256(path), path.stat().st_size
    if not path.is_dir():
        raise FileNotFoundError(f"{path} is neither a file nor a directory")
    digest = hashlib.sha256()
    size = 0
    files = sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).as_posix())
    for file in files:
        digest.update(f"{file.relative_to(path).as_posix()}\0{_file_sha256(file)}\n".encode())
        size += file.stat().st_size
    return "sha256:" + digest.hexdigest(), size
