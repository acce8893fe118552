// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the rule-file loader end to end (YAML, expressions, checker,
// compiler), then every compiled program is evaluated on a few applicants and
// rendered. The input is one file, or several separated by a line `%%%`
// (p.yaml, common/a.yaml, common/b.yaml, q.yaml), so `use:` is reached too.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"

namespace {

elig::Applicant SomeApplicant(const elig::CompiledProgram& p, int variant) {
  // variant 0: nothing known; 1: a plausible value for every fact; 2: extremes.
  elig::Applicant a;
  if (variant == 0) return a;
  for (const auto& f : p.facts) {
    elig::RawFact rf;
    rf.name = f.name;
    rf.value.type = elig::RawValue::Type::kScalar;
    std::string v;
    switch (f.spec.base) {
      case elig::BaseType::kBool: v = variant == 1 ? "true" : "false"; break;
      case elig::BaseType::kInt: v = variant == 1 ? "10" : "9223372036854775807"; break;
      case elig::BaseType::kDecimal: v = variant == 1 ? "1/3" : "-9223372036854775807"; break;
      case elig::BaseType::kYen: v = variant == 1 ? "1500000" : "9223372036854775807"; break;
      case elig::BaseType::kText: v = variant == 1 ? "群馬県" : std::string(300, 'x'); break;
      case elig::BaseType::kDate: v = variant == 1 ? "2020-02-29" : "9999-12-31"; break;
      case elig::BaseType::kEnum:
        v = f.spec.enum_def && !f.spec.enum_def->values.empty() ? f.spec.enum_def->values.back() : "x";
        break;
      case elig::BaseType::kList: {
        rf.value.type = elig::RawValue::Type::kList;
        elig::RawValue item;
        item.type = elig::RawValue::Type::kScalar;
        item.text = f.spec.elem == elig::BaseType::kEnum && f.spec.enum_def && !f.spec.enum_def->values.empty()
                        ? f.spec.enum_def->values.front()
                        : f.spec.elem == elig::BaseType::kDate ? "2026-01-01" : "1";
        rf.value.items.assign(static_cast<size_t>(variant), item);
        break;
      }
      default: break;
    }
    rf.value.text = v;
    a.facts.push_back(std::move(rf));
  }
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kNames[] = {"p.yaml", "common/a.yaml", "common/b.yaml", "q.yaml"};
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> texts;
  size_t k = 0;
  while (k < 4) {
    size_t cut = all.find("\n%%%\n");
    texts[kNames[k++]] = std::string(all.substr(0, cut));
    if (cut == std::string_view::npos) break;
    all.remove_prefix(cut + 5);
  }
  auto rs = elig::RuleSet::LoadTexts(texts);
  (void)elig::RenderAll(rs->diagnostics(), &rs->sources());
  for (const auto& p : rs->programs()) {
    for (int variant = 0; variant < 3; ++variant) {
      elig::FactValues facts = elig::Bind(*p, SomeApplicant(*p, variant));
      for (const char* day : {"2026-06-01", "0001-01-01"}) elig::fuzz::Exercise(*p, facts, *elig::ParseDate(day));
    }
  }
  return 0;
}
