// SPDX-License-Identifier: Apache-2.0
#include "eval/apply.hpp"

#include "compile/machine.hpp"

namespace elig {

ApplyBy ComputeApplyBy(const CompiledProgram& prog, const FactValues& facts, Date as_of) {
  ApplyBy out;
  if (!prog.apply || prog.apply->deadlines.empty()) return out;
  EvalContext ctx;
  ctx.Reset(prog, facts.values.data(), as_of);
  bool all_known = true;
  for (const auto& rule : prog.apply->deadlines) {
    DeadlineResult r;
    r.rule = &rule;
    ctx.error.clear();
    Value v = Run(prog, rule.root, ctx);
    if (v.kind == VKind::kDate) {
      r.date = Date{v.i};
    } else {
      all_known = false;
      if (v.kind == VKind::kError) r.error = ctx.ErrorText();
      for (uint32_t slot : rule.facts)
        if (slot < facts.values.size() && !facts.values[slot].IsKnown()) r.missing.push_back(slot);
    }
    out.deadlines.push_back(std::move(r));
  }
  if (!all_known) return out;
  for (const auto& r : out.deadlines)
    if (!out.date || *r.date < *out.date) {
      out.date = r.date;
      out.deciding = r.rule;
    }
  out.passed = out.date && *out.date < as_of;
  return out;
}

std::vector<Value> ComputeAwardTerms(const CompiledProgram& prog, const FactValues& facts, Date as_of,
                                     const std::optional<Rational>& award) {
  std::vector<Value> out;
  if (prog.award_terms.empty()) return out;
  EvalContext ctx;
  ctx.Reset(prog, facts.values.data(), as_of);
  for (const AwardTerm& t : prog.award_terms) {
    Value v;
    switch (t.kind) {
      case AwardTerm::Kind::kAward:
        if (award) v = Value::Number(*award, true);
        break;
      case AwardTerm::Kind::kFact:
        if (t.index < facts.values.size()) v = facts.values[t.index];
        break;
      case AwardTerm::Kind::kDefine:
        ctx.error.clear();
        v = Run(prog, prog.defines[t.index].root, ctx);
        break;
      case AwardTerm::Kind::kParam:
        // The value in force on `as_of`: the last one dated on or before it.
        for (const auto& [from, value] : prog.params[t.index].values)
          if (!from || !(as_of < *from)) v = value;
        break;
    }
    if (v.kind == VKind::kError) v = Value();
    out.push_back(v);
  }
  return out;
}

}  // namespace elig
