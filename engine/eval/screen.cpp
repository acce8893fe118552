// SPDX-License-Identifier: Apache-2.0
#include "eval/screen.hpp"

#include <algorithm>

namespace elig {
namespace {

// Whether the fast path's answer leaves something a decision would say: the facts still
// needed (as Decide gives them: undetermined, or eligible with an award formula that
// cannot be worked out yet), or an evaluation error.
bool NeedsDecision(const CompiledProgram& p, const FastDecision& f) {
  return f.error || f.outcome == Outcome::kUndetermined ||
         (f.outcome == Outcome::kEligible && !f.award && p.award >= 0);
}

void FromDecision(ProgramScreening& ps) {
  const Decision& d = ps.decision;
  ps.outcome = d.outcome;
  ps.score = d.score;
  ps.award = d.award;
  ps.missing = d.missing;
  ps.errors = d.errors;
}

void ScreenOne(const CompiledProgram& p, const FactValues& facts, const ScreenOptions& options, EvalContext& ctx,
               ProgramScreening& ps) {
  ps.program = &p;
  ps.combined = CombinedView();
  EvalOptions eo;
  eo.as_of = options.as_of;
  if (options.path != ScreenPath::kFast) {
    eo.trace = options.path == ScreenPath::kReasons;
    Decide(p, facts, eo, ps.decision);
    ps.decided = true;
    FromDecision(ps);
    return;
  }
  FastDecision f = DecideFast(p, facts.values.data(), options.as_of, ctx);
  ps.decided = NeedsDecision(p, f);
  if (ps.decided) {
    eo.trace = false;
    Decide(p, facts, eo, ps.decision);
    FromDecision(ps);
    return;
  }
  ps.outcome = f.outcome;
  ps.score = f.score;
  ps.award = f.award;
  ps.missing.clear();
  ps.errors.clear();
}

// 併給制限 over the programs screened: each one's combined view and final award.
void CombineAll(const FactValues* bound, Date as_of, std::vector<ProgramScreening>& ps) {
  std::vector<CombineInput> in(ps.size());
  for (size_t k = 0; k < ps.size(); ++k) {
    in[k].program = ps[k].program;
    in[k].outcome = ps[k].outcome;
    in[k].score = ps[k].score;
    in[k].award = ps[k].award;
    in[k].facts = bound[k].values.data();
    in[k].as_of = as_of;
  }
  std::vector<CombinedView> views = Combine(in);
  for (size_t k = 0; k < ps.size(); ++k)
    if (!views[k].notes.empty()) ps[k].combined = std::move(views[k]);
}

// The facts any program still needs, by name: the most needed first, then first named.
void OverallMissing(const std::vector<ProgramScreening>& ps, std::vector<std::string_view>& out) {
  out.clear();
  thread_local std::vector<std::pair<int, size_t>> counts;  // (programs needing it, first place)
  counts.clear();
  for (const ProgramScreening& s : ps)
    for (uint32_t slot : s.missing) {
      std::string_view name = s.program->facts[slot].name;
      auto it = std::find(out.begin(), out.end(), name);
      if (it == out.end()) {
        counts.emplace_back(1, out.size());
        out.push_back(name);
      } else {
        ++counts[static_cast<size_t>(it - out.begin())].first;
      }
    }
  if (out.size() < 2) return;
  thread_local std::vector<std::string_view> sorted;
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  sorted.clear();
  for (const auto& c : counts) sorted.push_back(out[c.second]);
  out.swap(sorted);
}

}  // namespace

std::optional<Rational> FinalAward(Outcome outcome, const std::optional<Rational>& award, const CombinedView* view) {
  if (outcome == Outcome::kIneligible || outcome == Outcome::kClosed) return Rational(0);
  return view ? view->award : award;
}

void Screen(const std::vector<const CompiledProgram*>& programs, const FactValues* bound,
            const ScreenOptions& options, ScreenScratch& scratch, Screening& out) {
  out.as_of = options.as_of;
  out.programs.resize(programs.size());
  if (scratch.contexts.size() < programs.size()) scratch.contexts.resize(programs.size());
  bool combining = false;
  for (size_t k = 0; k < programs.size(); ++k) {
    ScreenOne(*programs[k], bound[k], options, scratch.contexts[k], out.programs[k]);
    combining |= programs[k]->combine.has_value();
  }
  if (combining) CombineAll(bound, options.as_of, out.programs);
  for (ProgramScreening& ps : out.programs) {
    // A program that gives no money (a `benefit:` and no formula) has no amount, final or not.
    const bool money = ps.program->award >= 0 || !ps.program->benefit;
    ps.final_award = money ? FinalAward(ps.outcome, ps.award, ps.Combined() ? &ps.combined : nullptr) : std::nullopt;
  }
  // Only when asked: batch screens millions of rows and never shows a deadline or a sentence.
  for (size_t k = 0; k < programs.size(); ++k) {
    ProgramScreening& ps = out.programs[k];
    if (options.for_people) {
      ps.apply_by = ComputeApplyBy(*programs[k], bound[k], options.as_of);
      ps.award_terms = ComputeAwardTerms(*programs[k], bound[k], options.as_of, ps.award);
    } else {
      // None from an earlier screening.
      if (!ps.apply_by.deadlines.empty()) ps.apply_by = ApplyBy{};
      ps.award_terms.clear();
    }
  }
  OverallMissing(out.programs, out.missing);
}

Screening Screen(const std::vector<const CompiledProgram*>& programs, const std::vector<FactValues>& bound,
                 const ScreenOptions& options) {
  ScreenScratch scratch;
  Screening out;
  Screen(programs, bound.data(), options, scratch, out);
  return out;
}

}  // namespace elig
