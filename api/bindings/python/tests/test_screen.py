# SPDX-License-Identifier: Apache-2.0
"""Screening, the next question, program metadata and limits through the package (run as
test_elig.py says)."""

import datetime
import fractions
import json
import os
import pickle
import subprocess
import unittest

import elig

SOURCE = os.environ.get("ELIG_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
RULES = os.path.join(SOURCE, "rules")
APPLICANT = os.path.join(SOURCE, "api", "examples", "gunma-maker.json")
BINARY = os.environ.get("ELIG_BINARY")

BIG = """program: test.big
version: "1"
title: { ja: 大きい補助金, en: A large grant }
window: 2026-04-01 .. 2027-03-31
themes: [export]
facts:
  prefecture: { type: text, ask: { ja: 都道府県, en: Prefecture } }
  employees: { type: int, min: 0, max: 1000, label: { ja: 従業員数, en: Employees } }
  expenses: { type: yen, min: 0 }
requirements:
  - id: in-gunma
    rule: prefecture == "群馬県"
  - id: small
    rule: employees <= 300
award: min(expenses, 1_000_000 yen)
"""
SMALL = """program: test.small
version: "1"
title: { ja: 小さい補助金, en: A small grant }
kind: grant
facts:
  employees: { type: int, min: 0 }
  expenses: { type: yen, min: 0 }
  size: { type: "enum[s, m]", labels: { s: { ja: 小, en: Small }, m: { ja: 中, en: Medium } } }
requirements:
  - id: tiny
    rule: employees <= 50 and size == "s"
award: min(expenses, 100_000 yen)
combine:
  not_with: [test.big]
"""


class ScreenTest(unittest.TestCase):
    def setUp(self):
        self.rules = elig.Rules.from_texts({"big.yaml": BIG, "small.yaml": SMALL})

    def tearDown(self):
        self.rules.close()

    def test_screening_applies_combining_and_names_what_is_missing(self):
        facts = {"prefecture": "群馬県", "employees": 10, "expenses": 500_000, "size": "s"}
        with self.rules.screen(facts, as_of="2026-06-01") as s:
            self.assertEqual(s.as_of, datetime.date(2026, 6, 1))
            big, small = s.results
            self.assertEqual((big.id, big.outcome, big.award, big.final_award), ("test.big", "eligible", 500_000, 500_000))
            self.assertEqual((small.outcome, small.award, small.final_award, small.combined), ("eligible", 100_000, 0, True))
            self.assertEqual(s.needed, [])
            decision = s.decision("test.small")
            self.assertEqual(decision.outcome, "eligible")
            self.assertEqual(decision.award, 100_000)
            self.assertEqual(s.explanation("en")["as_of"], "2026-06-01")
            with self.assertRaises(elig.EligError) as e:
                s.decision("test.none")
            self.assertEqual(e.exception.code, elig.NOTFOUND)
            with self.assertRaises(TypeError):
                pickle.dumps(s)
        with self.rules.screen({"employees": 10}, programs=["test.small"], as_of=datetime.date(2026, 6, 1)) as s:
            [small] = s.results
            self.assertEqual((small.outcome, small.missing), ("undetermined", ["size", "expenses"]))
            self.assertEqual(s.needed, ["size", "expenses"])
            self.assertEqual(pickle.loads(pickle.dumps(small)), small)  # results are plain values
        with self.rules.screen({}, theme="export", as_of="2026-06-01") as s:
            self.assertEqual([r.id for r in s.results], ["test.big"])

    def test_screening_errors_say_why(self):
        for kwargs, code, text in [({"programs": ["test.none"]}, elig.NOTFOUND, "test.none"),
                                   ({"theme": "nope"}, elig.VALUE, "not a theme"),
                                   ({"as_of": "2026-02-30"}, elig.VALUE, "not a real date")]:
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(elig.EligError) as e:
                    self.rules.screen({}, **kwargs)
                self.assertEqual(e.exception.code, code)
                self.assertIn(text, e.exception.message)
                with self.assertRaises(elig.EligError):
                    self.rules.ask({}, **kwargs)
        with self.assertRaises(TypeError):
            self.rules.screen({}, programs="test.big")
        with self.assertRaises(elig.EligError) as e:
            self.rules.input({"employees": 5000})  # test.big says at most 1000
        self.assertEqual(e.exception.code, elig.VALUE)
        with self.assertRaises(elig.EligError) as e:
            self.rules.input({"nope": 1})
        self.assertEqual(e.exception.code, elig.UNKNOWN_FACT)

    def test_ask_until_settled(self):
        answers = {"prefecture": "群馬県", "employees": 10, "expenses": 500_000, "size": "m"}
        applicant = self.rules.input()
        asked = []
        while True:
            q = self.rules.ask(applicant, as_of="2026-06-01")
            if q is None:
                break
            self.assertIn(q.fact, answers)
            self.assertNotIn(q.fact, asked)
            self.assertEqual(q.declaration.name, q.fact)
            self.assertTrue(q.programs)
            self.assertEqual(pickle.loads(pickle.dumps(q)), q)
            if q.fact == "prefecture":
                self.assertEqual((q.text_ja, q.text_en), ("都道府県", "Prefecture"))
            if q.fact == "size":
                self.assertEqual(q.declaration.choice_labels,
                                 [elig.Choice("s", "小", "Small"), elig.Choice("m", "中", "Medium")])
                self.assertEqual(q.text_en, "size")  # no `ask:`: the fact's name
            asked.append(q.fact)
            applicant.set(q.fact, answers[q.fact])
        self.assertEqual(set(asked), set(answers))
        self.assertEqual(self.rules.screen(applicant, as_of="2026-06-01").needed, [])
        # A fact the applicant does not know (None) is not asked again.
        q = self.rules.ask('{"prefecture": null}', as_of="2026-06-01")
        self.assertIsNotNone(q)
        self.assertNotEqual(q.fact, "prefecture")

    def test_ask_a_checklist(self):
        # A program's yes/no questions come together; each item is answered True or False.
        with elig.Rules.open_dir(RULES) as rules:
            business = {"legal_form": "(株)", "city": "高崎市", "industry": "製造", "capital": "1,000万円"}
            q = rules.ask(json.dumps(business), theme="trade-fair", as_of="2025-10-15")
            self.assertIsNotNone(q)
            self.assertTrue(q.checklist)
            self.assertEqual(q.text_ja, "次のうち、当てはまるものをすべて選んでください")
            self.assertEqual(q.fact, q.items[0].fact)
            facts = [item.fact for item in q.items]
            self.assertIn("city_tax_arrears", facts)
            for item in q.items:
                self.assertFalse(item.statement_ja.endswith("か"))
                self.assertFalse(item.statement_en.endswith("?"))
            open_still = {f: f in ("exhibits_alone", "fair_public_backing") for f in facts}  # still eligible
            after = rules.ask(json.dumps({**business, **open_still}), theme="trade-fair", as_of="2025-10-15")
            self.assertIsNotNone(after)
            self.assertNotIn(after.fact, facts)
            single = rules.ask("{}", as_of="2025-10-15")
            self.assertFalse(single.checklist)
            self.assertEqual(single.items, [elig.ChecklistItem(single.fact, single.text_ja, single.text_en)])

    def test_program_metadata_and_facts(self):
        big, small = self.rules.program("test.big"), self.rules.program("test.small")
        self.assertEqual(small.kind, "grant")
        self.assertEqual(big.kind, "")
        self.assertEqual(big.window, elig.Window(datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)))
        self.assertEqual(small.window, elig.Window(None, None))  # no window: always open
        self.assertTrue(small.open_on("2099-01-01"))
        self.assertTrue(big.open_on("2026-04-01"))
        self.assertFalse(big.open_on(datetime.date(2027, 4, 1)))
        with self.assertRaises(elig.EligError) as e:
            big.open_on("2027-02-30")
        self.assertEqual(e.exception.code, elig.VALUE)
        self.assertEqual([t.id for t in big.themes], ["export"])
        self.assertEqual(small.themes, [])
        self.assertIsNone(big.apply())
        employees = {f.name: f for f in big.facts}["employees"]
        self.assertEqual((employees.min, employees.max), (0, 1000))
        self.assertEqual((employees.label_ja, employees.label_en), ("従業員数", "Employees"))
        expenses = {f.name: f for f in big.facts}["expenses"]
        self.assertEqual((expenses.min, expenses.max), (0, None))

    def test_limits(self):
        limits = self.rules.limits
        self.assertEqual(len(limits), 9)
        self.assertEqual(limits["max_expr_depth"], 64)
        self.assertTrue(all(isinstance(v, int) and v > 0 for v in limits.values()))


class ShippedRulesTest(unittest.TestCase):
    def setUp(self):
        self.rules = elig.Rules.open_dir(RULES)

    def tearDown(self):
        self.rules.close()

    def test_apply_of_a_shipped_program(self):
        program = self.rules.program("gunma.trade-fair-sample")
        apply = program.apply("ja")
        self.assertIsNotNone(apply)
        self.assertEqual(apply.where, "群馬県 産業経済部（サンプル）")
        self.assertEqual(apply.documents, ["交付申請書"])
        self.assertEqual(apply.deadlines, [elig.Deadline("募集期間の終わり", "2027-03-31")])
        self.assertEqual(program.apply("en").how, "Send the application to the prefecture (sample)")
        self.assertEqual([t.id for t in program.themes], ["trade-fair", "export"])
        share = {f.name: f for f in program.facts}["large_owner_share"]
        self.assertEqual((share.min, share.max), (fractions.Fraction(0), fractions.Fraction(1)))

    @unittest.skipIf(not BINARY, "ELIG_BINARY is not set: no `elig match` to compare with")
    def test_screening_json_is_elig_match(self):
        with open(APPLICANT, encoding="utf-8") as f:
            document = f.read()
        for lang in ("ja", "en"):
            cli = subprocess.run([BINARY, "match", "--rules", RULES, "--applicant", APPLICANT, "--format", "json",
                                  "--lang", lang], capture_output=True, text=True).stdout
            with self.rules.screen(document) as s:
                self.assertEqual(s.json(lang), cli)
                self.assertEqual(json.loads(cli)["applicant"] if "applicant" in json.loads(cli) else None,
                                 s.explanation(lang).get("applicant"))


if __name__ == "__main__":
    unittest.main()
