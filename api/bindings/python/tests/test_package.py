# SPDX-License-Identifier: Apache-2.0
"""Tests of the package: the library found without environment variables once installed,
one version from CMake's project(VERSION), handles that pickle, and a typed, documented API.

The installed-package tests are skipped (and say so) when `elig` is the source module;
CI runs them against the package installed with pip, where none may be skipped.
"""

import datetime
import importlib.metadata
import inspect
import json
import multiprocessing
import os
import pickle
import re
import subprocess
import sys
import tempfile
import unittest

import elig
from test_elig import APPLICANT, PROGRAM, PROGRAM_ID, RULES, SOURCE, ProgramTestCase, applicant

PACKAGE_DIR = os.path.dirname(os.path.abspath(elig.__file__))
INSTALLED = os.path.basename(elig.__file__) == "__init__.py"
NEEDS_PACKAGE = "`elig` is the source module: install the package with pip to test it"
AS_OF = "2026-06-01"


def run_python(code, **env):
    """Runs `code` in a fresh interpreter, away from the checkout, with no ELIG_* variable
    and no library path unless given in `env`."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("ELIG_") and k not in ("LD_LIBRARY_PATH", "PYTHONPATH")}
    if not INSTALLED:
        clean["PYTHONPATH"] = PACKAGE_DIR  # the source module (it still needs ELIG_LIBRARY)
    clean.update(env)
    with tempfile.TemporaryDirectory() as cwd:
        return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=clean, capture_output=True, text=True)


REPORT = "import elig, json; print(json.dumps([elig.__file__, elig.LIBRARY_PATH, elig.VERSION]))"


class InstalledPackageTest(unittest.TestCase):
    @unittest.skipUnless(INSTALLED, NEEDS_PACKAGE)
    def test_import_needs_no_environment_variable(self):
        done = run_python(REPORT)
        self.assertEqual(done.returncode, 0, done.stderr)
        module, library, version = json.loads(done.stdout)
        self.assertEqual(module, elig.__file__)
        self.assertEqual(library, os.path.join(PACKAGE_DIR, "libelig.so"))
        self.assertEqual(version, elig.VERSION)

    @unittest.skipUnless(INSTALLED, NEEDS_PACKAGE)
    def test_package_is_typed_and_has_its_library(self):
        for name in ("py.typed", "_version.py", "libelig.so"):
            with self.subTest(name=name):
                self.assertTrue(os.path.isfile(os.path.join(PACKAGE_DIR, name)))
        self.assertNotIn(os.path.abspath(SOURCE), PACKAGE_DIR, "the tests must run against the installed package")

    @unittest.skipUnless(INSTALLED, NEEDS_PACKAGE)
    def test_distribution_metadata(self):
        meta = importlib.metadata.metadata("elig")
        self.assertEqual(meta["Name"], "elig")
        self.assertEqual(meta["Version"], elig.VERSION)
        self.assertEqual(meta["License"], "Apache-2.0")
        self.assertEqual(meta["Requires-Python"], ">=3.9")

    def test_elig_library_comes_first_and_alone(self):
        done = run_python(REPORT, ELIG_LIBRARY=os.path.realpath(elig.LIBRARY_PATH))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout)[1], os.path.realpath(elig.LIBRARY_PATH))
        # Set but wrong is an error naming it, not a quiet fall back to another copy.
        done = run_python(REPORT, ELIG_LIBRARY="/nonexistent/libelig.so")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("$ELIG_LIBRARY (/nonexistent/libelig.so)", done.stderr)


class VersionTest(unittest.TestCase):
    def test_version_is_the_loaded_librarys(self):
        text, number = elig.library_version()
        self.assertEqual(elig.VERSION, text)
        self.assertEqual(elig.VERSION_NUMBER, number)

    def test_version_is_cmake_project_version(self):
        with open(os.path.join(SOURCE, "CMakeLists.txt"), encoding="utf-8") as f:
            project = re.search(r"\bproject\s*\(\s*elig\b[^)]*?\bVERSION\s+(\d+\.\d+\.\d+)", f.read())
        self.assertIsNotNone(project)
        self.assertEqual(elig.VERSION, project.group(1))


def decide(program, facts):
    """In a worker: the program arrived pickled, as its rules and id."""
    return os.getpid(), program.evaluate(facts, as_of=AS_OF).json("ja")


_worker_program = None


def keep_program(program):
    global _worker_program
    _worker_program = program


def decide_with_kept_program(facts):
    return os.getpid(), _worker_program.evaluate(facts, as_of=AS_OF).json("ja")


class PickleTest(ProgramTestCase):
    def test_rules_from_texts_pickle_as_their_texts(self):
        data = pickle.dumps(self.rules)
        self.assertIn("award: expenses * 2/3".encode(), data)
        again = pickle.loads(data)
        self.assertIsInstance(again, elig.Rules)
        self.assertIsNot(again, self.rules)
        self.assertEqual(again.program_ids, ["test.py"])
        self.assertEqual(again.source, {"p.yaml": PROGRAM})
        self.rules.close()  # a closed Rules still knows its source
        self.assertEqual(pickle.loads(pickle.dumps(self.rules)).program_ids, ["test.py"])

    def test_rules_from_a_directory_pickle_as_its_path(self):
        with elig.Rules.open_dir(RULES) as rules:
            data = pickle.dumps(rules)
            self.assertLess(len(data), 200 + len(RULES))  # the path, not the rules
            again = pickle.loads(data)
            self.assertEqual(again.source, RULES)
            self.assertEqual(again.program_ids, rules.program_ids)

    def test_rules_with_errors_allowed_stay_so(self):
        broken = PROGRAM.replace("employees <= 20", "employes <= 20")
        rules = elig.Rules.from_texts({"p.yaml": broken, "ok.yaml": PROGRAM.replace("test.py", "test.ok")},
                                      allow_errors=True)
        self.assertEqual(pickle.loads(pickle.dumps(rules)).program_ids, ["test.ok"])

    def test_program_pickles_as_rules_and_id(self):
        again = pickle.loads(pickle.dumps(self.program))
        self.assertIsInstance(again, elig.Program)
        self.assertEqual(again.id, "test.py")
        self.assertEqual(again.rules.source, {"p.yaml": PROGRAM})
        facts = applicant(expenses=100)
        self.assertEqual(again.evaluate(facts, as_of=AS_OF).json(), self.program.evaluate(facts, as_of=AS_OF).json())
        # Two programs of one rule set share one Rules when pickled together.
        both = pickle.loads(pickle.dumps([self.program, self.program]))
        self.assertIs(both[0].rules, both[1].rules)

    def test_inputs_and_decisions_do_not_pickle(self):
        inp = self.program.input(applicant())
        decision = self.program.evaluate(inp, as_of=AS_OF)
        for handle, hint in ((inp, "send the facts"), (decision, "decision.json()")):
            with self.subTest(kind=type(handle).__name__):
                with self.assertRaises(TypeError) as e:
                    pickle.dumps(handle)
                self.assertIn(hint, str(e.exception))

    def test_errors_pickle(self):
        with self.assertRaises(elig.RulesError) as e:
            elig.Rules.from_texts({"p.yaml": PROGRAM.replace("employees <= 20", "employes <= 20")})
        again = pickle.loads(pickle.dumps(e.exception))
        self.assertEqual((again.code, str(again), again.issues), (e.exception.code, str(e.exception), e.exception.issues))

    def test_a_pool_of_two_processes_decides_as_this_one(self):
        applicants = [applicant(employees=i % 30, expenses=i * 1000, exported=bool(i % 3),
                                founded=datetime.date(2000 + i % 20, 1, 1)) for i in range(40)]
        expected = [self.program.evaluate(a, as_of=AS_OF).json("ja") for a in applicants]
        context = multiprocessing.get_context("spawn")  # nothing inherited: all arrives pickled
        with context.Pool(2) as pool:
            results = pool.starmap(decide, [(self.program, a) for a in applicants], chunksize=5)
        self.assertEqual([json for _, json in results], expected)
        self.assertNotIn(os.getpid(), {pid for pid, _ in results})
        with context.Pool(2, initializer=keep_program, initargs=(self.program,)) as pool:
            results = pool.map(decide_with_kept_program, applicants, chunksize=5)
        self.assertEqual([json for _, json in results], expected)

    def test_a_pool_screens_the_shipped_rules(self):
        with open(APPLICANT, encoding="utf-8") as f:
            document = f.read()
        with elig.Rules.open_dir(RULES) as rules, rules.program(PROGRAM_ID) as program:
            expected = program.evaluate(document, as_of=AS_OF).json("ja")
            with multiprocessing.get_context("spawn").Pool(2) as pool:
                results = pool.starmap(decide, [(program, document)] * 4)
        self.assertEqual([json for _, json in results], [expected] * 4)


class TypedDocumentedApiTest(unittest.TestCase):
    def test_every_public_name_is_documented_and_typed(self):
        undocumented, untyped = [], []
        for name in elig.__all__:
            obj = getattr(elig, name)
            if inspect.isfunction(obj):
                members = [(name, obj)]
            elif inspect.isclass(obj):
                members = [(name, obj)] + [(f"{name}.{m}", v) for m, v in vars(obj).items()
                                           if not m.startswith("_") and not m.startswith("_field")]
                for base in obj.__mro__[1:]:
                    if base.__module__ == elig.__name__:
                        members += [(f"{name}.{m}", v) for m, v in vars(base).items() if not m.startswith("_")]
            else:
                continue
            for qualified, member in members:
                if isinstance(member, (classmethod, staticmethod)):
                    member = member.__func__
                if isinstance(member, property):
                    member = member.fget
                if not (inspect.isfunction(member) or inspect.isclass(member)):
                    continue
                if not inspect.getdoc(member):
                    undocumented.append(qualified)
                if inspect.isfunction(member) and "return" not in member.__annotations__:
                    untyped.append(qualified)
        self.assertEqual(undocumented, [])
        self.assertEqual(untyped, [])


if __name__ == "__main__":
    unittest.main()
