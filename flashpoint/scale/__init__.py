"""Scale-out: the same pipeline on Dask distributed, partitioned by input file/chunk, resumable.

Needs ``dask[distributed]`` (imported only when a run starts)."""
from __future__ import annotations

from flashpoint.scale.partitions import Partition, plan_partitions, read_partition
from flashpoint.scale.run import PartitionDone, ScaleReport, code_corpus, code_partition

__all__ = ["Partition", "PartitionDone", "ScaleReport", "code_corpus", "code_partition",
           "plan_partitions", "read_partition"]
