// The body of the CSV and JSON Lines fuzz targets: read every row, check the
// stream's promises (rows in order, a bad row never ends the stream), decide
// the first rows against the all-types program.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "fuzz_common.hpp"
#include "io/csv.hpp"

namespace elig::fuzz {

template <class Open>
void ReadAllRows(const uint8_t* data, size_t size, Open open) {
  const RuleSet& rules = FixedRules();
  const CompiledProgram& prog = *rules.programs().front();
  ReaderOptions options;
  options.list_facts = {"certs", "counts", "names", "amounts"};
  // The first byte picks tight limits sometimes, so the limit paths are reached on small inputs.
  if (size > 0 && data[0] % 4 == 0) {
    options.max_row_bytes = 64;
    options.max_fields = 4;
  }
  std::unique_ptr<ApplicantStream> in = open(std::string(reinterpret_cast<const char*>(data), size), options);
  InputRow row;
  uint64_t expect_seq = 0;
  int decided = 0;
  while (in->Next(row)) {
    if (row.seq != expect_seq++) {
      std::fprintf(stderr, "fuzz: rows out of order\n");
      std::abort();
    }
    if (in->position() > size + 1) {
      std::fprintf(stderr, "fuzz: position past the end of the input\n");
      std::abort();
    }
    if (!row.readable || decided >= 8) continue;
    ++decided;
    FactValues facts = Bind(prog, row.applicant);
    Exercise(prog, facts, row.applicant.as_of.value_or(*ParseDate("2026-06-01")));
    row = InputRow{};
  }
}

}  // namespace elig::fuzz
