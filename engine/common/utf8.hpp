// SPDX-License-Identifier: Apache-2.0
// UTF-8 helpers: validation, code-point counting and terminal display width.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace elig::utf8 {

// Byte offset of the first invalid sequence, or nullopt when the text is valid UTF-8.
std::optional<size_t> FindInvalid(std::string_view text);
// The length of the valid UTF-8 sequence starting at text[i] (1 to 4), or 0 when it is
// not one (overlong forms, surrogates and values past U+10FFFF are invalid).
size_t SequenceLength(std::string_view text, size_t i);
size_t CodePoints(std::string_view text);
// Columns a terminal uses: East Asian wide and fullwidth characters count 2.
size_t DisplayWidth(std::string_view text);
// Levenshtein distance over code points (従業員 is one edit from 従業員数), for "did you
// mean" suggestions; invalid bytes count one each.
size_t EditDistance(std::string_view a, std::string_view b);

// The nearest of the names offered to `word`, when it is near enough to be a slip: at most
// max(2, a third of the word's characters) edits, the first of equals winning. One helper
// for every "did you mean": rule names, facts, enum values, applicant keys, the C API.
class Nearest {
 public:
  explicit Nearest(std::string_view word);
  void Offer(std::string_view name);
  // The nearest name, or "" when nothing was near (the catalog words it: DidYouMean in
  // common/diagnose.hpp, Msg::kDiagDidYouMean).
  const std::string& best() const { return best_; }

 private:
  std::string word_;
  size_t limit_;  // distances below this are near enough
  std::string best_;
};

// Without the spaces and tabs at either end.
std::string_view TrimBlanks(std::string_view text);
// ASCII letters in lower case; every other byte (UTF-8 among them) as it is.
std::string AsciiLower(std::string_view text);
// `text` equals `lower_word` (lower-case ASCII) but for the case of its ASCII letters.
bool EqualsAsciiNoCase(std::string_view text, std::string_view lower_word);

// Escapes what a terminal would obey instead of show, for safe display: control characters
// (ESC starts CSI and OSC sequences) and invalid bytes as `\x1B`, C1 controls and the
// bidirectional controls (U+202E reverses a line) as `\u202E`. At most about `max_bytes`.
std::string Printable(std::string_view text, size_t max_bytes = 80);

}  // namespace elig::utf8
