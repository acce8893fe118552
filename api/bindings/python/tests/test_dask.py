# SPDX-License-Identifier: Apache-2.0
"""Screening across a Dask cluster (examples/dask_screen.py) gives what `elig batch` gives.

A distributed.LocalCluster of 2 worker processes screens generated applicants through the
package (the rules pickle as their source and open again on each worker); every applicant ×
program must equal `elig batch` on the same input: outcome, score, award, final award and
missing facts. Needs Dask (Debian: python3-dask, python3-distributed) and ELIG_BINARY;
skipped, and says so, without them (CI has both and allows no skip).
"""

import fractions
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import warnings

import elig

SOURCE = os.environ.get("ELIG_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
RULES = os.path.join(SOURCE, "rules")
EXAMPLE = os.path.join(SOURCE, "api", "bindings", "python", "examples", "dask_screen.py")
BINARY = os.environ.get("ELIG_BINARY")
APPLICANTS = 600

try:
    import distributed
except ImportError:  # pragma: no cover - CI installs it
    distributed = None


def load_example():
    spec = importlib.util.spec_from_file_location("dask_screen", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_screen"] = module
    spec.loader.exec_module(module)
    return module


def exact(value):
    return None if value is None else fractions.Fraction(str(value))


@unittest.skipIf(distributed is None, "Dask is not installed (python3-dask, python3-distributed)")
@unittest.skipIf(not BINARY, "ELIG_BINARY is not set: no `elig batch` to compare with")
class DaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.jsonl = os.path.join(cls.tmp.name, "applicants.jsonl")
        subprocess.run([sys.executable, os.path.join(SOURCE, "bench", "gen_applicants.py"), "--elig", BINARY,
                        "--rules", RULES, "-n", str(APPLICANTS), "--seed", "7", "--missing-rate", "0.1",
                        "--jsonl", cls.jsonl], check=True, stdout=subprocess.DEVNULL)
        db = os.path.join(cls.tmp.name, "results.db")
        subprocess.run([BINARY, "batch", "--rules", RULES, "--input", cls.jsonl, "--out", db, "--no-progress"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with sqlite3.connect(db) as conn:
            cls.batch = {(a, p): (o, exact(s), exact(aw), exact(f), json.loads(m) if m else [])
                         for a, p, o, s, aw, f, m in conn.execute(
                             "SELECT applicant_id, program, outcome, score, award, final_award, missing FROM results")}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_two_workers_screen_as_elig_batch_does(self):
        # Debian's distributed 2022.12 starts tornado's loop the way Python 3.11 deprecates.
        warnings.filterwarnings("ignore", "make_current is deprecated", DeprecationWarning)
        example = load_example()
        with open(self.jsonl, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()]
        rules = elig.Rules.open_dir(RULES)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            rows = example.run(rules, lines, client, partition=100)
            # The work was spread: each of the two worker processes opened the rules.
            pids = client.run(os.getpid)
        self.assertEqual(len(pids), 2)
        self.assertEqual(len(set(pids.values())), 2)
        dask = {(a, p): (o, exact(s), exact(aw), exact(f), m) for a, p, o, s, aw, f, m in rows}
        self.assertEqual(len(dask), len(rows))  # one row per applicant × program
        self.assertEqual(set(dask), set(self.batch))
        self.assertEqual(len(dask), APPLICANTS * len(rules.program_ids))
        outcomes = {v[0] for v in dask.values()}
        self.assertTrue({"eligible", "ineligible", "undetermined"} <= outcomes, outcomes)
        self.assertTrue(any(v[4] for v in dask.values()))  # some facts are missing
        differ = [(k, dask[k], self.batch[k]) for k in sorted(dask) if dask[k] != self.batch[k]]
        self.assertEqual(differ[:5], [], f"{len(differ)} results differ from elig batch")


if __name__ == "__main__":
    unittest.main()
