// SPDX-License-Identifier: Apache-2.0
// W1 on the engine: bench/w1/w1.yaml compiled, and generated applicants bound to
// it, checked against the hand-written baseline before anything is measured.
#pragma once

#include <cstdlib>
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "w1.hpp"

namespace w1 {

inline elig::Applicant ToApplicant(uint64_t index, const Applicant& a) {
  elig::Applicant out;
  out.id = Id(index);
  auto add = [&](const char* name, std::string text) {
    elig::RawFact f;
    f.name = name;
    f.value.type = elig::RawValue::Type::kScalar;
    f.value.text = std::move(text);
    out.facts.push_back(std::move(f));
  };
  add("industry", kIndustryNames[static_cast<size_t>(a.industry)]);
  add("capital", std::to_string(a.capital));
  add("employees", std::to_string(a.employees));
  add("prefecture", kPrefectures[a.prefecture]);
  add("years_in_business", std::to_string(a.years_in_business));
  add("exported_before", a.exported_before ? "true" : "false");
  add("taxable_income_avg", std::to_string(a.taxable_income_avg));
  add("large_owner_share", ShareText(a.share_pct));
  add("expenses", std::to_string(a.expenses));
  return out;
}

// True when the engine's fast decision is the baseline's.
inline bool Agrees(const Result& want, const elig::FastDecision& got) {
  return got.outcome == (want.eligible ? elig::Outcome::kEligible : elig::Outcome::kIneligible) &&
         got.score == elig::Rational(want.score) && got.award && *got.award == elig::Rational(want.award) && !got.error;
}

struct Workload {
  std::unique_ptr<elig::RuleSet> rules;
  const elig::CompiledProgram* program = nullptr;
  std::vector<Applicant> plain;
  std::vector<elig::FactValues> facts;  // reserved up front: values point into each one's storage
  elig::Date as_of = *elig::ParseDate("2026-06-01");

  // `verify`: abort on an applicant the engine decides differently from the baseline
  // (the benchmarks do; the tests check it themselves and name the applicant).
  Workload(const std::string& rules_dir, uint64_t n, uint64_t seed, bool verify = true) {
    rules = elig::RuleSet::LoadDir(rules_dir);
    if (!rules->ok() || !rules->Find("bench.w1")) {
      std::cerr << elig::RenderAll(rules->diagnostics(), &rules->sources());
      std::abort();
    }
    program = rules->Find("bench.w1");
    plain.reserve(n);
    facts.reserve(n);
    elig::EvalContext ctx;
    for (uint64_t i = 0; i < n; ++i) {
      plain.push_back(Generate(seed, i));
      facts.push_back(elig::Bind(*program, ToApplicant(i, plain.back())));
      // A benchmark of a wrong engine measures nothing: agree with the baseline first.
      if (!verify) continue;
      elig::FastDecision got = elig::DecideFast(*program, facts.back().values.data(), as_of, ctx);
      if (!Agrees(Decide(plain.back()), got) || !facts.back().issues.empty()) {
        std::cerr << "w1: the engine disagrees with the baseline on applicant " << i << "\n";
        std::abort();
      }
    }
  }
};

// The same applicants held in memory both ways, for the 1,000,000-applicant pair: `plain` as
// the baseline's structs, `values` as the engine's bound facts, one flat array of
// program.facts.size() Values an applicant (applicant i at values[i * stride]). Each applicant is
// bound by elig::Bind as any input is; a text value then points at one shared copy of its
// text (`texts`), as the baseline holds the prefecture as a small index, so neither side
// pays for per-applicant strings.
// `rows` holds the same facts packed for the program (elig::PackFacts, `width` words an
// applicant), which DecidePacked reads instead of the Values whenever they are all plain.
struct InMemory {
  std::vector<Applicant> plain;
  std::vector<elig::Value> values;
  std::vector<int64_t> rows;
  std::deque<std::string> texts;
  size_t stride = 0, width = 0;

  // `verify`: abort on an applicant the engine decides differently from the baseline.
  InMemory(const Workload& w, uint64_t n, uint64_t seed, bool verify = true) {
    const elig::CompiledProgram& program = *w.program;
    stride = program.facts.size();
    width = elig::PackedWidth(program);
    plain.reserve(n);
    values.reserve(n * stride);
    rows.resize(n * width);
    for (uint64_t i = 0; i < n; ++i) {
      plain.push_back(Generate(seed, i));
      elig::FactValues bound = elig::Bind(program, ToApplicant(i, plain.back()));
      if (!bound.issues.empty()) Fail("an input issue", i);
      for (elig::Value v : bound.values) {
        if (v.kind == elig::VKind::kList || v.kind == elig::VKind::kRecord) Fail("a list fact", i);
        if (v.kind == elig::VKind::kText) v.text = Intern(*v.text);
        values.push_back(v);
      }
      elig::PackFacts(program, Facts(i), rows.data() + i * width);
    }
    if (!verify) return;
    elig::EvalContext ctx;
    for (uint64_t i = 0; i < n; ++i)
      if (!Agrees(Decide(plain[i]), elig::DecideFast(program, Facts(i), w.as_of, ctx)) ||
          !Agrees(Decide(plain[i]), elig::DecidePacked(program, Row(i), Facts(i), w.as_of, ctx)))
        Fail("a decision other than the baseline's", i);
  }
  const elig::Value* Facts(uint64_t i) const { return values.data() + i * stride; }
  const int64_t* Row(uint64_t i) const { return rows.data() + i * width; }

 private:
  const std::string* Intern(const std::string& text) {
    for (const std::string& t : texts)
      if (t == text) return &t;
    return &texts.emplace_back(text);
  }
  [[noreturn]] static void Fail(const char* what, uint64_t i) {
    std::cerr << "w1: " << what << " on applicant " << i << "\n";
    std::abort();
  }
};

}  // namespace w1
