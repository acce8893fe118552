// SPDX-License-Identifier: Apache-2.0
#include "syntax/ast.hpp"

namespace elig::ast {

const char* BinOpText(BinOp op) {
  switch (op) {
    case BinOp::kAdd: return "+";
    case BinOp::kSub: return "-";
    case BinOp::kMul: return "*";
    case BinOp::kDiv: return "/";
    case BinOp::kEq: return "==";
    case BinOp::kNe: return "!=";
    case BinOp::kLt: return "<";
    case BinOp::kLe: return "<=";
    case BinOp::kGt: return ">";
    case BinOp::kGe: return ">=";
    case BinOp::kAnd: return "and";
    case BinOp::kOr: return "or";
    case BinOp::kIn: return "in";
    case BinOp::kNotIn: return "not in";
  }
  return "?";
}

const char* UnOpText(UnOp op) { return op == UnOp::kNeg ? "-" : "not"; }

NodePtr Clone(const Node& n) {
  auto out = std::make_unique<Node>();
  out->kind = n.kind;
  out->begin = n.begin;
  out->end = n.end;
  out->number = n.number;
  out->unit = n.unit;
  out->percent = n.percent;
  out->boolean = n.boolean;
  out->date = n.date;
  out->bin_op = n.bin_op;
  out->un_op = n.un_op;
  out->text = n.text;
  for (const auto& k : n.kids) out->kids.push_back(Clone(*k));
  return out;
}

}  // namespace elig::ast
