// SPDX-License-Identifier: Apache-2.0
// The expression AST: plain data, no Spirit. Positions are byte offsets into
// the expression text; the rule loader maps them to file line:column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/number.hpp"

namespace elig::ast {

enum class Kind : uint8_t {
  kNumber,   // number: value, unit (yen or none), percent flag
  kText,     // text: "群馬県"
  kBool,     // boolean
  kDate,     // date: 2026-04-01
  kList,     // kids: elements
  kName,     // text: identifier (facts, parameters, definitions, module aliases, tables, as_of)
  kMember,   // kids[0].text  — kids[0] an expression, text the member name (sme.is_sme, limits[x].capital)
  kIndex,    // kids[0][kids[1]] — table lookup
  kUnary,    // un_op kids[0]
  kBinary,   // kids[0] bin_op kids[1]
  kBetween,  // kids[0] between kids[1] and kids[2]  (inclusive both ends)
  kIf,       // if kids[0] then kids[1] else kids[2]
  kCall,     // text(kids...) — function name in text
  // text(kids[0] in kids[1]: kids[2]) — an aggregate over a list of records: `all(m in members:
  // m.is_sme)`; kids[0] is a kName, the name each record has in kids[2].
  kAggregate,
};

enum class Unit : uint8_t { kNone, kYen };

enum class BinOp : uint8_t {
  kAdd, kSub, kMul, kDiv,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kAnd, kOr,
  kIn, kNotIn,
};

enum class UnOp : uint8_t { kNeg, kNot };

struct Node {
  Kind kind = Kind::kNumber;
  uint32_t begin = 0;  // byte offset of the first character in the expression text
  uint32_t end = 0;    // one past the last character
  Rational number;
  Unit unit = Unit::kNone;
  bool percent = false;  // written with %, e.g. 50% (number already divided by 100)
  bool boolean = false;
  Date date;
  BinOp bin_op = BinOp::kAdd;
  UnOp un_op = UnOp::kNot;
  std::string text;
  std::vector<std::unique_ptr<Node>> kids;
};

using NodePtr = std::unique_ptr<Node>;

const char* BinOpText(BinOp op);  // "+", "<=", "and", "not in" …
const char* UnOpText(UnOp op);    // "-", "not"
NodePtr Clone(const Node& n);

}  // namespace elig::ast
