"""The benchmarks' data: `curate synth -n ROWS --seed 0` with its truth sidecar, made once per cache
folder. A stamp beside the data holds its sha256: a data file replaced by hand (or a truth sidecar
left from another draw) is noticed and both are made again, so recall is never measured against
another file's truth."""

from __future__ import annotations

import time
from pathlib import Path

from curation.files import sha256_of
from curation.synth import synthesize, truth_path, write_synth


def synth_data(rows: int, cache: Path) -> Path:
    """The path of the cached `curate synth -n ROWS --seed 0` parquet (its truth beside it)."""
    path = cache / f"synth-{rows}.parquet"
    stamp = path.with_name(path.name + ".sha256")
    if path.exists() and truth_path(path).exists() and stamp.exists() and stamp.read_text() == sha256_of(path):
        return path
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    frame, truth = synthesize(rows, seed=0)
    write_synth(frame, truth, path)
    stamp.write_text(sha256_of(path))
    print(f"data: curate synth -n {rows} --seed 0 -> {path} ({time.perf_counter() - started:.1f} s, untimed)", flush=True)
    return path
