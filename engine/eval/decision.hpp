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
enum class Tri : uint8_t { kFalse, kTrue, kUnknown, kError };

const char* OutcomeName(Outcome o);  // "eligible", "ineligible", "undetermined", "closed"
const char* TriName(Tri t);          // "false", "true", "unknown", "error"

// One comparison (or fact read) that took part in a rule's result.
// Its texts point into the compiled program, which outlives every decision made with it.
struct Reason {
  std::string_view expr;      // source text of the comparison: `employees <= 300`
  std::string_view op;        // "<=", "==", "between", "in", "fact"
  std::string_view fact;      // the fact on one side, if any
  std::string_view left_expr; // source text of the left operand: `years_in_business`
  Value left, right;
  const EnumDef* left_enum = nullptr;
  const EnumDef* right_enum = nullptr;
  Tri result = Tri::kUnknown;
  const SourceLoc* loc = nullptr;  // the comparison's place in the rule file
  std::optional<Value> hint;  // nearest value of `fact` that would make this comparison pass
  int32_t site = -1;          // index into the program's reason_sites
};

// Sets the fields of `r` that its site fixes (texts, enums, place); `r` is new (the
// fields a site leaves empty are not cleared).
void SetSite(const CompiledProgram& prog, int32_t site, Reason& r);

struct RuleResult {
  const CompiledRule* rule = nullptr;
  Tri result = Tri::kUnknown;     // requirement: holds; exclusion: applies; score: condition holds
  std::vector<Reason> reasons;    // traced path only
  std::vector<uint32_t> missing;  // unknown fact slots that would settle it
  std::string error;
  Rational points;                // score items
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
  std::optional<Rational> award;           // nullopt: not determinable
  std::string award_error;
  std::vector<uint32_t> missing;           // fact slots still needed, most useful first
  std::vector<InputIssue> input_issues;
  std::vector<std::string> errors;         // evaluation errors (overflow …)
};

struct EvalOptions {
  Date as_of;
  bool trace = true;  // false: the fast path (no reasons, no hints)
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

}  // namespace elig
