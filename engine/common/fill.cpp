// SPDX-License-Identifier: Apache-2.0
#include "common/fill.hpp"

namespace elig {
namespace {

bool NameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool NameChar(char c) { return NameStart(c) || (c >= '0' && c <= '9'); }

enum class Piece { kText, kName, kOpen, kClose };

// Walks `text`, giving each literal piece, each name and each `[[`/`]]` to `emit`; false when
// malformed.
template <typename Emit>
bool Walk(std::string_view text, Emit&& emit) {
  size_t i = 0;
  bool open = false;
  while (i < text.size()) {
    char c = text[i];
    if (text.substr(i, 2) == "[[" || text.substr(i, 2) == "]]") {
      bool opening = c == '[';
      if (opening == open) return false;  // nested, or closed without opening
      open = opening;
      emit(opening ? Piece::kOpen : Piece::kClose, text.substr(i, 2));
      i += 2;
      continue;
    }
    if (c == '}') {
      if (i + 1 >= text.size() || text[i + 1] != '}') return false;
      emit(Piece::kText, std::string_view("}"));
      i += 2;
      continue;
    }
    if (c != '{') {
      size_t next = i + 1;
      while (next < text.size() && text[next] != '{' && text[next] != '}' && text.substr(next, 2) != "[[" &&
             text.substr(next, 2) != "]]")
        ++next;
      emit(Piece::kText, text.substr(i, next - i));
      i = next;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      emit(Piece::kText, std::string_view("{"));
      i += 2;
      continue;
    }
    size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) return false;
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (name.empty() || !NameStart(name.front())) return false;
    for (char n : name)
      if (!NameChar(n)) return false;
    emit(Piece::kName, name);
    i = close + 1;
  }
  return !open;
}

}  // namespace

bool TemplateNames(std::string_view text, std::vector<std::string>& names) {
  std::vector<std::string> found;
  bool ok = Walk(text, [&](Piece kind, std::string_view piece) {
    if (kind == Piece::kName) found.emplace_back(piece);
  });
  if (ok) names.insert(names.end(), found.begin(), found.end());
  return ok;
}

std::optional<std::string> FillTemplate(std::string_view text,
                                        const std::function<std::optional<std::string>(std::string_view)>& value) {
  std::string out, part;
  bool in_part = false, part_known = true, known = true;
  Walk(text, [&](Piece kind, std::string_view piece) {
    switch (kind) {
      case Piece::kOpen:
        in_part = true;
        part_known = true;
        part.clear();
        return;
      case Piece::kClose:
        in_part = false;
        if (part_known) out += part;
        return;
      case Piece::kText: (in_part ? part : out) += piece; return;
      case Piece::kName: {
        std::optional<std::string> v = value(piece);
        if (!v) (in_part ? part_known : known) = false;
        else (in_part ? part : out) += *v;
        return;
      }
    }
  });
  if (!known) return std::nullopt;
  return out;
}

}  // namespace elig
