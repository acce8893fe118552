// SPDX-License-Identifier: Apache-2.0
#include "common/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace elig::utf8 {
namespace {

// Decodes one code point at text[i]; returns its length, or 0 when invalid.
size_t Decode(std::string_view text, size_t i, char32_t& cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = b(i);
  size_t n;
  if (c < 0x80) { cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Characters a terminal obeys rather than shows: C1 controls (U+009B is a CSI on its own)
// and the bidirectional marks, embeddings, overrides and isolates that reorder a line.
bool IsHidden(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

size_t SequenceLength(std::string_view text, size_t i) {
  char32_t cp;
  return i < text.size() ? Decode(text, i, cp) : 0;
}

std::optional<size_t> FindInvalid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    // ASCII eight bytes at a time: most input is.
    if (i + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    char32_t cp;
    size_t n = Decode(text, i, cp);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t n = Decode(text, i, cp);
    if (n == 0) { ++width; ++i; continue; }
    width += IsWide(cp) ? 2 : 1;
    i += n;
  }
  return width;
}

namespace {

// The code points of `text`; an invalid byte is one unit of its own.
std::vector<char32_t> CodePointsOf(std::string_view text) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t n = Decode(text, i, cp);
    if (n == 0) {
      out.push_back(0x110000u + static_cast<unsigned char>(text[i]));  // outside Unicode: never equal to a character
      ++i;
      continue;
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

}  // namespace

size_t EditDistance(std::string_view a_text, std::string_view b_text) {
  const std::vector<char32_t> a = CodePointsOf(a_text), b = CodePointsOf(b_text);
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

Nearest::Nearest(std::string_view word) : word_(word), limit_(std::max<size_t>(2, CodePoints(word) / 3) + 1) {}

void Nearest::Offer(std::string_view name) {
  if (name == word_ || name.empty()) return;
  // Names far longer or shorter than the word cannot be near: skip the table.
  size_t a = CodePoints(word_), b = CodePoints(name);
  if ((a > b ? a - b : b - a) >= limit_) return;
  size_t d = EditDistance(word_, name);
  if (d < limit_) {
    limit_ = d;
    best_ = std::string(name);
  }
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool EqualsAsciiNoCase(std::string_view text, std::string_view lower_word) {
  if (text.size() != lower_word.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_word[i]) return false;
  }
  return true;
}

std::string Printable(std::string_view text, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (out.size() >= max_bytes) { out += "…"; break; }
    char32_t cp;
    size_t n = Decode(text, i, cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(text[i]));
      out += buf;
      i += n == 0 ? 1 : n;
      continue;
    }
    if (IsHidden(cp)) {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
      out += buf;
      i += n;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace elig::utf8
