// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: applicant files (YAML, or JSON by its content, read by simdjson) through
// ParseApplicant, then bound to a program with a fact of every type, decided
// on every path and rendered.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "io/applicant.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const elig::RuleSet& rules = elig::fuzz::FixedRules();
  elig::SourceFile file("applicant.yaml", std::string(reinterpret_cast<const char*>(data), size));
  elig::Applicant applicant;
  std::vector<elig::Diagnostic> diags;
  bool ok = elig::ParseApplicant(file, applicant, diags);
  elig::SourceSet sources;
  (void)elig::RenderAll(diags, &sources);
  if (!ok) return 0;
  const elig::CompiledProgram& prog = *rules.programs().front();
  (void)elig::UnknownFacts({&prog}, applicant);
  elig::FactValues facts = elig::Bind(prog, applicant);
  elig::fuzz::Exercise(prog, facts, applicant.as_of.value_or(*elig::ParseDate("2026-06-01")));
  return 0;
}
