// SPDX-License-Identifier: Apache-2.0
#include "common/types.hpp"

namespace elig {

const char* BaseTypeName(BaseType t) {
  switch (t) {
    case BaseType::kError: return "error";
    case BaseType::kBool: return "bool";
    case BaseType::kInt: return "int";
    case BaseType::kDecimal: return "decimal";
    case BaseType::kYen: return "yen";
    case BaseType::kText: return "text";
    case BaseType::kDate: return "date";
    case BaseType::kEnum: return "enum";
    case BaseType::kList: return "list";
    case BaseType::kRecord: return "record";
  }
  return "error";
}

std::string TypeSpecName(const TypeSpec& t) {
  auto enum_text = [&] {
    std::string s = "enum[";
    if (t.enum_def)
      for (size_t i = 0; i < t.enum_def->values.size(); ++i) s += (i ? ", " : "") + t.enum_def->values[i];
    return s + "]";
  };
  auto enum_name = [&]() -> std::string {
    if (t.enum_def && t.enum_def->kind == EnumKind::kPrefecture) return "prefecture";
    if (t.enum_def && t.enum_def->kind == EnumKind::kMunicipality) return "municipality";
    return enum_text();
  };
  if (t.base == BaseType::kEnum) return enum_name();
  if (t.base == BaseType::kList && t.elem == BaseType::kRecord) {
    // The fields take part, so that two files declaring one list fact must agree on them.
    std::string s = "list[record{";
    for (size_t i = 0; t.record && i < t.record->fields.size(); ++i) {
      const FieldDef& f = t.record->fields[i];
      s += (i ? ", " : "") + f.name + ": " + TypeSpecName(f.type);
    }
    return s + "}]";
  }
  if (t.base == BaseType::kList)
    return std::string("list[") + (t.elem == BaseType::kEnum ? enum_name() : BaseTypeName(t.elem)) + "]";
  return BaseTypeName(t.base);
}

}  // namespace elig
