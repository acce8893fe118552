// SPDX-License-Identifier: Apache-2.0
// Helpers for tests: build a one-program rule set in memory and decide.
#pragma once

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/source.hpp"
#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "explain/explain.hpp"
#include "io/testfile.hpp"

namespace elig::test {

// A file's bytes ("" when it cannot be read).
inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every case of every test file shipped under rules/, with its program (the shipped rule set,
// loaded once per call). Returns how many cases there were.
inline size_t ForEachShippedCase(const std::function<void(const CompiledProgram&, const TestCase&, const std::string& path)>& fn) {
  const std::string root = std::string(ELIG_SOURCE_DIR) + "/rules";
  auto rules = RuleSet::LoadDir(root);
  if (!rules->ok()) throw std::runtime_error("the shipped rules do not load");
  SourceSet sources;
  size_t n = 0;
  for (const auto& path : FindTestFiles(root)) {
    TestFile tf;
    std::vector<Diagnostic> diags;
    if (!LoadTestFile(sources.Add(path, Slurp(path)), tf, diags)) throw std::runtime_error(path + " does not load");
    const CompiledProgram* p = rules->Find(tf.program);
    if (!p) throw std::runtime_error(path + " tests a program that is not shipped");
    for (const auto& c : tf.cases) {
      fn(*p, c, path);
      ++n;
    }
  }
  return n;
}

struct Summary {
  std::string outcome;
  std::string score;
  std::string award;  // "none" when not determinable
  std::vector<std::string> failed;   // requirement ids that failed / exclusions that applied
  std::vector<std::string> missing;  // fact names
  std::vector<std::string> issues;   // "fact: message"
  std::vector<std::string> errors;
};

// `s` written `n` times.
inline std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

inline Applicant MakeApplicant(const std::map<std::string, std::string>& facts) {
  Applicant a;
  a.id = "test";
  for (const auto& [k, v] : facts) {
    RawFact f;
    f.name = k;
    f.value.type = RawValue::Type::kScalar;
    f.value.text = v;
    a.facts.push_back(std::move(f));
  }
  return a;
}

class Program {
 public:
  explicit Program(const std::string& text, std::map<std::string, std::string> extra = {}) {
    extra["p.yaml"] = text;
    rules_ = RuleSet::LoadTexts(extra);
    if (!rules_->ok() || rules_->programs().empty())
      throw std::runtime_error("test program does not compile:\n" + RenderAll(rules_->diagnostics(), &rules_->sources()));
    prog_ = rules_->programs().front().get();
  }

  Decision Raw(const std::map<std::string, std::string>& facts, const std::string& as_of = "2026-06-01",
               FactValues* keep = nullptr) const {
    facts_ = Bind(*prog_, MakeApplicant(facts));
    EvalOptions o;
    o.as_of = *ParseDate(as_of);
    Decision d = elig::Decide(*prog_, facts_, o);
    if (keep) *keep = facts_;
    return d;
  }

  Summary Decide(const std::map<std::string, std::string>& facts, const std::string& as_of = "2026-06-01") const {
    Decision d = Raw(facts, as_of);
    Summary s;
    s.outcome = OutcomeName(d.outcome);
    s.score = d.score.ToString();
    s.award = d.award ? d.award->ToString() : "none";
    for (const auto& r : d.requirements)
      if (r.result == Tri::kFalse) s.failed.push_back(r.rule->id);
    for (const auto& r : d.exclusions)
      if (r.result == Tri::kTrue) s.failed.push_back(r.rule->id);
    for (uint32_t f : d.missing) s.missing.push_back(prog_->facts[f].name);
    for (const auto& i : d.input_issues) s.issues.push_back(i.fact + ": " + i.message.en);
    s.errors = d.errors;
    return s;
  }

  Summary DecideFast(const std::map<std::string, std::string>& facts, const std::string& as_of = "2026-06-01") const {
    FactValues fv = Bind(*prog_, MakeApplicant(facts));
    EvalContext ctx;
    FastDecision d = elig::DecideFast(*prog_, fv.values.data(), *ParseDate(as_of), ctx);
    Summary s;
    s.outcome = OutcomeName(d.outcome);
    s.score = d.score.ToString();
    s.award = d.award ? d.award->ToString() : "none";
    return s;
  }

  std::string Outcome(const std::map<std::string, std::string>& facts, const std::string& as_of = "2026-06-01") const {
    return Decide(facts, as_of).outcome;
  }
  std::string Award(const std::map<std::string, std::string>& facts, const std::string& as_of = "2026-06-01") const {
    return Decide(facts, as_of).award;
  }
  std::string Text(const std::map<std::string, std::string>& facts, Lang lang, const std::string& as_of = "2026-06-01") const {
    TextOptions o;
    o.lang = lang;
    return RenderText(Raw(facts, as_of), o);
  }
  std::string Json(const std::map<std::string, std::string>& facts, const std::string& as_of = "2026-06-01") const {
    return RenderJson(Raw(facts, as_of), Lang::kEn);
  }
  const CompiledProgram& compiled() const { return *prog_; }

 private:
  std::unique_ptr<RuleSet> rules_;
  const CompiledProgram* prog_ = nullptr;
  mutable FactValues facts_;  // the last decision's facts (decisions point into them)
};

}  // namespace elig::test
