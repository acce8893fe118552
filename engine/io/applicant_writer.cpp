// SPDX-License-Identifier: Apache-2.0
#include "io/applicant_writer.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

#include "common/types.hpp"

namespace elig {
namespace {

// A double-quoted YAML string: JSON's escapes are YAML's.
std::string Quoted(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string YamlKey(const std::string& k) {
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && !(static_cast<unsigned char>(c) & 0x80))
      return Quoted(k);
  return k;
}

}  // namespace

std::string YamlValue(const Value& v, const EnumDef* enum_def) {
  switch (v.kind) {
    case VKind::kBool: return v.b ? "true" : "false";
    case VKind::kNumber: return v.num.ToString();
    case VKind::kDate: return FormatDate(Date{v.i});
    case VKind::kEnum:
      return Quoted(enum_def && v.i >= 0 && static_cast<size_t>(v.i) < enum_def->values.size()
                        ? enum_def->values[static_cast<size_t>(v.i)]
                        : "");
    case VKind::kText: return Quoted(v.text ? *v.text : "");
    case VKind::kList: {
      std::string s = "[";
      for (size_t i = 0; v.list && i < v.list->items.size(); ++i) s += (i ? ", " : "") + YamlValue(v.list->items[i], enum_def);
      return s + "]";
    }
    default: return "~";
  }
}

std::string WriteApplicantYaml(const ApplicantYaml& a) {
  std::string out;
  if (!a.comment.empty()) out += "# " + a.comment + "\n";
  if (!a.id.empty()) out += "id: " + Quoted(a.id) + "\n";
  if (a.as_of) out += "as_of: " + FormatDate(*a.as_of) + "\n";
  for (const auto& [name, yaml] : a.facts) out += YamlKey(name) + ": " + yaml + "\n";
  for (const auto& name : a.not_known) out += "# " + name + ": not known\n";
  return out;
}

}  // namespace elig
