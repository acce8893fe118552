// SPDX-License-Identifier: Apache-2.0
// Applicant JSON, read by one reader for every door: an applicant file (`elig check`,
// `elig match`, `elig ask --applicant`), a list of applicants (`elig diff`), a line of
// JSON Lines (`elig batch`) and elig_input_set_json. All read it with simdjson and with
// the same rules:
// - an object of facts, with optional `id`, `as_of` and `note` (a remark, not a fact);
//   or `{ "id": …, "as_of": …, "facts": { … } }` — never facts beside a `facts` object;
// - a string is text (`\ud842\udfb7` escapes are the one character they encode), a
//   number keeps its exact text (never a binary float), `true`/`false` a yes/no,
//   `null` an unknown fact, an array of scalars a list;
// - no key may be given twice: a fact given twice counts as unknown, with an issue; a
//   second `id`, `as_of`, `facts` or `note` refuses the applicant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/source.hpp"
#include "io/csv.hpp"

namespace elig {

// Where a byte of the JSON text is for people: a line of JSON Lines, a file, an API string.
class JsonPlaces {
 public:
  virtual ~JsonPlaces() = default;
  virtual SourceLoc At(size_t offset, size_t length) = 0;
};

struct JsonApplicantOptions {
  size_t max_fields = 10'000;  // keys of one applicant
};

// Reads `text` as one JSON object into `row` (its applicant, issues and readability, as
// the batch readers fill an InputRow). `readable` bytes from text.data() may be read
// (simdjson reads up to SIMDJSON_PADDING past the end; the caller pads). Anything after
// the object but blanks refuses it.
// `codes`, when given, gets the diagnostic code of each issue ("duplicate-key", …), in order.
void ReadJsonApplicant(std::string_view text, size_t readable, const JsonApplicantOptions& options, JsonPlaces& places,
                       InputRow& row, std::vector<std::string>* codes = nullptr);

// `text` with the padding ReadJsonApplicant needs (the padding is blanks past size()).
std::string PadJson(std::string_view text);

// An applicant file that is JSON: every issue is an error diagnostic at its line and column.
bool ParseApplicantJson(const SourceFile& file, Applicant& out, std::vector<Diagnostic>& diags);
// A JSON list of applicants (`[ {…}, … ]`, `{"applicants": [ … ]}`, or one applicant), each
// read as ParseApplicantJson reads one; an applicant without an id is named `file:line`.
bool ParseApplicantListJson(const SourceFile& file, std::vector<Applicant>& out, std::vector<Diagnostic>& diags);
// A file is read as JSON when its name ends in `.json`, or it starts (after blanks and a
// byte order mark) with `{"` or `{}`, or `[` and then one of those (a list of applicants):
// YAML's flow maps with plain keys stay YAML.
bool LooksLikeJson(const std::string& path, std::string_view text);

}  // namespace elig
