// SPDX-License-Identifier: Apache-2.0
// JSON Lines applicant input for `elig batch`: one JSON object per line, read
// with simdjson. Each object is a map of facts, with optional `id` and `as_of`
// (or `{ "id": …, "as_of": …, "facts": { … } }`, like an applicant file).
// Numbers keep their exact text (`0.1` is one tenth, never a binary float); a
// string is text, `true`/`false` a yes/no, `null` an unknown fact, an array a list.
// A line that is not a JSON object is refused with the line and the parser's reason;
// the lines after it are read as usual.
#pragma once

#include <memory>
#include <string>

#include "io/csv.hpp"

namespace elig {

std::unique_ptr<ApplicantStream> OpenJsonlFile(const std::string& path, const ReaderOptions& options = {});
// The same over text in memory (`name` is used in locations), for tests and fuzzing.
std::unique_ptr<ApplicantStream> OpenJsonlText(std::string text, const std::string& name, const ReaderOptions& options = {});

}  // namespace elig
