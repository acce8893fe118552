// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the CSV applicant reader of `elig batch`. Besides the stream's
// promises, every input is read twice, with records without quotes cut and split at once
// (the default) and byte by byte: the two must give the same rows, fields, places and
// problems.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_batch_input.hpp"

namespace {

std::string Loc(const elig::SourceLoc& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + "@" + std::to_string(l.offset) + "+" +
         std::to_string(l.length);
}

std::string Value(const elig::RawValue& v) {
  std::string s = std::to_string(static_cast<int>(v.type)) + (v.quoted ? "q" : "") + "<" + v.text + ">" + Loc(v.loc);
  for (const auto& i : v.items) s += "[" + Value(i) + "]";
  return s;
}

std::string Rows(const uint8_t* data, size_t size, bool at_once) {
  elig::ReaderOptions o;
  o.list_facts = {"certs", "counts", "names", "amounts"};
  if (size > 0 && data[0] % 4 == 0) {
    o.max_row_bytes = 64;
    o.max_fields = 4;
  }
  o.plain_records_at_once = at_once;
  auto in = elig::OpenCsvText(std::string(reinterpret_cast<const char*>(data), size), "in.csv", o);
  std::string out;
  elig::InputRow r;
  while (in->Next(r)) {
    out += std::to_string(r.seq) + " " + std::to_string(r.line) + (r.readable ? " ok " : " refused ") + r.applicant.id + "\n";
    for (const auto& f : r.applicant.facts) out += " " + f.name + " " + Loc(f.loc) + " " + Value(f.value) + "\n";
    for (const auto& i : r.issues) out += " ! " + i.fact + " " + i.message.en + " " + Loc(i.loc) + "\n";
  }
  return out + "error " + in->error().en + " at " + std::to_string(in->position());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  elig::fuzz::ReadAllRows(data, size, [](std::string text, const elig::ReaderOptions& o) {
    return elig::OpenCsvText(std::move(text), "in.csv", o);
  });
  if (Rows(data, size, true) != Rows(data, size, false)) {
    std::fprintf(stderr, "fuzz: a record read at once differs from the byte-by-byte reading\n");
    std::abort();
  }
  return 0;
}
