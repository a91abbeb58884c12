"""Read pulled Label Studio tasks: the one reader lives in :mod:`annot.road.read`."""

from __future__ import annotations

from annot.road.read import RawTask, as_task, dump_json, read_tasks

__all__ = ["RawTask", "as_task", "dump_json", "read_tasks"]
