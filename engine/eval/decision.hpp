// SPDX-License-Identifier: Apache-2.0
// Decisions: what the engine concluded and, on the traced path, why.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compile/machine.hpp"
#include "compile/program.hpp"
#include "eval/input.hpp"

namespace elig {

enum class Outcome : uint8_t { kEligible, kIneligible, kUndetermined, kClosed };

const char* OutcomeName(Outcome o);  // "eligible", "ineligible", "undetermined", "closed"
const char* TriName(Tri t);          // "false", "true", "unknown", "error"

// One comparison (or fact read) that took part in a rule's result: the values it had,
// and its site in the compiled program (which outlives every decision made with it), where
// what every decision shares about it is kept: its texts, the enums and its place.
struct Reason {
  Reason() = default;
  // Built in place by the traced path (see TraceEvent's constructor for why not aggregate).
  Reason(const ReasonSite* site, Tri r, const Value& l, const Value& rt = Value())
      : s(site), result(r), left(l), right(rt) {}
  const ReasonSite* s = nullptr;  // in prog.reason_sites: its index is the site's number
  Tri result = Tri::kUnknown;
  Value left, right;
  std::optional<Value> hint;  // nearest value of `fact` that would make this comparison pass

  std::string_view expr() const { return s->expr; }            // source text: `employees <= 300`
  std::string_view op() const { return s->op; }                // "<=", "==", "between", "in", "fact"
  std::string_view fact() const { return s->fact_name; }       // the fact on one side, if any
  std::string_view left_expr() const { return s->left_expr; }  // the left operand's text: `years_in_business`
  const EnumDef* left_enum() const { return s->fact_enum; }
  // A list of records read directly: their fields, so that each is shown by its label.
  const RecordDef* left_record() const { return s->fact_read ? s->fact_record : nullptr; }
  // An enum compared with a constant: both sides name values of the fact's enum.
  const EnumDef* right_enum() const { return s->fact_read ? nullptr : s->fact_enum; }
  const SourceLoc* loc() const { return &s->loc; }  // the comparison's place in the rule file
};

struct RuleResult {
  const CompiledRule* rule = nullptr;
  Tri result = Tri::kUnknown;     // requirement: holds; exclusion: applies; score: condition holds
  std::vector<Reason> reasons;    // traced path only
  std::vector<uint32_t> missing;  // unknown fact slots that would settle it
  std::string error;
  Rational points;                // score items
  // Decided although it reads facts still unknown: every value they may take gives the same
  // result (eval/settle.hpp). Its reasons show those facts as unknown.
  bool settled = false;
};

struct Decision {
  const CompiledProgram* program = nullptr;
  Outcome outcome = Outcome::kUndetermined;
  Date as_of;
  bool window_open = true;
  std::vector<RuleResult> requirements, exclusions, scoring;
  Rational score;
  bool score_complete = true;
  std::vector<std::string> voided_groups;  // score groups whose cap was exceeded
  // Scoring items that hold but do not count: past their group's `max_counted:`, in its
  // `pick:` order. Their points are not in the score.
  std::vector<std::string> not_counted;
  std::optional<Rational> award;           // nullopt: not determinable
  std::string award_error;
  std::vector<uint32_t> missing;           // fact slots still needed, most useful first
  // Unknown facts the open rules (or the award) read that no value of can change the outcome
  // (or the award): "whatever the number of employees, the outcome is the same".
  std::vector<uint32_t> moot;
  std::vector<InputIssue> input_issues;
  std::vector<std::string> errors;         // evaluation errors (overflow …)
};

struct SettleOptions {
  // Abstract evaluations of the program per decision. A real program's unknowns settle in
  // tens; enumerating a generated program's small domains takes hundreds; past this bound the
  // parts not yet settled are left undetermined (sound, never a guess).
  uint32_t max_evaluations = 1024;
  // Splits of one number along one branch of the search: halving a 64-bit range to a single
  // value takes 64; a decimal never reaches one, and is left as a range past this.
  uint32_t max_depth = 96;
  // In the award's search, a whole-number fact is split only while its range holds at most
  // this many values: an award that grows with the expenses is not settled by halving them.
  int64_t max_award_points = 64;
};

struct EvalOptions {
  Date as_of;
  bool trace = true;  // false: the fast path (no reasons, no hints)
  // Decide what no unknown fact can change (eval/settle.hpp): an undetermined decision, or an
  // eligible one whose award is not known yet, takes the extra work; a decided one never does.
  bool settle = true;
  SettleOptions settle_options;
};

// The full decision, with reasons when options.trace.
Decision Decide(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options);
// The same into `d`, which may hold an earlier decision: its vectors keep their capacity,
// so a caller deciding many applicants allocates nothing per decision once warm.
void Decide(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options, Decision& d);

// The fast path: outcome, score and award only; `ctx` is reused across calls.
struct FastDecision {
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award;
  bool error = false;
};
FastDecision DecideFast(const CompiledProgram& prog, const Value* facts, Date as_of, EvalContext& ctx);

// The same decision over the facts packed for the program (PackFacts): a row of PackedWidth
// int64 words, each fact the rules compare as one integer. When every fact the plan reads is
// plain (a number, a yes/no, an enum the tables have a row for, a text), the decision reads
// the row alone; otherwise, and for a program the packed plan does not take (PackedWidth 1),
// it is DecideFast over `facts`, the values the row was packed from. Either way the answer is
// DecideFast's: the packing changes how many bytes a decision reads, never what it decides.
size_t PackedWidth(const CompiledProgram& prog);
void PackFacts(const CompiledProgram& prog, const Value* facts, int64_t* row);
FastDecision DecidePacked(const CompiledProgram& prog, const int64_t* row, const Value* facts, Date as_of,
                          EvalContext& ctx);

}  // namespace elig
