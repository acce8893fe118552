// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the JSON Lines applicant reader of `elig batch`.
#include <cstddef>
#include <cstdint>

#include "fuzz_batch_input.hpp"
#include "io/jsonl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  elig::fuzz::ReadAllRows(data, size, [](std::string text, const elig::ReaderOptions& o) {
    return elig::OpenJsonlText(std::move(text), "in.jsonl", o);
  });
  return 0;
}
