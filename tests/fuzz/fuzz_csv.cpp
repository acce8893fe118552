// libFuzzer target: the CSV applicant reader of `elig batch`.
#include <cstddef>
#include <cstdint>

#include "fuzz_batch_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  elig::fuzz::ReadAllRows(data, size, [](std::string text, const elig::ReaderOptions& o) {
    return elig::OpenCsvText(std::move(text), "in.csv", o);
  });
  return 0;
}
