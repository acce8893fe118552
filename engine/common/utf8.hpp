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
// Levenshtein distance over bytes, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);
// Without the spaces and tabs at either end.
std::string_view TrimBlanks(std::string_view text);
// Escapes what a terminal would obey instead of show, for safe display: control characters
// (ESC starts CSI and OSC sequences) and invalid bytes as `\x1B`, C1 controls and the
// bidirectional controls (U+202E reverses a line) as `\u202E`. At most about `max_bytes`.
std::string Printable(std::string_view text, size_t max_bytes = 80);

}  // namespace elig::utf8
