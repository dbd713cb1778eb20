"""A cache of validated data sets, so a large data directory is read and checked once.

`load_data` validates a directory and stores the canonical tables as Parquet in
`$FINSAM_CACHE` (default `~/.cache/finsam-analysis/`), never in the data directory itself.
The cache key covers the content (a SHA-256 hash) of every input file — the tables, the
config and the narratives, which validation checks too — and the code that reads and checks
them, with the pandas and pandera versions: change any byte of those and the directory is
read and validated again (a file changed with the same size and modification time included).
Hashing reads each file once, a fraction of what parsing and checking it costs.
`FINSAM_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

import pandas as pd

from ..errors import Problem

SOURCES = ("schema.py", "io/load.py", "io/validate.py", "io/config.py", "io/personnummer.py",
           "errors.py", "io/cache.py", "io/read.py", "io/narratives.py", "io/names.py",
           "io/support.py", "io/socioeconomic.py")


def enabled() -> bool:
    return os.environ.get("FINSAM_NO_CACHE", "") in ("", "0")


def root() -> Path:
    if os.environ.get("FINSAM_CACHE"):
        return Path(os.environ["FINSAM_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "finsam-analysis"


def _code_version() -> str:
    here = Path(__file__).parents[1]
    h = hashlib.sha256(f"{pd.__version__} {metadata.version('pandera')}".encode())
    for name in SOURCES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _content_hash(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def fingerprint(data_dir: Path) -> str:
    """What the cached copy of `data_dir` must match: the content of every file it reads."""
    from ..schema import TABLES
    from .read import READERS

    entries = []
    for p in sorted(data_dir.iterdir()):
        relevant = (p.suffix.lower() in READERS and p.stem.lower() in TABLES) or \
            p.name in ("config.yml", "config.yaml")
        if p.is_file() and relevant:
            entries.append([p.name, _content_hash(p)])
    narratives = data_dir / "narratives"
    if narratives.is_dir():
        for p in sorted(narratives.rglob("*.md")):
            if p.is_file():
                entries.append([p.relative_to(data_dir).as_posix(), _content_hash(p)])
    payload = json.dumps([str(data_dir.resolve()), entries, _code_version()])
    return hashlib.sha256(payload.encode()).hexdigest()


def _folder(data_dir: Path) -> Path:
    return root() / hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:24]


def read(data_dir: Path):
    """The cached `Dataset` of `data_dir`, or None when there is none or it is stale."""
    from .config import load_config
    from .dataset import Dataset

    if not enabled():
        return None
    folder = _folder(data_dir)
    meta_path = folder / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("key") != fingerprint(data_dir):
            return None
        tables = {}
        for name in meta["tables"]:
            frame = pd.read_parquet(folder / f"{name}.parquet")
            for col in meta["object_columns"].get(name, []):
                values = frame[col].astype(object)
                frame[col] = values.where(values.notna(), None)
            tables[name] = frame
        config_path = next((data_dir / n for n in ("config.yml", "config.yaml")
                            if (data_dir / n).exists()), None)
        warnings = [Problem(**w) for w in meta["warnings"]]
        return Dataset(data_dir, config=load_config(config_path), warnings=warnings,
                       files=meta["files"], **tables)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(data) -> None:
    """Store a validated `Dataset`; a cache that cannot be written is simply not used."""
    if not enabled():
        return
    folder = _folder(data.data_dir)
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        names, object_columns = [], {}
        from ..schema import TABLES

        for name in TABLES:
            frame = getattr(data, name, None)
            if frame is None:
                continue
            object_columns[name] = [c for c in frame.columns if frame[c].dtype == object]
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
            names.append(name)
        meta = {"key": fingerprint(data.data_dir), "tables": names,
                "object_columns": object_columns, "files": data.files,
                "warnings": [w.__dict__ for w in data.warnings]}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    except (OSError, ValueError, TypeError):
        shutil.rmtree(tmp, ignore_errors=True)
