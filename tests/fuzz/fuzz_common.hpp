// SPDX-License-Identifier: Apache-2.0
// Shared by the fuzz targets: a program that declares a fact of every type, and
// one routine that takes a bound applicant through every later stage (decide on
// the traced and the fast paths, render ja/en text and JSON) and aborts when the
// paths disagree, so a silent wrong answer is a finding like a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "explain/explain.hpp"

namespace elig::fuzz {

inline const char* const kModule = R"yaml(module: m
facts:
  industry:
    type: enum[manufacturing, retail, service, 製造業, other]
  capital: { type: yen, min: 0 }
tables:
  limits:
    key: industry
    rows:
      retail: { capital: 50_000_000 yen, people: 50 }
      製造業: { capital: 300_000_000 yen, people: 300 }
    default: { capital: 100_000_000 yen, people: 100 }
define:
  small_capital: capital <= limits[industry].capital
)yaml";

inline const char* const kProgram = R"yaml(program: fuzz.all-types
version: "1"
title: { ja: 全型, en: All types }
window: 2026-04-01 .. 2027-03-31
use: [common/m]
facts:
  flag: bool
  employees: { type: int, min: 0, max: 1_000_000 }
  share: decimal
  expenses: yen
  prefecture: text
  founded: date
  certs: list[enum[kurumin, eruboshi, 認定]]
  counts: list[int]
  names: list[text]
  amounts: list[yen]
parameters:
  cap: { 2025-04-01: 500_000 yen, 2026-04-01: 1_000_000 yen }
  rate: 2/3
define:
  years: years_between(founded, as_of)
  small: employees <= m.limits[industry].people or m.small_capital
requirements:
  - id: pref
    rule: prefecture == "群馬県" or prefecture in ["東京都", "栃木県"]
  - id: small
    rule: small
  - id: age
    rule: years >= 1 and founded + 30 < as_of
  - id: share
    rule: share between 0 and 1
exclusions:
  - id: big
    rule: share > 50% and not flag
  - id: many
    rule: len(names) > 3 or sum(counts) > 100 or len(prefecture) > 100
score_groups:
  g: { max_items: 1 }
scoring:
  - id: s1
    points: 10
    when: '"kurumin" in certs'
    group: g
  - id: s2
    points: 5
    when: '"認定" in certs'
    group: g
  - id: s3
    points: 3
    when: any([flag, len(certs) > 0, count([flag, small]) == 2])
  - id: s4
    points: 1/3
    when: sum(amounts) >= 1 yen
award: min(floor(expenses * rate), cap, max(amounts)) + round(abs(-expenses) / 3) - ceil(expenses / 7)
)yaml";

// Compiled once per process: the fuzzers mutate applicants, not this program.
inline const RuleSet& FixedRules() {
  static std::unique_ptr<RuleSet> rules = [] {
    auto rs = RuleSet::LoadTexts({{"common/m.yaml", kModule}, {"p.yaml", kProgram}});
    if (!rs->ok() || rs->programs().empty()) {
      std::fprintf(stderr, "fuzz: the fixed program does not compile:\n%s\n",
                   RenderAll(rs->diagnostics(), &rs->sources()).c_str());
      std::abort();
    }
    return rs;
  }();
  return *rules;
}

inline void Disagree(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "fuzz: the evaluation paths disagree on %s: %s vs %s\n", what, a.c_str(), b.c_str());
  std::abort();
}

inline std::string AwardText(const std::optional<Rational>& a) { return a ? a->ToString() : "none"; }

// Decides on both paths, compares them, and renders the decision every way.
inline void Exercise(const CompiledProgram& prog, const FactValues& facts, Date as_of) {
  EvalOptions traced;
  traced.as_of = as_of;
  Decision d = Decide(prog, facts, traced);
  EvalOptions plain = traced;
  plain.trace = false;
  Decision u = Decide(prog, facts, plain);
  EvalContext ctx;
  FastDecision f = DecideFast(prog, facts.values.data(), as_of, ctx);
  if (d.outcome != u.outcome) Disagree("the outcome (traced / untraced)", OutcomeName(d.outcome), OutcomeName(u.outcome));
  if (d.outcome != f.outcome) Disagree("the outcome (traced / fast)", OutcomeName(d.outcome), OutcomeName(f.outcome));
  if (!(d.score == u.score) || !(d.score == f.score)) Disagree("the score", d.score.ToString(), f.score.ToString());
  if (AwardText(d.award) != AwardText(u.award) || AwardText(d.award) != AwardText(f.award))
    Disagree("the award", AwardText(d.award), AwardText(f.award));
  // Over the facts packed: the packed plan's machine code, or its loops, or DecideFast.
  std::vector<int64_t> row(PackedWidth(prog));
  PackFacts(prog, facts.values.data(), row.data());
  FastDecision pf = DecidePacked(prog, row.data(), facts.values.data(), as_of, ctx);
  if (pf.outcome != f.outcome) Disagree("the outcome (fast / packed)", OutcomeName(f.outcome), OutcomeName(pf.outcome));
  if (!(pf.score == f.score) || AwardText(pf.award) != AwardText(f.award) || pf.error != f.error)
    Disagree("the score, award or error (fast / packed)", f.score.ToString() + " " + AwardText(f.award),
             pf.score.ToString() + " " + AwardText(pf.award));
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    TextOptions to;
    to.lang = lang;
    (void)RenderText(d, to);
    to.verbose = false;
    (void)RenderText(d, to);
    (void)RenderJson(d, lang, lang == Lang::kJa);
  }
  // The compact JSON reads back to the same decision.
  const std::string compact = RenderCompactJson(d);
  CompactDecision back;
  std::string error;
  if (!ReadCompactJson(prog, compact, back, error)) Disagree("reading the compact JSON back", compact, error);
  for (Lang lang : {Lang::kJa, Lang::kEn})
    if (RenderJson(back.decision, lang) != RenderJson(d, lang))
      Disagree("the full JSON of the compact JSON read back", RenderJson(back.decision, lang), RenderJson(d, lang));
}

}  // namespace elig::fuzz
