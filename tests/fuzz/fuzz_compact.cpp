// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: ReadCompactJson (what `elig explain` reads) on any bytes, against the
// fixed program of fuzz_common.hpp. A decision it accepts must render every way, and its
// compact JSON must read back to the same full JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const elig::CompiledProgram& prog = *elig::fuzz::FixedRules().programs().front();
  std::string text(reinterpret_cast<const char*>(data), size);
  elig::CompactDecision read;
  std::string error;
  if (!elig::ReadCompactJson(prog, text, read, error)) {
    if (error.empty()) elig::fuzz::Disagree("a refused compact JSON", text, "(no message)");
    return 0;
  }
  const elig::Decision& d = read.decision;
  for (elig::Lang lang : {elig::Lang::kJa, elig::Lang::kEn}) {
    elig::TextOptions to;
    to.lang = lang;
    (void)elig::RenderText(d, to);
    (void)elig::RenderJson(d, lang, lang == elig::Lang::kEn);
  }
  const std::string again = elig::RenderCompactJson(d);
  elig::CompactDecision back;
  if (!elig::ReadCompactJson(prog, again, back, error)) elig::fuzz::Disagree("re-reading a compact JSON", again, error);
  if (elig::RenderJson(back.decision, elig::Lang::kJa) != elig::RenderJson(d, elig::Lang::kJa))
    elig::fuzz::Disagree("the compact JSON written again", again, text);
  return 0;
}
