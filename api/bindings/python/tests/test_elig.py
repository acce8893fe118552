# SPDX-License-Identifier: Apache-2.0
"""Tests of the binding. CI runs them against the package installed with pip:

    .venv/bin/pip install --no-build-isolation api/bindings/python
    ELIG_BINARY=build/cli/elig .venv/bin/python -m unittest discover -v -s api/bindings/python/tests

and they run against the source module too, with the library named:

    PYTHONPATH=api/bindings/python ELIG_LIBRARY=build/api/libelig.so ELIG_BINARY=build/cli/elig \
      python3 -m unittest discover -v -s api/bindings/python/tests

ELIG_SOURCE_DIR defaults to the checkout this file is in. The comparison with
`elig check` is skipped (and says so) when ELIG_BINARY is not set.
"""

import datetime
import fractions
import json
import os
import sqlite3
import subprocess
import tempfile
import threading
import unittest

import elig

SOURCE = os.environ.get("ELIG_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
RULES = os.path.join(SOURCE, "rules")
APPLICANT = os.path.join(SOURCE, "api", "examples", "gunma-maker.json")
PROGRAM_ID = "gunma.trade-fair-sample"

PROGRAM = """program: test.py
version: "1"
title: { ja: テスト, en: Test }
window: 2026-04-01 .. 2027-03-31
facts:
  prefecture: { type: text, ask: { ja: 都道府県, en: Prefecture } }
  industry: { type: "enum[manufacturing, retail]" }
  employees: { type: int, min: 0 }
  share: { type: decimal }
  founded: { type: date }
  exported: { type: bool }
  certs: { type: "list[enum[kurumin, eruboshi]]" }
  expenses: { type: yen }
requirements:
  - id: in-gunma
    rule: prefecture == "群馬県"
    text: { ja: 群馬県内, en: In Gunma }
    cite: 第3条
  - id: small
    rule: employees <= 20
exclusions:
  - id: owned
    rule: share >= 50%
scoring:
  - { id: first, points: 10, when: not exported }
  - { id: kurumin, points: 5, when: "\\"kurumin\\" in certs" }
award: expenses * 2/3
"""


def applicant(**overrides):
    facts = {"prefecture": "群馬県", "industry": "retail", "employees": 5, "share": "0.1",
             "founded": datetime.date(2010, 5, 1), "exported": False, "certs": ["kurumin"], "expenses": 900_000}
    facts.update(overrides)
    return facts


class ProgramTestCase(unittest.TestCase):
    """Opens PROGRAM as self.rules and self.program for each test."""

    def setUp(self):
        self.rules = elig.Rules.from_texts({"p.yaml": PROGRAM})
        self.program = self.rules.program("test.py")

    def tearDown(self):
        self.program.close()
        self.rules.close()


class BindingTest(ProgramTestCase):

    def test_version_matches_the_header(self):
        text, number = elig.library_version()
        self.assertEqual(number, elig.VERSION_NUMBER)
        self.assertEqual(text, elig.VERSION)

    def test_program_schema(self):
        self.assertEqual(self.rules.program_ids, ["test.py"])
        self.assertEqual(self.program.id, "test.py")
        self.assertEqual(self.program.title("ja"), "テスト")
        facts = {f.name: f for f in self.program.facts}
        self.assertEqual(facts["prefecture"].type, "text")
        self.assertEqual(facts["prefecture"].question_ja, "都道府県")
        self.assertEqual(facts["prefecture"].question_en, "Prefecture")
        self.assertEqual(facts["industry"].choices, ["manufacturing", "retail"])
        self.assertEqual(facts["certs"].type_name, "list[enum[kurumin, eruboshi]]")
        self.assertEqual(facts["expenses"].type, "yen")
        self.assertFalse(facts["founded"].used)

    def test_decision_is_exact(self):
        d = self.program.evaluate(applicant(expenses=100), as_of="2026-06-01")
        self.assertEqual(d.outcome, "eligible")
        self.assertEqual(d.award, fractions.Fraction(200, 3))
        with self.assertRaises(elig.EligError) as e:
            d.award_yen
        self.assertEqual(e.exception.code, elig.VALUE)
        self.assertEqual(d.score, 15)
        self.assertTrue(d.score_complete)
        self.assertEqual(d.as_of, datetime.date(2026, 6, 1))
        d2 = self.program.evaluate(applicant(expenses=1_500_000), as_of=datetime.date(2026, 6, 1))
        self.assertEqual(d2.award_yen, 1_000_000)
        reqs = d2.rules("requirement", lang="ja")
        self.assertEqual(reqs[0], elig.Rule("in-gunma", "true", "群馬県内", "第3条"))
        self.assertEqual([r.result for r in d2.rules("exclusion")], ["false"])
        self.assertEqual([r.id for r in d2.rules("score")], ["first", "kurumin"])

    def test_missing_facts_and_input_issues(self):
        d = self.program.evaluate(applicant(employees=None, expenses=None), as_of="2026-06-01")
        self.assertEqual(d.outcome, "undetermined")
        self.assertEqual(d.missing, ["employees", "expenses"])
        self.assertIsNone(d.award)
        self.assertIsNone(d.award_yen)
        inp = self.program.input()
        inp.set_json('{"employees": "many", "prefecture": "群馬県"}')
        d = self.program.evaluate(inp, as_of="2026-06-01")
        self.assertEqual(d.input_issues, [elig.InputIssue("employees", "expected a whole number like `12` or `12人`, got `many`")])

    def test_each_mistake_has_its_code(self):
        inp = self.program.input()
        cases = [
            (lambda: inp.set_int("employes", 3), elig.UNKNOWN_FACT, "did you mean `employees`?"),
            (lambda: inp.set_text("employees", "3"), elig.TYPE, "elig_input_set_text takes"),
            (lambda: inp.set("employees", 2.5), elig.TYPE, "a float does not fit"),
            (lambda: inp.set_int("employees", -1), elig.VALUE, "must be at least 0"),
            (lambda: inp.set_date("founded", "2026-02-30"), elig.VALUE, "real calendar date"),
            (lambda: inp.set_text("industry", "farming"), elig.VALUE, "not one of"),
            (lambda: inp.set_json("{"), elig.JSON, "not valid JSON"),
            (lambda: inp.set_json('{"x": 1}', strict=True), elig.UNKNOWN_FACT, "no fact `x`"),
            (lambda: self.program.evaluate(inp, as_of="2026-13-01"), elig.VALUE, "not a real date"),
            (lambda: self.rules.program("no.such"), elig.NOTFOUND, "no.such"),
        ]
        for call, code, text in cases:
            with self.subTest(text=text):
                with self.assertRaises(elig.EligError) as e:
                    call()
                self.assertEqual(e.exception.code, code)
                self.assertIn(text, str(e.exception))

    def test_integers_past_64_bits_are_refused_not_wrapped(self):
        inp = self.program.input()
        for value in (2**64 + 5, 2**63, -(2**63) - 1, -(2**64)):
            with self.subTest(value=value):
                with self.assertRaises(elig.EligError) as e:
                    inp.set("expenses", value)
                self.assertEqual(e.exception.code, elig.VALUE)
                self.assertIn("64-bit", str(e.exception))
        with self.assertRaises(elig.EligError):
            inp.set_int("employees", 2**64 + 5)
        # Nothing was set: the fact is still unknown, not 5.
        d = self.program.evaluate(inp, as_of="2026-06-01")
        self.assertIn("expenses", d.missing)
        inp.set("expenses", 2**63 - 1)  # the largest one fits
        inp.set("expenses", 900_000)
        self.assertEqual(self.program.evaluate(applicant(), as_of="2026-06-01").award, 600_000)

    def test_nul_in_a_string_is_refused_before_the_library(self):
        inp = self.program.input()
        calls = [
            lambda: inp.set("prefecture", "群馬県\x00（実は東京都）"),
            lambda: inp.set_text("prefecture", "群馬県\x00"),
            lambda: inp.set_decimal("share", "0.1\x00"),
            lambda: inp.set_date("founded", "2010-05-01\x00x"),
            lambda: inp.set_list("certs", ["kurumin\x00"]),
            lambda: inp.set_text("prefecture\x00x", "群馬県"),
            lambda: inp.set_json('{"prefecture": "群馬県"}\x00{"employees": 99}'),
            lambda: self.program.evaluate(inp, as_of="2026-06-01\x00"),
            lambda: elig.Rules.from_texts({"p.yaml": PROGRAM + "\x00"}),
        ]
        for n, call in enumerate(calls):
            with self.subTest(call=n):
                with self.assertRaises(elig.EligError) as e:
                    call()
                self.assertEqual(e.exception.code, elig.VALUE)
                self.assertIn("NUL", str(e.exception))
        d = self.program.evaluate(inp, as_of="2026-06-01")
        self.assertIn("prefecture", d.missing)
        # A NUL escaped inside JSON reaches the library, which refuses the value.
        inp.set_json(json.dumps({"prefecture": "群馬県\x00（実は東京都）"}))
        d = self.program.evaluate(inp, as_of="2026-06-01")
        self.assertEqual([i.fact for i in d.input_issues], ["prefecture"])
        self.assertIn("NUL", d.input_issues[0].message)

    def test_json_limit_is_one_mebibyte_unless_raised(self):
        inp = self.program.input()
        big = json.dumps({"prefecture": "群馬県", "pad": "x" * (1024 * 1024)})
        with self.assertRaises(elig.EligError) as e:
            inp.set_json(big)
        self.assertEqual(e.exception.code, elig.JSON)
        self.assertIn("elig_input_set_json_limit", str(e.exception))
        inp.set_json_limit(4 * 1024 * 1024)
        inp.set_json(big)
        self.assertNotIn("prefecture", self.program.evaluate(inp, as_of="2026-06-01").missing)

    def test_input_of_another_program_is_misuse(self):
        rules = elig.Rules.from_texts({"p.yaml": PROGRAM, "q.yaml": PROGRAM.replace("test.py", "test.other")})
        inp = rules.program("test.py").input(applicant())
        with self.assertRaises(elig.EligError) as e:
            rules.program("test.other").evaluate(inp)
        self.assertEqual(e.exception.code, elig.MISUSE)

    def test_closed_handle_is_misuse_not_a_crash(self):
        inp = self.program.input()
        inp.close()
        inp.close()  # twice is harmless
        with self.assertRaises(elig.EligError) as e:
            inp.set_int("employees", 1)
        self.assertEqual(e.exception.code, elig.MISUSE)

    def test_rule_errors_carry_every_issue(self):
        broken = PROGRAM.replace("employees <= 20", "employes <= 20")
        with self.assertRaises(elig.RulesError) as e:
            elig.Rules.from_texts({"p.yaml": broken})
        self.assertEqual(e.exception.code, elig.RULES)
        issue = next(i for i in e.exception.issues if i.code == "unknown-name")
        self.assertEqual((issue.severity, issue.file, issue.line, issue.column), ("error", "p.yaml", 20, 11))
        rules = elig.Rules.from_texts({"p.yaml": broken, "ok.yaml": PROGRAM.replace("test.py", "test.ok")},
                                      allow_errors=True)
        self.assertEqual(rules.program_ids, ["test.ok"])
        self.assertIn("p.yaml:20:11: error[unknown-name]", rules.issues_text)
        with self.assertRaises(elig.EligError) as e:
            rules.program("test.py")
        self.assertEqual(e.exception.code, elig.RULES)
        with self.assertRaises(elig.RulesError) as e:
            elig.Rules.open_dir("/nonexistent/rules")
        self.assertEqual(e.exception.code, elig.IO)

    def test_evaluation_errors_in_either_language(self):
        overflow = PROGRAM.replace("award: expenses * 2/3", "award: expenses * 9_000_000_000 * 9_000_000_000")
        program = elig.Rules.from_texts({"p.yaml": overflow}).program("test.py")
        decision = program.evaluate({"expenses": 100}, as_of="2026-06-01")
        stored = "award: the product of 900,000,000,000 and 9,000,000,000 is out of range"
        self.assertEqual(decision.errors, [stored])
        self.assertEqual(decision.error_texts("en"), [stored])
        self.assertEqual(decision.error_texts("ja"), ["支給額: 900,000,000,000 と 9,000,000,000 の積が扱える範囲を超えています"])

    def test_threads_share_one_program(self):
        applicants = [applicant(employees=i % 30, expenses=i * 1000, exported=bool(i % 3)) for i in range(200)]
        expected = [self.program.evaluate(a, as_of="2026-06-01").json() for a in applicants]
        results = [None] * 4

        def work(t):
            inp = self.program.input()
            out = []
            for a in applicants:
                inp.clear()
                for k, v in a.items():
                    inp.set(k, v)
                out.append(self.program.evaluate(inp, as_of="2026-06-01").json())
            results[t] = out

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        for out in results:
            self.assertEqual(out, expected)

    def test_audit_log_keeps_each_audited_decision(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "audit.db")
            # Asking for an audit without a log is misuse; a log that cannot be made is IO.
            with self.assertRaises(elig.EligError) as e:
                self.program.evaluate(applicant(), as_of="2026-06-01", audit=True)
            self.assertEqual(e.exception.code, elig.MISUSE)
            with self.assertRaises(elig.EligError) as e:
                self.rules.audit_open(os.path.join(d, "no", "such", "dir", "audit.db"))
            self.assertEqual(e.exception.code, elig.IO)
            self.rules.audit_open(path, "en")
            # The JSON document's "id" is the applicant id the log records.
            doc = lambda id, **facts: json.dumps(dict(applicant(**facts), id=id), default=str)  # noqa: E731
            a = self.program.evaluate(doc("py-1"), as_of="2026-06-01", audit=True)
            self.program.evaluate(doc("py-2", employees=50), as_of="2026-06-01", audit=True, trace=False)
            self.program.evaluate(applicant(), as_of="2026-06-01")  # not audited
            with sqlite3.connect(path) as db:
                rows = db.execute("SELECT applicant_id, outcome, award, origin FROM audit ORDER BY id").fetchall()
            self.assertEqual(rows, [("py-1", "eligible", "600000", "api"), ("py-2", "ineligible", "0", "api")])
            self.assertEqual(a.award, fractions.Fraction(600000))
            binary = os.environ.get("ELIG_BINARY")
            if binary:
                done = subprocess.run([binary, "audit", "verify", path], capture_output=True, text=True)
                self.assertEqual(done.returncode, 0, done.stdout + done.stderr)


class CheckParityTest(unittest.TestCase):
    """Acceptance: the binding gives the same decision JSON as `elig check --format json`."""

    @unittest.skipUnless(os.environ.get("ELIG_BINARY"), "set ELIG_BINARY to the built `elig` to compare with it")
    def test_compact_json_as_elig_check_and_back(self):
        with open(APPLICANT, encoding="utf-8") as f:
            document = f.read()
        binary = os.environ["ELIG_BINARY"]
        with elig.Rules.open_dir(RULES) as rules, rules.program(PROGRAM_ID) as program:
            cli = subprocess.run([binary, "check", "--rules", RULES, "--program", PROGRAM_ID, "--applicant", APPLICANT,
                                  "--format", "compact"], capture_output=True, text=True, check=False)
            self.assertEqual(cli.returncode, 0, cli.stderr)
            decision = program.evaluate(program.input(document))
            compact = decision.compact_json()
            self.assertEqual(compact + "\n", cli.stdout)
            back = subprocess.run([binary, "explain", "--rules", RULES, "--format", "json"], input=compact,
                                  capture_output=True, text=True, check=False)
            self.assertEqual(back.returncode, 0, back.stderr)
            self.assertEqual(json.loads(back.stdout), decision.explanation("en"))

    @unittest.skipUnless(os.environ.get("ELIG_BINARY"), "set ELIG_BINARY to the built `elig` to compare with it")
    def test_same_json_as_elig_check(self):
        with open(APPLICANT, encoding="utf-8") as f:
            document = f.read()
        with elig.Rules.open_dir(RULES) as rules, rules.program(PROGRAM_ID) as program:
            for lang in ("en", "ja"):
                with self.subTest(lang=lang):
                    cli = subprocess.run([os.environ["ELIG_BINARY"], "check", "--rules", RULES, "--program", PROGRAM_ID,
                                          "--applicant", APPLICANT, "--format", "json", "--lang", lang],
                                         capture_output=True, text=True, check=False)
                    self.assertEqual(cli.returncode, 0, cli.stderr)
                    decision = program.evaluate(program.input(document))
                    self.assertEqual(decision.json(lang, pretty=True) + "\n", cli.stdout)
                    self.assertEqual(decision.explanation(lang), json.loads(cli.stdout))


if __name__ == "__main__":
    unittest.main()
