// SPDX-License-Identifier: Apache-2.0
// Colour for a terminal: the one place that writes ANSI SGR sequences.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace elig {

enum class Tone : uint8_t { kBold, kDim, kGreen, kRed, kYellow, kBoldGreen, kBoldRed, kBoldYellow, kBoldCyan };

// The SGR parameters of a tone ("1;32").
constexpr const char* ToneCode(Tone tone) {
  switch (tone) {
    case Tone::kBold: return "1";
    case Tone::kDim: return "2";
    case Tone::kGreen: return "32";
    case Tone::kRed: return "31";
    case Tone::kYellow: return "33";
    case Tone::kBoldGreen: return "1;32";
    case Tone::kBoldRed: return "1;31";
    case Tone::kBoldYellow: return "1;33";
    case Tone::kBoldCyan: return "1;36";
  }
  return "0";
}

// `text` in `tone` when `color`, else as it is.
inline std::string Paint(bool color, Tone tone, std::string_view text) {
  if (!color) return std::string(text);
  std::string out = "\033[";
  out += ToneCode(tone);
  out += 'm';
  out += text;
  out += "\033[0m";
  return out;
}

// The escape that starts `tone` (empty without colour), for text painted in pieces.
inline std::string ToneStart(bool color, Tone tone) {
  return color ? std::string("\033[") + ToneCode(tone) + "m" : std::string();
}
inline std::string ToneEnd(bool color) { return color ? "\033[0m" : ""; }

}  // namespace elig
