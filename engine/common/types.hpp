// SPDX-License-Identifier: Apache-2.0
// Fact and value types shared by every stage.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/number.hpp"

namespace elig {

enum class Lang : uint8_t { kJa, kEn };

// Text in both languages; either may be empty (the other is shown then).
struct LocalText {
  std::string ja;
  std::string en;
  bool Empty() const { return ja.empty() && en.empty(); }
  const std::string& Get(Lang lang) const {
    if (lang == Lang::kJa) return ja.empty() ? en : ja;
    return en.empty() ? ja : en;
  }
};

enum class BaseType : uint8_t { kError, kBool, kInt, kDecimal, kYen, kText, kDate, kEnum, kList, kRecord };

// What a fact is about, for the order in which `ask` puts questions: where the business is,
// its legal form, its industry, its size, then what each program asks (`topic:` in a fact;
// a prefecture or municipality fact is about the place without saying so).
enum class FactTopic : uint8_t { kPlace, kForm, kIndustry, kSize, kProgram };

// What an enum's values are: the author's own list, or one of the built-in place types.
enum class EnumKind : uint8_t { kPlain, kPrefecture, kMunicipality };

struct EnumDef {
  std::vector<std::string> values;
  // What applicants and officials read for each value (`labels:` in the rule file); parallel to
  // `values`, or empty when the file gives none. A label may lack a language.
  std::vector<LocalText> labels;
  EnumKind kind = EnumKind::kPlain;
  int IndexOf(std::string_view v) const {
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == v) return static_cast<int>(i);
    return -1;
  }
  // The label of value i in `lang`, else the value itself.
  const std::string& Label(size_t i, Lang lang) const {
    if (i < labels.size() && !labels[i].Empty()) return labels[i].Get(lang);
    return values[i];
  }
  bool HasLabel(size_t i) const { return i < labels.size() && !labels[i].ja.empty() && !labels[i].en.empty(); }
};

struct RecordDef;

// A fact's declared type: `yen`, `enum[a, b]`, `list[text]`, `list[enum[a, b]]`, `list[record]`.
struct TypeSpec {
  BaseType base = BaseType::kError;
  std::shared_ptr<const EnumDef> enum_def;  // kEnum, or kList of kEnum
  BaseType elem = BaseType::kError;         // kList only
  std::shared_ptr<const RecordDef> record;  // kList of kRecord: the records' fields
};

// One field of a record (`fields:` of a `list[record]` fact): a scalar with its own bounds,
// question and label, read and checked like a fact of its type.
struct FieldDef {
  std::string name;
  TypeSpec type;  // a scalar type: never a list or a record
  std::optional<Rational> min, max;
  LocalText ask;
  LocalText label;
};

// The most records a `list[record]` fact may allow (`max_items:`): a consortium has tens of
// members, a business a handful of lines; thousands would be a mistake or an attack.
inline constexpr uint32_t kMaxRecords = 1000;

// The records of a `list[record]` fact: 構成員 (members), 事業 (lines of business).
struct RecordDef {
  std::vector<FieldDef> fields;
  int name_field = -1;   // `name_field:`: the text field that names a record in explanations
  uint32_t max_items = 100;  // `max_items:`: at most this many records (an input problem beyond)
  int IndexOf(std::string_view name) const {
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == name) return static_cast<int>(i);
    return -1;
  }
};

// Field `k` of a record of `record`, or null (no definition, or past its fields).
inline const FieldDef* FieldOf(const RecordDef* record, size_t k) {
  return record && k < record->fields.size() ? &record->fields[k] : nullptr;
}
// What people read for a field: its label (名称), or its name when it has none.
inline const std::string& FieldLabel(const FieldDef& field, Lang lang) {
  return field.label.Empty() ? field.name : field.label.Get(lang);
}

const char* BaseTypeName(BaseType t);
std::string TypeSpecName(const TypeSpec& t);

}  // namespace elig
