// SPDX-License-Identifier: Apache-2.0
// What explain/ and doc ask of a program's code, answered here so that only compile/ and
// eval/ walk instructions.
#include "compile/program.hpp"

namespace elig {
namespace {

// Instruction operands, to walk from a rule to the definitions it reads.
void Operands(const CompiledProgram& p, const Instr& in, std::vector<uint32_t>& out) {
  switch (in.op) {
    case Op::kTable: out.push_back(in.c); break;
    case Op::kNot: case Op::kNeg: out.push_back(in.a); break;
    case Op::kAnd: case Op::kOr: case Op::kBinary: out.push_back(in.a); out.push_back(in.b); break;
    case Op::kBetween: case Op::kIf: out.push_back(in.a); out.push_back(in.b); out.push_back(in.c); break;
    case Op::kField: out.push_back(in.a); break;
    case Op::kEach: out.push_back(in.a); out.push_back(in.b); break;
    case Op::kList: case Op::kCall:
      for (uint32_t k = 0; k < in.b; ++k) out.push_back(p.args[in.a + k]);
      break;
    default: break;
  }
}

}  // namespace

std::vector<uint32_t> CompiledProgram::DefinesUsed() const {
  const CompiledProgram& p = *this;
  std::vector<uint32_t> roots, order;
  for (const auto& r : p.requirements) roots.push_back(r.root);
  for (const auto& r : p.exclusions) roots.push_back(r.root);
  for (const auto& r : p.scoring) roots.push_back(r.root);
  if (p.award >= 0) roots.push_back(static_cast<uint32_t>(p.award));
  std::vector<bool> seen_instr(p.code.size(), false), seen_define(p.defines.size(), false);
  for (uint32_t root : roots) {
    std::vector<uint32_t> stack{root};
    while (!stack.empty()) {
      uint32_t i = stack.back();
      stack.pop_back();
      if (i >= p.code.size() || seen_instr[i]) continue;
      seen_instr[i] = true;
      const Instr& in = p.code[i];
      if (in.op == Op::kDefine && in.a < p.defines.size() && !seen_define[in.a]) {
        seen_define[in.a] = true;
        order.push_back(in.a);
        stack.push_back(p.defines[in.a].root);
      }
      std::vector<uint32_t> ops;
      Operands(p, in, ops);
      for (auto it = ops.rbegin(); it != ops.rend(); ++it) stack.push_back(*it);
    }
  }
  return order;
}

const Expr* CompiledProgram::SourceOf(uint32_t instr) const {
  return instr < sources.size() ? sources[instr].expr : nullptr;
}

const Value* CompiledProgram::ConstantAt(uint32_t instr) const {
  if (instr >= code.size() || code[instr].op != Op::kConst || code[instr].a >= consts.size()) return nullptr;
  return &consts[code[instr].a];
}

}  // namespace elig
