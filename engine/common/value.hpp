// SPDX-License-Identifier: Apache-2.0
// Runtime values and the pure operations on them, shared by the compiler
// (constant folding) and the evaluator, so both compute exactly the same thing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/number.hpp"
#include "common/types.hpp"

namespace elig {

enum class VKind : uint8_t {
  kUnknown,  // a fact the applicant did not give (three-valued logic)
  kBool,
  kNumber,   // `yen` says whether it is money
  kText,
  kDate,
  kEnum,     // `i` is the index into the fact's enum values
  kList,
  kError,    // overflow, division by zero: the decision reports it, never a wrong answer
  kRecord,   // one record of a `list[record]` fact: `list` holds its fields, in declared order
};

struct Value;
struct ValueList {
  std::vector<Value> items;
};

struct Value {
  VKind kind = VKind::kUnknown;
  bool yen = false;
  bool b = false;
  int32_t i = 0;  // enum index, or date days
  Rational num;
  const std::string* text = nullptr;  // owned by the program (literals) or the input
  const ValueList* list = nullptr;    // owned by the program, the input or the evaluation context

  static Value Unknown() { return {}; }
  static Value Error() { Value v; v.kind = VKind::kError; return v; }
  static Value Bool(bool x) { Value v; v.kind = VKind::kBool; v.b = x; return v; }
  static Value Number(Rational r, bool yen = false) { Value v; v.kind = VKind::kNumber; v.num = r; v.yen = yen; return v; }
  static Value OfDate(Date d) { Value v; v.kind = VKind::kDate; v.i = d.days; return v; }
  static Value Enum(int32_t index) { Value v; v.kind = VKind::kEnum; v.i = index; return v; }
  static Value Text(const std::string* s) { Value v; v.kind = VKind::kText; v.text = s; return v; }
  static Value List(const ValueList* l) { Value v; v.kind = VKind::kList; v.list = l; return v; }
  static Value Record(const ValueList* fields) { Value v; v.kind = VKind::kRecord; v.list = fields; return v; }

  bool IsKnown() const { return kind != VKind::kUnknown && kind != VKind::kError; }
  bool IsTrue() const { return kind == VKind::kBool && b; }
  bool IsFalse() const { return kind == VKind::kBool && !b; }
};

enum class ValueOp : uint8_t { kAdd, kSub, kMul, kDiv, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

// The comparison with its operands swapped: `c < x` is `x > c`. Other operators are returned as they are.
constexpr ValueOp Mirrored(ValueOp op) {
  switch (op) {
    case ValueOp::kLt: return ValueOp::kGt;
    case ValueOp::kLe: return ValueOp::kGe;
    case ValueOp::kGt: return ValueOp::kLt;
    case ValueOp::kGe: return ValueOp::kLe;
    default: return op;
  }
}

// Binary operation on two values already type-checked. Unknown in, unknown out;
// overflow or division by zero gives kError and a message in `error`.
Value Apply(ValueOp op, const Value& a, const Value& b, std::string& error);
// Three-way compare of two known values of one kind; 0 when equal.
int CompareValues(const Value& a, const Value& b);
bool ValuesEqual(const Value& a, const Value& b);

// For people: "1,000,000 yen" / "1,000,000円", "2026-04-01", "true", "製造業", "2/3".
// `record`: for a list of records, their fields, so that each field shows as `label: value`
// with its enum's labels.
std::string FormatValue(const Value& v, Lang lang, const EnumDef* enum_def = nullptr, const RecordDef* record = nullptr);

// A list of records some field of which is not given: the list is still needed.
bool HasUnknownField(const Value& v);

}  // namespace elig
