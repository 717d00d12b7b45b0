"""The write-path benchmark still runs against the current app (a tiny run; the figures it
prints are for people, not asserted as times)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("write_path", ROOT / "bench" / "write_path.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_bench_runs_on_both_installations(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench_module()
    bare = bench.bench("bare", None, count=3, rounds=1)
    configured = bench.bench("configured", ROOT / "bench" / "engines.yml", count=3, rounds=1)
    for summary in (bare, configured):
        assert set(summary) == {"create", "update", "reply"}
        assert all(rate > 0 and statements >= 1 for rate, statements in summary.values())
    assert "statements/request" in capsys.readouterr().out
