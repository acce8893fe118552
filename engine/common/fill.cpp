// SPDX-License-Identifier: Apache-2.0
#include "common/fill.hpp"

namespace elig {
namespace {

bool NameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool NameChar(char c) { return NameStart(c) || (c >= '0' && c <= '9'); }

// Walks `text`, giving each literal piece and each name to `emit`; false when malformed.
template <typename Emit>
bool Walk(std::string_view text, Emit&& emit) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '}') {
      if (i + 1 >= text.size() || text[i + 1] != '}') return false;
      emit(false, std::string_view("}"));
      i += 2;
      continue;
    }
    if (c != '{') {
      size_t next = text.find_first_of("{}", i);
      if (next == std::string_view::npos) next = text.size();
      emit(false, text.substr(i, next - i));
      i = next;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      emit(false, std::string_view("{"));
      i += 2;
      continue;
    }
    size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) return false;
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (name.empty() || !NameStart(name.front())) return false;
    for (char n : name)
      if (!NameChar(n)) return false;
    emit(true, name);
    i = close + 1;
  }
  return true;
}

}  // namespace

bool TemplateNames(std::string_view text, std::vector<std::string>& names) {
  std::vector<std::string> found;
  bool ok = Walk(text, [&](bool is_name, std::string_view piece) {
    if (is_name) found.emplace_back(piece);
  });
  if (ok) names.insert(names.end(), found.begin(), found.end());
  return ok;
}

std::string FillTemplate(std::string_view text, const std::function<std::string(std::string_view)>& value) {
  std::string out;
  Walk(text, [&](bool is_name, std::string_view piece) { out += is_name ? value(piece) : std::string(piece); });
  return out;
}

}  // namespace elig
