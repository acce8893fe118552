// SPDX-License-Identifier: Apache-2.0
// Source files and diagnostics. Every user-facing error has a code and a place:
//   file:line:col: error[code]: message
//      12 |     rule: industy == "manufacturing"
//         |           ^^^^^^^
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"

namespace elig {

struct SourceLoc {
  std::string file;     // as given by the user (relative paths stay relative)
  uint32_t line = 0;    // 1-based; 0 = no position (whole file or no file)
  uint32_t column = 0;  // 1-based, in code points
  uint32_t offset = 0;  // byte offset in the file
  uint32_t length = 0;  // bytes underlined by the caret (at least one column shown)
};

enum class Severity { kError, kWarning, kNote };

// Made through Diagnose (common/diagnose.hpp): the message and the help come from the
// catalog in both languages, and Render shows one.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;   // stable, kebab-case: "unknown-name", "type-mismatch"
  LocalText message;  // one sentence, no trailing period
  SourceLoc loc;
  LocalText help;     // optional: "did you mean `industry`?"
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // Location of a byte range; clamps to the file.
  SourceLoc Loc(size_t offset, size_t length = 1) const;
  std::string_view LineText(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
  // Code points before every kColumnBlock-th byte, so a column on a very long line
  // (one-line JSON) costs a short scan, not one from the line start.
  static constexpr size_t kColumnBlock = 256;
  std::vector<size_t> block_code_points_;
  size_t CodePointsBefore(size_t offset) const;
};

// All source text seen while loading, so diagnostics can show the line.
class SourceSet {
 public:
  const SourceFile& Add(std::string path, std::string text);
  const SourceFile* Find(const std::string& path) const;

 private:
  std::map<std::string, std::unique_ptr<SourceFile>> files_;
};

const char* SeverityName(Severity s);
// The full text in `lang`: header line, source line and caret (when the file is known), help.
std::string Render(const Diagnostic& d, const SourceSet* sources, bool color = false, Lang lang = Lang::kEn);
std::string RenderAll(const std::vector<Diagnostic>& ds, const SourceSet* sources, bool color = false,
                      Lang lang = Lang::kEn);
bool HasErrors(const std::vector<Diagnostic>& ds);
// Sorts by file, line, column, keeping insertion order for ties.
void SortDiagnostics(std::vector<Diagnostic>& ds);

}  // namespace elig
