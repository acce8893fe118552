// SPDX-License-Identifier: Apache-2.0
#include "io/testfile.hpp"

#include <algorithm>
#include <filesystem>

#include "common/diagnose.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "syntax/doc.hpp"

namespace elig {
namespace fs = std::filesystem;

namespace {

template <class... Args>
Diagnostic Err(const SourceFile& f, const DocNode& n, std::string code, Msg id, const Args&... args) {
  return Diagnose(Severity::kError, std::move(code), NodeLoc(f, n), id, args...);
}

std::optional<std::set<std::string>> StringSet(const SourceFile& f, const DocNode& n, std::vector<Diagnostic>& diags) {
  std::set<std::string> out;
  if (n.IsNull()) return out;
  if (!n.IsSeq()) {
    diags.push_back(Err(f, n, "expected-list", Msg::kTestExpectedList));
    return std::nullopt;
  }
  for (const auto& item : n.items) {
    if (!item.IsScalar()) {
      diags.push_back(Err(f, item, "expected-text", Msg::kTestExpectedName));
      return std::nullopt;
    }
    out.insert(item.scalar);
  }
  return out;
}

std::string Join(const std::set<std::string>& s) {
  std::string out = "[";
  for (const auto& x : s) out += (out.size() > 1 ? ", " : "") + x;
  return out + "]";
}

}  // namespace

bool LoadTestFile(const SourceFile& file, TestFile& out, std::vector<Diagnostic>& diags) {
  DocNode root;
  if (!ParseDoc(file, root, diags)) return false;
  out.path = file.path();
  size_t before = diags.size();
  if (!root.IsMap()) {
    diags.push_back(Err(file, root, "expected-map", Msg::kTestNotMap));
    return false;
  }
  for (const auto& [k, v] : root.entries) {
    if (!k.IsScalar() || (k.scalar != "program" && k.scalar != "cases" && k.scalar != "note"))
      diags.push_back(Err(file, k, "unknown-key", Msg::kTestUnknownTopKey));
  }
  const DocNode* program = root.Get("program");
  if (!program || !program->IsScalar()) {
    diags.push_back(Err(file, root, "missing-key", Msg::kTestNeedsProgram));
    return false;
  }
  out.program = program->scalar;
  out.program_loc = file.Loc(program->offset, program->scalar.size());
  const DocNode* cases = root.Get("cases");
  if (!cases || !cases->IsSeq()) {
    diags.push_back(Err(file, cases ? *cases : root, "missing-key", Msg::kTestNeedsCases));
    return false;
  }
  for (const auto& c : cases->items) {
    if (!c.IsMap()) {
      diags.push_back(Err(file, c, "expected-map", Msg::kTestCaseNotMap));
      continue;
    }
    TestCase tc;
    tc.loc = file.Loc(c.offset, 1);
    for (const auto& [k, v] : c.entries) {
      const std::string key = k.IsScalar() ? k.scalar : "";
      if (key == "name") {
        tc.name = v.IsScalar() ? v.scalar : "";
      } else if (key == "as_of") {
        tc.as_of = v.IsScalar() ? ParseDate(v.scalar) : std::nullopt;
        if (!tc.as_of) diags.push_back(Err(file, v, "bad-date", Msg::kApplicantBadAsOf, fmt::arg("example", "`2026-06-01`")));
      } else if (key == "facts") {
        if (v.IsNull()) continue;
        ApplicantFromDoc(file, v, tc.applicant, diags);
      } else if (key == "expect") {
        if (!v.IsMap()) {
          diags.push_back(Err(file, v, "expected-map", Msg::kTestExpectNotMap));
          continue;
        }
        for (const auto& [ek, ev] : v.entries) {
          const std::string e = ek.IsScalar() ? ek.scalar : "";
          if (e == "outcome") {
            static const std::set<std::string> kOutcomes = {"eligible", "ineligible", "undetermined", "closed"};
            if (!ev.IsScalar() || !kOutcomes.count(ev.scalar))
              diags.push_back(Err(file, ev, "bad-value", Msg::kTestBadOutcome));
            else
              tc.expect.outcome = ev.scalar;
          } else if (e == "score") {
            tc.expect.score = ev.IsScalar() ? Rational::Parse(ev.scalar) : std::nullopt;
            if (!tc.expect.score) diags.push_back(Err(file, ev, "bad-number", Msg::kTestBadScore));
          } else if (e == "award") {
            if (ev.IsScalar() && (ev.scalar == "none" || ev.scalar == "null" || ev.scalar == "~")) {
              tc.expect.award = "none";
            } else {
              auto r = ev.IsScalar() ? ParseYen(ev.scalar) : std::nullopt;
              if (!r) diags.push_back(Err(file, ev, "bad-number", Msg::kTestBadAward));
              else tc.expect.award = r->ToString();
            }
          } else if (e == "failed") {
            tc.expect.failed = StringSet(file, ev, diags);
          } else if (e == "missing") {
            tc.expect.missing = StringSet(file, ev, diags);
          } else {
            diags.push_back(Err(file, ek, "unknown-key", Msg::kTestUnknownExpectation, fmt::arg("key", e)));
          }
        }
      } else if (key != "note") {
        diags.push_back(Err(file, k, "unknown-key", Msg::kTestUnknownCaseKey, fmt::arg("key", key)));
      }
    }
    if (tc.name.empty()) diags.push_back(Err(file, c, "missing-key", Msg::kTestCaseNeedsName));
    // A case that expects nothing would pass whatever elig decides.
    const DocNode* expect = c.Get("expect");
    if (!expect)
      diags.push_back(Err(file, c, "missing-key", Msg::kTestCaseNeedsExpect));
    else if (expect->IsMap() && expect->entries.empty())
      diags.push_back(Err(file, *expect, "missing-key", Msg::kTestExpectEmpty));
    tc.applicant.id = tc.name;
    out.cases.push_back(std::move(tc));
  }
  return diags.size() == before;
}

void Coverage::Record(const Decision& d) {
  auto& prog = seen[d.program->id];
  auto note = [&](const RuleResult& r) {
    auto& s = prog[r.rule->id];
    if (r.result == Tri::kTrue) s.first = true;
    if (r.result == Tri::kFalse) s.second = true;
  };
  for (const auto& r : d.requirements) note(r);
  for (const auto& r : d.exclusions) note(r);
  for (const auto& r : d.scoring) note(r);
}

std::vector<CoverageGap> Coverage::Gaps(const RuleSet& rules) const {
  std::vector<CoverageGap> out;
  for (const auto& p : rules.programs()) {
    auto it = seen.find(p->id);
    auto check = [&](const CompiledRule& r) {
      std::pair<bool, bool> s{false, false};
      if (it != seen.end())
        if (auto jt = it->second.find(r.id); jt != it->second.end()) s = jt->second;
      if (s.first && s.second) return;
      out.push_back(CoverageGap{p->id, r.id, s.first, s.second});
    };
    for (const auto& r : p->requirements) check(r);
    for (const auto& r : p->exclusions) check(r);
    for (const auto& r : p->scoring) check(r);
  }
  return out;
}

std::string ExpectedText(const TestExpect& e) {
  std::string s;
  auto add = [&](const std::string& x) { s += (s.empty() ? "" : ", ") + x; };
  if (e.outcome) add("outcome " + *e.outcome);
  if (e.score) add("score " + e.score->ToString());
  if (e.award) add("award " + *e.award);
  if (e.failed) add("failed " + Join(*e.failed));
  if (e.missing) add("missing " + Join(*e.missing));
  return s;
}

std::string ActualText(const TestActual& a, const TestExpect& e) {
  std::string s = "outcome " + a.outcome + ", score " + a.score + ", award " + a.award;
  if (e.failed) s += ", failed " + Join(a.failed);
  if (e.missing) s += ", missing " + Join(a.missing);
  return s;
}

namespace {

TestActual ActualOf(const CompiledProgram& prog, const Decision& d) {
  TestActual a;
  a.outcome = OutcomeName(d.outcome);
  a.score = d.score.ToString();
  a.award = d.award ? d.award->ToString() : "none";
  for (const auto& rr : d.requirements)
    if (rr.result == Tri::kFalse) a.failed.insert(rr.rule->id);
  for (const auto& rr : d.exclusions)
    if (rr.result == Tri::kTrue) a.failed.insert(rr.rule->id);
  for (uint32_t f : d.missing) a.missing.insert(prog.facts[f].name);
  return a;
}

// The case's expectations against the decision.
CaseResult Judge(const CompiledProgram& prog, const TestCase& tc, const FactValues& facts, const Decision& d, Lang lang) {
  CaseResult r;
  r.test = &tc;
  r.actual = ActualOf(prog, d);
  const TestExpect& e = tc.expect;
  const TestActual& a = r.actual;
  auto mismatch = [&](const char* key, const std::string& expected, const std::string& got) {
    r.mismatches.push_back(SayBoth(Msg::kTestMismatch, fmt::arg("key", key), fmt::arg("expected", expected), fmt::arg("got", got)));
  };
  for (const auto& issue : facts.issues)
    r.mismatches.push_back(SayBoth(Msg::kTestInputIssue, fmt::arg("fact", issue.fact), fmt::arg("message", issue.message)));
  for (const auto& raw : tc.applicant.facts)
    if (prog.FindFact(raw.name) < 0) r.mismatches.push_back(SayBoth(Msg::kTestInputNoFact, fmt::arg("fact", raw.name)));
  if (e.outcome && *e.outcome != a.outcome) mismatch("outcome", *e.outcome, a.outcome);
  if (e.score && !(*e.score == d.score)) mismatch("score", e.score->ToString(), a.score);
  if (e.award && *e.award != a.award) mismatch("award", *e.award, a.award);
  if (e.failed && *e.failed != a.failed) mismatch("failed", Join(*e.failed), Join(a.failed));
  if (e.missing && *e.missing != a.missing) mismatch("missing", Join(*e.missing), Join(a.missing));
  r.passed = r.mismatches.empty();
  if (!r.passed) {
    TextOptions to;
    to.lang = lang;
    r.explanation = RenderText(d, to);
  }
  return r;
}

}  // namespace

std::vector<CaseResult> RunTestFile(const RuleSet& rules, const TestFile& file, std::vector<Diagnostic>& diags,
                                    Coverage* coverage, Lang lang) {
  std::vector<CaseResult> results;
  const CompiledProgram* prog = rules.Find(file.program);
  if (!prog) {
    Diagnostic d;
    d.code = "unknown-program";
    d.message = SayBoth(Msg::kTestNoProgram, fmt::arg("id", file.program));
    d.loc = file.program_loc;
    diags.push_back(std::move(d));
    return results;
  }
  for (const auto& tc : file.cases) {
    FactValues facts = Bind(*prog, tc.applicant);
    EvalOptions o;
    o.as_of = tc.as_of ? *tc.as_of : (tc.applicant.as_of ? *tc.applicant.as_of : Today());
    Decision d = Decide(*prog, facts, o);
    if (coverage) coverage->Record(d);
    results.push_back(Judge(*prog, tc, facts, d, lang));
  }
  return results;
}

std::vector<std::string> FindTestFiles(const std::string& path) {
  std::vector<std::string> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 10 && name.compare(name.size() - 10, 10, ".test.yaml") == 0) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace elig
