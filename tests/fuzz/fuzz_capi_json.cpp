// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the C API's JSON input (elig_input_set_json), lenient and
// strict, then an evaluation and every rendering the API offers. Uses only
// elig.h, as a host program would.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "elig.h"
#include "fuzz_common.hpp"

namespace {

void Require(int rc, const char* what) {
  if (rc != ELIG_OK) {
    std::fprintf(stderr, "fuzz_capi_json: %s failed: %s\n", what, elig_errstr(rc));
    std::abort();
  }
}

const elig_program* Program() {
  static elig_program* program = [] {
    const char* paths[] = {"common/m.yaml", "p.yaml"};
    const char* texts[] = {elig::fuzz::kModule, elig::fuzz::kProgram};
    elig_rules* rules = nullptr;
    Require(elig_rules_open_texts(2, paths, texts, &rules), "elig_rules_open_texts");
    elig_program* p = nullptr;
    Require(elig_program_open(rules, "fuzz.all-types", &p), "elig_program_open");
    elig_rules_free(rules);  // the program keeps what it needs
    return p;
  }();
  return program;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const elig_program* program = Program();
  std::string json(reinterpret_cast<const char*>(data), size);  // NUL-terminated; an inner NUL ends it early
  for (int flags : {0, ELIG_INPUT_STRICT}) {
    elig_input* input = nullptr;
    Require(elig_input_new(program, &input), "elig_input_new");
    int rc = elig_input_set_json(input, json.c_str(), flags);
    if (rc != ELIG_OK && elig_input_errmsg(input)[0] == '\0') {
      std::fprintf(stderr, "fuzz_capi_json: error %s without a message\n", elig_errstr(rc));
      std::abort();
    }
    for (int eval_flags : {0, ELIG_EVAL_NO_TRACE}) {
      elig_decision* d = nullptr;
      if (elig_evaluate(program, input, "2026-06-01", eval_flags, &d) != ELIG_OK) continue;
      int outcome = 0;
      Require(elig_decision_outcome(d, &outcome), "elig_decision_outcome");
      const char* text = nullptr;
      (void)elig_decision_award(d, &text);
      (void)elig_decision_score(d, &text, nullptr);
      for (int lang : {ELIG_LANG_JA, ELIG_LANG_EN}) {
        Require(elig_decision_json(d, lang, lang == ELIG_LANG_JA ? ELIG_JSON_PRETTY : 0, &text), "elig_decision_json");
        Require(elig_decision_text(d, lang, &text), "elig_decision_text");
      }
      elig_decision_free(d);
    }
    elig_input_free(input);
  }
  return 0;
}
