#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Screens applicants across a Dask cluster with the elig package: what `elig batch` does on
one machine, spread over the workers of a cluster (docs/scale.md).

    python3 dask_screen.py --rules rules --input applicants.jsonl --out results.jsonl
    python3 dask_screen.py --rules /srv/elig/rules --input applicants.jsonl --scheduler tcp://10.0.0.5:8786

The input is JSON Lines, one applicant a line, read as `elig batch` reads it. Without
--scheduler a LocalCluster of --workers processes runs on this machine. The rules are opened
here, and shipped to every worker once (`Client.scatter(..., broadcast=True)`): an elig.Rules
pickles as its source (the directory path, or the texts) and opens again on the worker, so
the path must name the same rules on every machine (or use --texts to ship the files
themselves). Each task screens one partition of --partition lines with one elig.Input,
reused. The output has a line per applicant and program: applicant, program, outcome,
score, award, final award (after 併給制限) and the facts still missing, as `elig batch`
stores them in its `results` table; exact numbers are text ("1000000", "2/3").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import elig

Row = Tuple[str, Optional[str], str, str, Optional[str], Optional[str], List[Optional[str]]]
"""applicant id, program id, outcome, score, award, final award, missing facts."""


def _exact(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def screen_partition(rules: elig.Rules, lines: Sequence[str], programs: Optional[Sequence[str]] = None,
                     as_of: Optional[str] = None) -> List[Row]:
    """Screens each applicant line against the programs (all when None): one Row per program.
    A line that is not an applicant gives no row (`elig batch` refuses it too)."""
    rows: List[Row] = []
    applicant = rules.input()
    for line in lines:
        try:
            applicant.clear().set_json(line)
        except elig.EligError:
            continue
        doc_id = json.loads(line).get("id")
        screening = rules.screen(applicant, programs=programs, as_of=as_of)
        for r in screening.results:
            rows.append((str(doc_id), r.id, r.outcome, str(r.score), _exact(r.award), _exact(r.final_award),
                         list(r.missing)))
        screening.close()
    applicant.close()
    return rows


def partitions(lines: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """The lines in slices of `size`, in order."""
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


def run(rules: elig.Rules, lines: Sequence[str], client: Any, partition: int = 2000,
        programs: Optional[Sequence[str]] = None, as_of: Optional[str] = None) -> List[Row]:
    """Screens `lines` on the cluster `client` is connected to; the rows in input order."""
    if __name__ != "__main__":
        # Imported (by a test, or another program): workers cannot import this file by its
        # name, so its functions travel by value.
        import cloudpickle
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    [shared] = client.scatter([rules], broadcast=True)  # opened once per worker, from its source
    parts = client.scatter(list(partitions(lines, partition)))  # the data goes to the workers, not into the graph
    futures = [client.submit(screen_partition, shared, part, programs, as_of, pure=False) for part in parts]
    rows: List[Row] = []
    for part in client.gather(futures):
        rows.extend(part)
    return rows


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", required=True, help="the rules directory (the same path on every worker)")
    ap.add_argument("--texts", action="store_true", help="ship the rule files' texts instead of their path")
    ap.add_argument("--input", required=True, help="applicants, JSON Lines")
    ap.add_argument("--out", help="write the rows here as JSON Lines (default: only the summary)")
    ap.add_argument("--program", action="append", help="only these programs (repeatable)")
    ap.add_argument("--as-of", help="the date every applicant is screened as of (default: each one's as_of)")
    ap.add_argument("--scheduler", help="a running scheduler's address (default: a LocalCluster here)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--partition", type=int, default=2000, help="applicants per task (default 2000)")
    args = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    with open(args.input, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if args.texts:
        texts: Dict[str, str] = {}
        for root, _, files in os.walk(args.rules):
            for name in files:
                if name.endswith(".yaml") and not name.endswith(".test.yaml"):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as f:
                        texts[os.path.relpath(path, args.rules)] = f.read()
        rules = elig.Rules.from_texts(texts)
    else:
        rules = elig.Rules.open_dir(os.path.abspath(args.rules))

    started = time.monotonic()
    if args.scheduler:
        cluster = None
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    ready = time.monotonic()
    try:
        rows = run(rules, lines, client, args.partition, args.program, args.as_of)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    done = time.monotonic()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(lines)} applicants, {len(rows)} results: cluster up in {ready - started:.1f} s, "
          f"screened in {done - ready:.1f} s ({len(lines) / max(done - ready, 1e-9):,.0f} applicants/s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
