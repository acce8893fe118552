// SPDX-License-Identifier: Apache-2.0
// The interpreter of compiled code. Used by the evaluator and by the compiler
// for constant folding, so a folded constant is exactly what evaluation gives.
#pragma once

#include <cassert>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "compile/program.hpp"

namespace elig {

// One comparison or fact read seen while evaluating, for explanations.
struct TraceEvent {
  // A constructor, not aggregate initialization, so that emplace_back builds the event in
  // place with every compiler (clang 14 has no parenthesized aggregate initialization).
  TraceEvent(uint32_t at, const Value& l, const Value& r, VKind kind, bool truth, bool read)
      : instr(at), left(l), right(r), result(kind), result_true(truth), fact_read(read) {}
  uint32_t instr = 0;
  Value left, right;  // for a fact read: left = the fact's value
  // The comparison's result: its kind, and for a yes/no its value (what a reason shows).
  VKind result = VKind::kUnknown;
  bool result_true = false;
  bool fact_read = false;
};

// The records an aggregate names in a trace: at most this many per aggregate, so that a
// refusal over a long list stays readable.
inline constexpr size_t kMaxMemberReasons = 20;

struct EvalContext {
  const Value* facts = nullptr;        // one per fact slot
  std::vector<Value> params;           // one per param slot, chosen by as_of
  std::vector<Value> define_values;
  std::vector<uint8_t> define_state;   // 0 not yet, 1 running, 2 done
  Date as_of;
  std::deque<ValueList> scratch;       // lists built at run time
  std::string error;                   // first evaluation error (overflow, division by zero)
  std::vector<TraceEvent>* trace = nullptr;  // null on the fast path
  // Traced path: where the current rule's events begin. A definition evaluated since then is
  // reused (its events are already there); one evaluated before runs again for this rule's trace.
  size_t trace_from = 0;
  std::vector<size_t> define_trace_at;  // trace size when each definition was last evaluated
  std::vector<int64_t> group_counts;   // DecideFast: true items per score group
  std::vector<Value> locals;           // the record each aggregate is at (Op::kLocal)
  // The message of each definition whose value is an error: said again when the value is
  // reused, so that a rule or award reading it says what a fresh evaluation would say.
  std::vector<std::string> define_errors;

  // Around a definition's evaluation: its own error is kept whatever came before it, and
  // the first error of the evaluation stays first.
  std::string BeginDefine() {
    std::string outer;
    if (!error.empty()) outer.swap(error);
    return outer;
  }
  void EndDefine(uint32_t define, bool failed, std::string& outer) {
    if (failed) define_errors[define] = error;
    if (!outer.empty()) error.swap(outer);
  }
  void RecallDefineError(uint32_t define) {
    if (error.empty()) error = define_errors[define];
  }
  // The first error's message, or the catalog's word for an error that said nothing.
  std::string ErrorText() const;

  // Prepares the per-evaluation state for `prog` on `as_of`.
  void Reset(const CompiledProgram& prog, const Value* fact_values, Date date);

 private:
  void ChooseParams(const CompiledProgram& prog, Date date);
  // What `params` were last chosen for: the same program on the same day needs no new choice.
  uint64_t params_serial_ = 0;
  Date params_date_;
};

Value Run(const CompiledProgram& prog, uint32_t instr, EvalContext& ctx);

// A condition's truth: one enum for both paths of the evaluator and for the decisions they
// give (eval/decision.hpp).
enum class Tri : uint8_t { kFalse, kTrue, kUnknown, kError };
inline Tri TriOf(const Value& v) {
  if (v.kind == VKind::kBool) return v.b ? Tri::kTrue : Tri::kFalse;
  return v.kind == VKind::kError ? Tri::kError : Tri::kUnknown;
}
// Evaluates node `node` of prog.fast: exactly TriOf(Run(...)) of the code it was built from,
// with the same errors recorded in ctx.error.
Tri RunFast(const CompiledProgram& prog, uint32_t node, EvalContext& ctx);
// A fast-path operand's value: exactly Run(prog, operand.instr, ctx).
Value RunFastValue(const CompiledProgram& prog, const FastOperand& operand, EvalContext& ctx);
// Apply() of a comparison, read as a condition (records an error as Run does).
Tri CompareGeneric(ValueOp op, const Value& l, const Value& r, EvalContext& ctx);

// Text equality without a call for the short texts rules compare (a prefecture is 9 bytes).
inline bool SameText(const std::string& a, const std::string& b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n >= 8 && n <= 16) {  // two overlapping 8-byte words cover it
    uint64_t x0, y0, x1, y1;
    std::memcpy(&x0, x, 8);
    std::memcpy(&y0, y, 8);
    std::memcpy(&x1, x + n - 8, 8);
    std::memcpy(&y1, y + n - 8, 8);
    return x0 == y0 && x1 == y1;
  }
  return std::memcmp(x, y, n) == 0;
}

// Bit c+1 set when the comparison holds for the three-way result c: `CompareMask(op) >> (c + 1) & 1`.
constexpr uint8_t CompareMask(ValueOp op) {
  switch (op) {
    case ValueOp::kEq: return 0b010;
    case ValueOp::kNe: return 0b101;
    case ValueOp::kLt: return 0b001;
    case ValueOp::kLe: return 0b011;
    case ValueOp::kGt: return 0b100;
    case ValueOp::kGe: return 0b110;
    default: return 0;
  }
}

inline Tri Holds(uint8_t mask, int c) { return static_cast<Tri>((mask >> (c + 1)) & 1); }

// Apply() for a comparison, without building a Value on the usual kinds. `mask` is
// CompareMask(op): 0 for `in` / `not in`, which always take the general way.
inline Tri Compare(ValueOp op, uint8_t mask, const Value& l, const Value& r, EvalContext& ctx) {
  if (l.kind == r.kind && mask != 0) {
    switch (l.kind) {
      case VKind::kNumber: return Holds(mask, Rational::Compare(l.num, r.num));
      case VKind::kEnum:
      case VKind::kDate: return Holds(mask, (l.i > r.i) - (l.i < r.i));
      case VKind::kText:
        if (op == ValueOp::kEq || op == ValueOp::kNe) return Holds(mask, SameText(*l.text, *r.text) ? 0 : 1);
        break;
      default: break;
    }
  }
  return CompareGeneric(op, l, r, ctx);
}

// FastOp::kFact: the fact as a condition, negated when fn is 1 (`not exported_before`).
inline Tri FactCondition(const FastNode& n, const EvalContext& ctx) {
  const Value& v = ctx.facts[n.a];
  if (v.kind != VKind::kBool) return v.kind == VKind::kError ? Tri::kError : Tri::kUnknown;
  return v.b != (n.fn != 0) ? Tri::kTrue : Tri::kFalse;
}

// A rule's condition: the usual shapes inline, anything else through RunFast.
inline Tri RunFastRoot(const CompiledProgram& prog, uint32_t root, EvalContext& ctx) {
  assert(root < prog.fast.size() && "a rule's root past the program's fast-path nodes");
  const FastNode& n = prog.fast[root];
  if (n.op == FastOp::kCompareFactConst)
    return Compare(static_cast<ValueOp>(n.fn), n.tri, ctx.facts[n.left.a], prog.consts[n.right.a], ctx);
  if (n.op == FastOp::kFact) return FactCondition(n, ctx);
  if (n.op == FastOp::kCompareFactTable) {  // `capital <= limits[industry].capital`
    const Value& key = ctx.facts[n.right.c];
    const CompiledTable& t = prog.tables[n.right.a];
    size_t cell = static_cast<size_t>(key.i) * t.columns + n.right.b;
    if (key.kind == VKind::kEnum && key.i >= 0 && cell < t.cells.size() && t.cells[cell].kind != VKind::kError)
      return Compare(static_cast<ValueOp>(n.fn), n.tri, ctx.facts[n.left.a], t.cells[cell], ctx);
  }
  return RunFast(prog, root, ctx);  // (an unknown key or a missing row is said there)
}

// Builds prog.fast from prog.code (Compile calls it), then prog.fast_plan from prog.fast.
void BuildFastCode(CompiledProgram& prog);
// Builds prog.fast_plan from the rules' fast roots (compile/fast_plan.cpp).
void BuildFastPlan(CompiledProgram& prog);
// Builds plan.packed from the flat plan (BuildFastPlan calls it), and its machine code.
void BuildPackedPlan(const CompiledProgram& prog, FastPlan& plan);
// The packed plan's steps as machine code (compile/packed_code.cpp): pk.kernel, or none.
// `group_limits`: FastPlan::group_limits, which the code applies to the score.
void BuildPackedCode(const std::vector<int64_t>& group_limits, PackedPlan& pk);
// Builds prog.reason_sites and prog.site_of (Compile calls it).
void BuildReasonSites(CompiledProgram& prog);

// The built-in functions; `args` are evaluated operands.
Value CallBuiltin(Fn fn, const Value* args, size_t n, EvalContext& ctx);

}  // namespace elig
