// SPDX-License-Identifier: Apache-2.0
// The body of the CSV and JSON Lines fuzz targets: read every row, check the
// stream's promises (rows in order, a bad row never ends the stream, a record read the
// short way (PlainFacts) has the facts ParseRecord gives it), decide the first rows
// against the all-types program.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "common/utf8.hpp"
#include "fuzz_common.hpp"
#include "io/csv.hpp"

namespace elig::fuzz {

// The same value, as binding reads it (a scalar's `quoted` aside, which it does not read).
inline bool SameValue(const RawValue& a, const RawValue& b) {
  if (a.type != b.type || a.text != b.text || a.keys != b.keys || a.items.size() != b.items.size()) return false;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!SameValue(a.items[i], b.items[i])) return false;
  return true;
}

// A record read the short way has the facts ParseRecord gives it: the plain values in
// order, a scalar with the same text, or no value where it is null. `id` and `as_of` aside,
// whose issues are the only ones it may have: ParseRecord refuses it only for an `as_of`
// that is not a date, which the short way's binding (BindPlain) refuses too.
inline void CheckPlain(const std::vector<PlainFact>& plain, const InputRow& row) {
  auto fail = [](const char* what) {
    std::fprintf(stderr, "fuzz: a record read the short way %s\n", what);
    std::abort();
  };
  for (const auto& i : row.issues)
    if (i.fact != "as_of" && i.fact != "id") fail("has an issue in ParseRecord");
  if (!row.readable) {
    bool bad_date = false;
    for (const auto& f : plain) {
      std::string_view t = utf8::TrimBlanks(f.text);
      if (f.name == "as_of" && !t.empty() && !ParseDate(t)) bad_date = true;
    }
    if (!bad_date) fail("is refused by ParseRecord, and not for its as_of");
    return;
  }
  size_t n = 0;
  for (const auto& f : plain) {
    if (f.name == "id" || f.name == "as_of") continue;
    if (n >= row.applicant.facts.size()) fail("has more facts than ParseRecord gives");
    const RawFact& r = row.applicant.facts[n++];
    if (r.name != f.name) fail("names a fact otherwise");
    if (f.list) {
      if (f.null || !SameValue(input_detail::CellValue(std::string(f.text), false, f.list_fact, r.value.loc), r.value))
        fail("has another list");
      continue;
    }
    if (f.null ? r.value.type != RawValue::Type::kNull
               : r.value.type != RawValue::Type::kScalar || r.value.text != f.text)
      fail("has another value");
  }
  if (n != row.applicant.facts.size()) fail("has fewer facts than ParseRecord gives");
}

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
  RawRecord raw;
  std::vector<PlainFact> plain;
  uint64_t expect_seq = 0;
  int decided = 0;
  while (in->NextRecord(raw)) {
    bool short_way = in->PlainFacts(raw, plain);
    in->ParseRecord(raw, row);
    if (short_way) CheckPlain(plain, row);
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
