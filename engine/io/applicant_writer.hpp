// SPDX-License-Identifier: Apache-2.0
// Writes applicant files that the applicant reader (io/applicant.hpp) takes back exactly:
// what `elig ask --save` writes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/date.hpp"
#include "common/value.hpp"

namespace elig {

// A value as YAML: a number's exact text, a date, yes/no as true/false, text and enum
// values quoted (with escapes for what YAML cannot hold plainly), a list in brackets.
// `enum_def` names an enum's values (of the fact, or of a list's items).
std::string YamlValue(const Value& v, const EnumDef* enum_def);

struct ApplicantYaml {
  std::string comment;                                     // a first line `# …`; none when empty
  std::string id;                                          // `id:` when not empty
  std::optional<Date> as_of;                               // `as_of:` when given
  std::vector<std::pair<std::string, std::string>> facts;  // name, YamlValue, in order
  std::vector<std::string> not_known;                      // facts the applicant did not know: comments
};

std::string WriteApplicantYaml(const ApplicantYaml& applicant);

}  // namespace elig
