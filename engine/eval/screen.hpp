// SPDX-License-Identifier: Apache-2.0
// Screening: what one applicant gets from a set of programs on a day. Every door that
// decides (`elig check`, `match`, the result view of `ask`, `batch` and so `rank`'s input,
// and the C API) asks this one call, so they cannot disagree. docs/screening.md.
//
// For each program a screening gives its outcome, score and own award; its final award
// after 併給制限 (eval/combine.hpp); the facts still needed; and the evaluation errors.
// Over all programs it gives the facts still needed by any of them.
//
// The three paths give the same values for all of these (tests/test_differential.cpp):
//   kFast     — the fast path (DecideFast); a full untraced decision only for a program
//               whose missing facts or errors are to be said;
//   kRules    — every program's full decision, without reasons;
//   kReasons  — every program's full decision with reasons and hints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/apply.hpp"
#include "eval/combine.hpp"
#include "eval/decision.hpp"
#include "eval/input.hpp"

namespace elig {

enum class ScreenPath : uint8_t { kFast, kRules, kReasons };

struct ScreenOptions {
  Date as_of;
  ScreenPath path = ScreenPath::kReasons;
  // Work out what the views people read say beyond the decision: each program's apply-by
  // date (`apply: deadline:`, eval/apply.hpp) and the values its `award_says:` names. Batch,
  // which screens millions of rows and shows neither, does without.
  bool for_people = false;
};

struct ProgramScreening {
  const CompiledProgram* program = nullptr;
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award;        // the program's own; nullopt: not determinable
  // What the applicant receives after 併給制限: 0 when ineligible or closed; for an
  // eligible or undetermined program its award as combining leaves it (nullopt: not
  // determinable).
  std::optional<Rational> final_award;
  std::vector<uint32_t> missing;        // the program's fact slots still needed, most useful first
  std::vector<std::string> errors;      // evaluation errors (overflow, division by zero …)
  CombinedView combined;                // 併給制限: its notes; none when the program stands alone
  ApplyBy apply_by;                     // with ScreenOptions::for_people: the deadlines worked out
  // With ScreenOptions::for_people: the values `award_says:` names (program->award_terms).
  std::vector<Value> award_terms;
  // `decision` holds the full decision: always on kRules and kReasons; on kFast only when
  // the program's missing facts or errors had to be worked out.
  bool decided = false;
  Decision decision;

  bool Combined() const { return !combined.notes.empty(); }
};

struct Screening {
  Date as_of;
  std::vector<ProgramScreening> programs;  // in the order of the programs screened
  // Facts still needed by any program, by name, the one most programs need first (then in
  // the order the programs name them). The names are the programs' own (they outlive this).
  std::vector<std::string_view> missing;
};

// The state a caller screening many applicants keeps between calls (one per thread):
// evaluation contexts, one per program, whose chosen parameters are reused.
struct ScreenScratch {
  std::vector<EvalContext> contexts;
};

// Screens one applicant whose facts are bound for each program: bound[k] for programs[k]
// (see BindEach). `out` may hold an earlier screening: its storage is reused. Decisions'
// values may point into `bound`: it must outlive `out`'s use.
void Screen(const std::vector<const CompiledProgram*>& programs, const FactValues* bound,
            const ScreenOptions& options, ScreenScratch& scratch, Screening& out);
Screening Screen(const std::vector<const CompiledProgram*>& programs, const std::vector<FactValues>& bound,
                 const ScreenOptions& options);

// Whether an answer reads the same as either fact: ParseFactValue looks at nothing else.
bool ReadAlike(const CompiledFact& a, const CompiledFact& b);

// Bind (eval/input.hpp) for each program, in order.
std::vector<FactValues> BindEach(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant);

// The final award of a program decided `outcome` with its own `award` and, when combining
// touched it, its combined view.
std::optional<Rational> FinalAward(Outcome outcome, const std::optional<Rational>& award, const CombinedView* view);

}  // namespace elig
