// SPDX-License-Identifier: Apache-2.0
// Reads applicant files (YAML or JSON: JSON is read as YAML, with positions).
#pragma once

#include <string>
#include <vector>

#include "common/source.hpp"
#include "eval/input.hpp"

namespace elig {

// The document is a map of facts, optionally with `id:` and `as_of:`; or a map
// with `facts:` holding them. Errors name the file, line and field.
bool ParseApplicant(const SourceFile& file, Applicant& out, std::vector<Diagnostic>& diags);
struct DocNode;
// The same, from an already parsed map (a test case's `facts:`).
bool ApplicantFromDoc(const SourceFile& file, const DocNode& map, Applicant& out, std::vector<Diagnostic>& diags);
bool ReadApplicantFile(const std::string& path, SourceSet& sources, Applicant& out, std::vector<Diagnostic>& diags);

}  // namespace elig
