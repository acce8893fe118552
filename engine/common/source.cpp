// SPDX-License-Identifier: Apache-2.0
#include "common/source.hpp"

#include <algorithm>

#include "common/catalog.hpp"
#include "common/paint.hpp"
#include "common/utf8.hpp"

namespace elig {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  size_t count = 0;
  for (size_t i = 0; i <= text_.size(); ++i) {
    if (i % kColumnBlock == 0) block_code_points_.push_back(count);
    if (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  }
}

// `offset` is at most the text's size, so its block is always recorded.
size_t SourceFile::CodePointsBefore(size_t offset) const {
  size_t block = offset / kColumnBlock;
  size_t start = block * kColumnBlock;
  return block_code_points_[block] + utf8::CodePoints(std::string_view(text_).substr(start, offset - start));
}

SourceLoc SourceFile::Loc(size_t offset, size_t length) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  size_t start = line_starts_[line_index];
  SourceLoc loc;
  loc.file = path_;
  loc.line = static_cast<uint32_t>(line_index + 1);
  loc.column = static_cast<uint32_t>(CodePointsBefore(offset) - CodePointsBefore(start) + 1);
  loc.offset = static_cast<uint32_t>(offset);
  loc.length = static_cast<uint32_t>(std::min(length, text_.size() - offset));
  return loc;
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t start = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view s(text_);
  s = s.substr(start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

const SourceFile& SourceSet::Add(std::string path, std::string text) {
  auto file = std::make_unique<SourceFile>(path, std::move(text));
  auto& slot = files_[path];
  slot = std::move(file);
  return *slot;
}

const SourceFile* SourceSet::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second.get();
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

std::string Render(const Diagnostic& d, const SourceSet* sources, bool color, Lang lang) {
  const std::string bold = ToneStart(color, Tone::kBold), reset = ToneEnd(color);
  const std::string sev_color = ToneStart(color, d.severity == Severity::kError     ? Tone::kBoldRed
                                                 : d.severity == Severity::kWarning ? Tone::kBoldYellow
                                                                                    : Tone::kBoldCyan);
  std::string out = bold;
  if (!d.loc.file.empty()) {
    out += d.loc.file;
    if (d.loc.line > 0) out += ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column);
    out += ": ";
  }
  out += reset;
  out += sev_color;
  out += SeverityName(d.severity);
  out += "[" + d.code + "]";
  out += reset;
  out += ": " + utf8::Printable(d.message.Get(lang), 400) + "\n";
  const SourceFile* file = sources && d.loc.line > 0 ? sources->Find(d.loc.file) : nullptr;
  if (file) {
    std::string_view line = file->LineText(d.loc.line);
    std::string num = std::to_string(d.loc.line);
    std::string pad(num.size(), ' ');
    // Columns before the caret and the caret width, in display cells.
    size_t byte_col = 0, cps = 0;
    while (byte_col < line.size() && cps + 1 < d.loc.column) {
      ++byte_col;
      while (byte_col < line.size() && (static_cast<unsigned char>(line[byte_col]) & 0xC0) == 0x80) ++byte_col;
      ++cps;
    }
    std::string spaces;
    for (size_t i = 0; i < byte_col;) {
      if (line[i] == '\t') { spaces += '\t'; ++i; continue; }
      size_t j = i + 1;
      while (j < byte_col && (static_cast<unsigned char>(line[j]) & 0xC0) == 0x80) ++j;
      spaces += std::string(utf8::DisplayWidth(line.substr(i, j - i)), ' ');
      i = j;
    }
    size_t span_bytes = std::min<size_t>(d.loc.length, line.size() - std::min(byte_col, line.size()));
    size_t width = std::max<size_t>(1, utf8::DisplayWidth(line.substr(std::min(byte_col, line.size()), span_bytes)));
    out += " " + num + " | " + utf8::Printable(line, 400) + "\n";
    out += " " + pad + " | " + spaces + sev_color + std::string(width, '^') + reset + "\n";
  }
  if (!d.help.Empty()) out += "  " + Say(lang, Msg::kDiagHelp, fmt::arg("help", d.help.Get(lang))) + "\n";
  return out;
}

std::string RenderAll(const std::vector<Diagnostic>& ds, const SourceSet* sources, bool color, Lang lang) {
  std::string out;
  for (const auto& d : ds) out += Render(d, sources, color, lang);
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& ds) {
  return std::any_of(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void SortDiagnostics(std::vector<Diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.column < b.loc.column;
  });
}

}  // namespace elig
