// SPDX-License-Identifier: Apache-2.0
// How deep JSON text nests, found before it is parsed: readers refuse text nested past
// their limit with this place, instead of letting a parser recurse or a hostile document
// of a million `[` reach one.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace elig {

// The byte offset of the first `[` or `{` past `max_depth` levels of nesting outside
// strings, if any.
inline std::optional<size_t> JsonTooDeep(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return i;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace elig
