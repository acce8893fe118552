// The interpreter of compiled code. Used by the evaluator and by the compiler
// for constant folding, so a folded constant is exactly what evaluation gives.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "compile/program.hpp"

namespace elig {

// One comparison or fact read seen while evaluating, for explanations.
struct TraceEvent {
  uint32_t instr = 0;
  Value left, right, result;  // for a fact read: left = the fact's value
  bool fact_read = false;
};

struct EvalContext {
  const Value* facts = nullptr;        // one per fact slot
  std::vector<Value> params;           // one per param slot, chosen by as_of
  std::vector<Value> define_values;
  std::vector<uint8_t> define_state;   // 0 not yet, 1 running, 2 done
  Date as_of;
  std::deque<ValueList> scratch;       // lists built at run time
  std::string error;                   // first evaluation error (overflow, division by zero)
  std::vector<TraceEvent>* trace = nullptr;  // null on the fast path

  // Prepares the per-evaluation state for `prog` on `as_of`.
  void Reset(const CompiledProgram& prog, const Value* fact_values, Date date);
};

Value Run(const CompiledProgram& prog, uint32_t instr, EvalContext& ctx);

// The built-in functions; `args` are evaluated operands.
Value CallBuiltin(Fn fn, const Value* args, size_t n, EvalContext& ctx);

}  // namespace elig
