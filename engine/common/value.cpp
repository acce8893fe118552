// SPDX-License-Identifier: Apache-2.0
#include "common/value.hpp"

#include "common/catalog.hpp"

namespace elig {

int CompareValues(const Value& a, const Value& b) {
  switch (a.kind) {
    case VKind::kNumber: return Rational::Compare(a.num, b.num);
    case VKind::kDate:
    case VKind::kEnum: return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
    case VKind::kBool: return a.b == b.b ? 0 : (a.b ? 1 : -1);
    case VKind::kText: {
      int c = a.text->compare(*b.text);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default: return 0;
  }
}

bool ValuesEqual(const Value& a, const Value& b) {
  if (a.kind == VKind::kEnum && b.kind == VKind::kText) return false;
  if (a.kind != b.kind) return false;
  if (a.kind == VKind::kText) return a.text == b.text || *a.text == *b.text;
  if (a.kind == VKind::kNumber) return a.num == b.num;
  if (a.kind == VKind::kList || a.kind == VKind::kRecord) {
    // Equal only when provably so, item by item (`if unknown then [a] else [b]` is not [a]).
    if (!a.list || !b.list || a.list->items.size() != b.list->items.size()) return false;
    for (size_t i = 0; i < a.list->items.size(); ++i)
      if (!a.list->items[i].IsKnown() || !ValuesEqual(a.list->items[i], b.list->items[i])) return false;
    return true;
  }
  return CompareValues(a, b) == 0;
}

Value Apply(ValueOp op, const Value& a, const Value& b, std::string& error) {
  if (a.kind == VKind::kError || b.kind == VKind::kError) return Value::Error();
  if (op == ValueOp::kIn || op == ValueOp::kNotIn) {
    if (a.kind == VKind::kUnknown || b.kind == VKind::kUnknown) return Value::Unknown();
    bool found = false, unknown = false;
    for (const auto& item : b.list->items) {
      if (item.kind == VKind::kUnknown) {
        unknown = true;
        continue;
      }
      if (ValuesEqual(a, item)) {
        found = true;
        break;
      }
    }
    if (!found && unknown) return Value::Unknown();
    return Value::Bool(op == ValueOp::kIn ? found : !found);
  }
  if (a.kind == VKind::kUnknown || b.kind == VKind::kUnknown) return Value::Unknown();
  auto overflow = [&](Msg what) {
    error = EvalError(what, fmt::arg("a", a.num.ToGroupedString()), fmt::arg("b", b.num.ToGroupedString()));
    return Value::Error();
  };
  switch (op) {
    case ValueOp::kAdd:
    case ValueOp::kSub: {
      if (a.kind == VKind::kDate && b.kind == VKind::kNumber) {
        if (!b.num.IsInteger()) {
          error = EvalError(Msg::kEvalDateWholeDays);
          return Value::Error();
        }
        // More days than the calendar holds (0001..9999 spans 3,652,058) cannot land inside it;
        // checked first so the sum below never overflows.
        if (b.num.num() > 3'700'000 || b.num.num() < -3'700'000) {
          error = EvalError(Msg::kEvalDateOutOfRange);
          return Value::Error();
        }
        int64_t days = a.i + (op == ValueOp::kAdd ? b.num.num() : -b.num.num());
        // Stay in the calendar dates can be written in (0001..9999): chained steps must never wrap.
        if (days < MakeDate(1, 1, 1)->days || days > MakeDate(9999, 12, 31)->days) {
          error = EvalError(Msg::kEvalDateOutOfRange);
          return Value::Error();
        }
        Value out = Value::OfDate(Date{static_cast<int32_t>(days)});
        return out;
      }
      if (a.kind == VKind::kDate && b.kind == VKind::kDate) return Value::Number(Rational(int64_t{a.i} - b.i));
      auto r = op == ValueOp::kAdd ? Rational::Add(a.num, b.num) : Rational::Sub(a.num, b.num);
      if (!r) return overflow(op == ValueOp::kAdd ? Msg::kEvalSumOutOfRange : Msg::kEvalDifferenceOutOfRange);
      return Value::Number(*r, a.yen || b.yen);
    }
    case ValueOp::kMul: {
      auto r = Rational::Mul(a.num, b.num);
      if (!r) return overflow(Msg::kEvalProductOutOfRange);
      return Value::Number(*r, a.yen || b.yen);
    }
    case ValueOp::kDiv: {
      if (b.num.num() == 0) {
        error = EvalError(Msg::kEvalDivisionByZero);
        return Value::Error();
      }
      auto r = Rational::Div(a.num, b.num);
      if (!r) return overflow(Msg::kEvalQuotientOutOfRange);
      return Value::Number(*r, a.yen != b.yen);
    }
    case ValueOp::kEq: return Value::Bool(ValuesEqual(a, b));
    case ValueOp::kNe: return Value::Bool(!ValuesEqual(a, b));
    case ValueOp::kLt: return Value::Bool(CompareValues(a, b) < 0);
    case ValueOp::kLe: return Value::Bool(CompareValues(a, b) <= 0);
    case ValueOp::kGt: return Value::Bool(CompareValues(a, b) > 0);
    case ValueOp::kGe: return Value::Bool(CompareValues(a, b) >= 0);
    default: break;
  }
  return Value::Error();
}

std::string FormatValue(const Value& v, Lang lang, const EnumDef* enum_def, const RecordDef* record) {
  switch (v.kind) {
    case VKind::kUnknown: return Say(lang, Msg::kValueUnknown);
    case VKind::kError: return Say(lang, Msg::kValueError);
    case VKind::kBool: return Say(lang, v.b ? Msg::kValueYes : Msg::kValueNo);
    case VKind::kNumber: {
      if (!v.yen) {
        // Ratios read better as percentages: 2/3, 50%.
        return v.num.ToGroupedString();
      }
      return Say(lang, Msg::kYen, fmt::arg("amount", v.num.ToGroupedString()));
    }
    case VKind::kText: return v.text ? "\"" + *v.text + "\"" : "\"\"";
    case VKind::kDate: return FormatDate(Date{v.i});
    case VKind::kEnum:
      // What people read for the value: its label (製造業), or the value when it has none.
      if (enum_def && v.i >= 0 && static_cast<size_t>(v.i) < enum_def->values.size())
        return enum_def->Label(static_cast<size_t>(v.i), lang);
      return "#" + std::to_string(v.i);
    case VKind::kList: {
      std::string s = "[";
      if (v.list)
        for (size_t k = 0; k < v.list->items.size(); ++k)
          s += (k ? ", " : "") + FormatValue(v.list->items[k], lang, enum_def, record);
      return s + "]";
    }
    case VKind::kRecord: {
      std::string s = "{";
      if (v.list)
        for (size_t k = 0; k < v.list->items.size(); ++k) {
          const FieldDef* field = FieldOf(record, k);
          if (k) s += ", ";
          if (field) s += FieldLabel(*field, lang) + ": ";
          s += FormatValue(v.list->items[k], lang, field ? field->type.enum_def.get() : nullptr);
        }
      return s + "}";
    }
  }
  return "?";
}

bool HasUnknownField(const Value& v) {
  if (v.kind != VKind::kList || !v.list) return false;
  for (const Value& record : v.list->items)
    if (record.kind == VKind::kRecord && record.list)
      for (const Value& field : record.list->items)
        if (field.kind == VKind::kUnknown) return true;
  return false;
}

}  // namespace elig
