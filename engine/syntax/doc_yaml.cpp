// SPDX-License-Identifier: Apache-2.0
// The only reader of YAML: yaml-cpp's event parser, turned into a DocNode
// tree with byte offsets by an event handler; no YAML::Node is built. Limits are checked in
// the handler as events arrive; a handler that finds one throws to stop yaml-cpp there.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <climits>
#include <istream>
#include <new>
#include <streambuf>
#include <unordered_map>

#include "common/diagnose.hpp"
#include "common/utf8.hpp"
#include "syntax/doc.hpp"

namespace elig {
namespace {

constexpr size_t kNone = std::string::npos;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsBreak(char c) { return c == '\n' || c == '\r'; }
bool EndsToken(std::string_view text, size_t i) { return i >= text.size() || IsBlank(text[i]) || IsBreak(text[i]); }

// Past a quoted scalar opening at text[open]; kNone when it is never closed.
size_t SkipQuoted(std::string_view text, size_t open) {
  char quote = text[open];
  size_t i = open + 1;
  while (i < text.size()) {
    if (quote == '"' && text[i] == '\\') {
      i += 2;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return kNone;
}

// yaml-cpp decides whether a flow collection is a key only at the `,` `:` or `]` after its
// first entry, and tokenises everything before that first: `[[[[…` (or a huge first entry)
// is held as tokens, tens of bytes each, before the handler sees one event. This light
// lexer finds where flow nesting passes max_depth or flow entries pass twice max_nodes
// (every `[`, `{` and `,` stands after or for at least one node), so yaml-cpp reads only
// the text before it, with the open collections closed: the handler then finds the limit
// at its exact node. The lexer errs towards seeing less (it never looks inside quotes,
// comments or block scalars).
// yaml-cpp also ends a plain scalar in a flow collection at any `?` (`{ en: How many? }`
// is an error to it, and fine in YAML): the lexer lists those, to be read as another byte.
struct FlowScan {
  size_t at = kNone;                // where yaml-cpp's text is cut
  bool too_deep = false;            // else too many entries
  std::string closers;              // `]` and `}` for the collections open at the cut
  std::vector<size_t> in_scalar_q;  // a `?` inside a plain scalar in a flow collection
};

FlowScan ScanFlow(std::string_view text, uint32_t max_depth, uint64_t max_entries) {
  FlowScan out;
  const size_t n = text.size();
  size_t i = 0, indent = 0;
  uint64_t entries = 0;
  std::string open;  // the closing bracket of each flow collection open here, innermost last
  auto cut = [&](bool too_deep) {
    out.at = i;
    out.too_deep = too_deep;
    out.closers.assign(open.rbegin(), open.rend());
    return out;
  };
  bool line_start = true, node_start = true, token_start = true;
  while (i < n) {
    char c = text[i];
    if (IsBreak(c)) {
      ++i;
      if (open.empty()) line_start = node_start = true;
      continue;
    }
    if (line_start && open.empty()) {
      indent = 0;
      while (i + indent < n && text[i + indent] == ' ') ++indent;
      i += indent;
      line_start = false;
      continue;
    }
    if (IsBlank(c)) {
      ++i;
      token_start = true;
      continue;
    }
    if (c == '#' && (i == 0 || IsBlank(text[i - 1]) || IsBreak(text[i - 1]))) {
      while (i < n && !IsBreak(text[i])) ++i;
      continue;
    }
    bool opens = (c == '[' || c == '{') && (!open.empty() || node_start);
    if (opens || (!open.empty() && c == ',')) {
      if (opens && open.size() > max_depth) return cut(true);  // the root and max_depth levels under it
      if (++entries > max_entries) return cut(false);
      if (opens) open.push_back(c == '[' ? ']' : '}');
      token_start = true;
      ++i;
      continue;
    }
    if (!open.empty()) {  // flow context
      if (c == ']' || c == '}') {
        open.pop_back();
        if (open.empty()) node_start = false;  // a flow key in block context: `: ` still follows
      } else if ((c == '"' || c == '\'') && token_start) {
        i = std::min(SkipQuoted(text, i), n);
        token_start = false;
        continue;
      } else if (c == '?' && !(token_start && (EndsToken(text, i + 1) || std::string_view(",]}").find(text[i + 1]) != kNone))) {
        out.in_scalar_q.push_back(i);
        token_start = false;
        ++i;
        continue;
      }
      token_start = c == ':' || c == '?';
      ++i;
      continue;
    }
    if (!node_start) {  // inside a plain scalar: only `: ` starts a value
      if (c == ':' && EndsToken(text, i + 1)) node_start = true;
      ++i;
      continue;
    }
    switch (c) {
      case '"':
      case '\'':
        i = std::min(SkipQuoted(text, i), n);
        node_start = false;
        continue;
      case '|':
      case '>': {  // a block scalar: its lines are those indented deeper, and blank ones
        while (i < n && !IsBreak(text[i])) ++i;
        for (;;) {
          size_t line = i;
          while (line < n && IsBreak(text[line])) ++line;
          size_t k = line;
          while (k < n && text[k] == ' ') ++k;
          bool blank = k >= n || IsBreak(text[k]) || text[k] == '\t';
          if (line >= n || (!blank && k - line <= indent)) break;
          i = k;
          while (i < n && !IsBreak(text[i])) ++i;
        }
        continue;
      }
      case '-':
      case '?':
      case ':':
        if (EndsToken(text, i + 1)) {
          ++i;
          continue;
        }
        if (c == '-' && indent == 0 && text.substr(i, 3) == "---" && EndsToken(text, i + 3)) {
          i += 3;
          continue;
        }
        break;
      case '&':
      case '!':  // properties: the node follows them
        while (!EndsToken(text, i)) ++i;
        continue;
      default:
        break;
    }
    node_start = false;
    ++i;
  }
  return out;
}

// A control byte the text does not hold, or '\0' when it holds them all.
char UnusedControl(std::string_view text) {
  bool seen[32] = {};
  for (char c : text)
    if (static_cast<unsigned char>(c) < 32) seen[static_cast<unsigned char>(c)] = true;
  for (char c = 1; c < 32; ++c)
    if (c != '\t' && c != '\n' && c != '\r' && !seen[static_cast<unsigned char>(c)]) return c;
  return '\0';
}

// A read-only view of the text as a std::istream, without a copy.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view text) {
    char* p = const_cast<char*>(text.data());  // never written: no put area, no putback
    setg(p, p, p + text.size());
  }
};

struct Stop {};  // thrown by the handler once it has reported a limit

class Builder : public YAML::EventHandler {
 public:
  Builder(const SourceFile& file, size_t base, DocNode& root, std::vector<Diagnostic>& diags, const DocLimits& limits,
          char question)
      : file_(file), base_(base), root_(root), diags_(diags), limits_(limits), question_(question) {}

  template <class... Args>
  [[noreturn]] void Fail(size_t at, std::string code, Msg id, const Args&... args) {
    diags_.push_back(Diagnose(Severity::kError, std::move(code), file_.Loc(at), id, args...));
    throw Stop{};
  }
  // Within the file: past a cut, yaml-cpp reads the closing brackets ScanFlow added, which the
  // file does not hold.
  size_t At(const YAML::Mark& mark) const {
    return std::min(base_ + static_cast<size_t>(std::max(mark.pos, 0)), file_.text().size());
  }
  size_t documents() const { return documents_; }
  bool last_scalar_quoted() const { return last_scalar_quoted_; }
  size_t last_scalar_at() const { return last_scalar_at_; }
  size_t last_event_at() const { return last_event_at_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 1) return;
    // A document after `---` would otherwise be dropped in silence (its rules or facts lost).
    size_t at = At(mark);
    std::string_view rest = std::string_view(file_.text()).substr(at);
    if (rest.rfind("---", 0) == 0 || AfterDocumentEnd(at)) Fail(at, "extra-document", Msg::kYamlSecondDocument);
    Fail(at, "yaml-syntax", Msg::kYamlAfterDocument);
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    DocNode* n = Place(1, 0, mark);
    n->offset = static_cast<uint32_t>(EmptyAt(At(mark)));
    Anchor(anchor, *n, 1, 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
    DocNode* n = Place(1, 0, mark);
    n->type = DocNode::Type::kScalar;
    n->offset = Offset(mark);
    n->scalar = value;
    if (question_ && tag == "?") std::replace(n->scalar.begin(), n->scalar.end(), question_, '?');
    // Quoted or block text ("!", yaml-cpp's non-specific tag) is never a number or yes/no by
    // accident; an explicit tag (`!!str 12`) is not honoured: a rule file is data, and its
    // types are elig's.
    n->quoted = tag == "!";
    last_scalar_quoted_ = n->quoted;
    last_scalar_at_ = n->offset;
    Anchor(anchor, *n, 1, 0);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchored_.find(anchor);
    if (it == anchored_.end()) {  // its node is still open: `&a [*a]`
      auto name = names_.find(anchor);
      Fail(At(mark), "yaml-syntax", Msg::kYamlUnknownAnchor,
           fmt::arg("name", utf8::Printable(name == names_.end() ? "" : name->second)));
    }
    *Place(it->second.nodes, it->second.height, mark) = it->second.node;
    last_scalar_quoted_ = false;
  }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    Open(mark, DocNode::Type::kSeq, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    Open(mark, DocNode::Type::kMap, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    DocNode* node;
    YAML::anchor_t anchor;
    uint64_t nodes_at_start;
    bool key_next = true;  // a map expecting a key
    uint32_t height = 0;   // of the tallest child so far, plus one
  };
  // Anchored nodes, kept whole: an alias is a copy, counted node by node so that a "billion
  // laughs" document stops at the limit, and by its height so that aliases nested in
  // aliases stay within the depth limit.
  struct Anchored {
    DocNode node;
    uint64_t nodes;
    uint32_t height;  // 0 for a scalar
  };

  uint32_t Offset(const YAML::Mark& mark) const { return static_cast<uint32_t>(At(mark)); }

  // A node of `nodes` nodes and `height` placed at the current depth: within the limits (the
  // deepest node under it counts), its parent at least one taller. Where it goes: the root, a
  // list's next item, or a map's key or value.
  DocNode* Place(uint64_t nodes, uint32_t height, const YAML::Mark& mark) {
    last_event_at_ = At(mark);
    nodes_ += nodes;
    if (nodes_ > limits_.max_nodes) Fail(At(mark), "too-large", Msg::kYamlTooManyNodes, fmt::arg("max", limits_.max_nodes));
    if (stack_.size() + height > limits_.max_depth)
      Fail(At(mark), "too-deep", Msg::kYamlTooDeep, fmt::arg("max", limits_.max_depth));
    if (stack_.empty()) return &root_;
    Frame& f = stack_.back();
    f.height = std::max(f.height, height + 1);
    if (f.node->type == DocNode::Type::kSeq) return &f.node->items.emplace_back();
    f.key_next = !f.key_next;
    if (!f.key_next) return &f.node->entries.emplace_back().first;
    return &f.node->entries.back().second;
  }
  void Open(const YAML::Mark& mark, DocNode::Type type, YAML::anchor_t anchor) {
    DocNode* n = Place(1, 0, mark);
    n->type = type;
    n->offset = Offset(mark);
    Name(anchor);
    stack_.push_back({n, anchor, nodes_});
  }
  void Close() {
    Frame f = stack_.back();
    stack_.pop_back();
    if (!stack_.empty()) stack_.back().height = std::max(stack_.back().height, f.height + 1);
    if (f.anchor) anchored_[f.anchor] = {*f.node, nodes_ - f.nodes_at_start + 1, f.height};
  }
  void Name(YAML::anchor_t anchor) {
    if (anchor) names_[anchor] = std::move(pending_name_);
  }
  void Anchor(YAML::anchor_t anchor, const DocNode& node, uint64_t nodes, uint32_t height) {
    if (!anchor) return;
    Name(anchor);
    anchored_[anchor] = {node, nodes, height};
  }
  // yaml-cpp marks an empty node (`id:` and nothing) at the next token, often the next line;
  // it is said to be just after its `:`, `-` or `?`, past blanks and comments.
  size_t EmptyAt(size_t at) const {
    std::string_view text = file_.text();
    if (at < text.size() && std::string_view("~nN&!").find(text[at]) != kNone) return at;  // a null written out
    size_t j = at;
    for (int lines = 0; lines < 64; ++lines) {
      while (j > base_ && (IsBlank(text[j - 1]) || IsBreak(text[j - 1]))) --j;
      if (j > base_ && std::string_view(":-?,[{").find(text[j - 1]) != kNone) return j;
      size_t line = text.rfind('\n', j == 0 ? 0 : j - 1);
      line = line == kNone ? base_ : line + 1;
      size_t hash = text.substr(0, j).find('#', line);
      while (hash != kNone && hash > line && !IsBlank(text[hash - 1])) hash = text.substr(0, j).find('#', hash + 1);
      if (hash == kNone || hash >= j) return at;
      j = hash;  // a comment ends here: look before it
    }
    return at;
  }
  // A `...` line before `at`, after the first document's start: what follows is a document.
  bool AfterDocumentEnd(size_t at) const {
    std::string_view text = std::string_view(file_.text()).substr(0, at);
    size_t end = text.rfind("\n...");
    return end != kNone && end >= root_.offset && EndsToken(text, end + 4);
  }

  const SourceFile& file_;
  size_t base_;  // the BOM's bytes: yaml-cpp counts from after it
  DocNode& root_;
  std::vector<Diagnostic>& diags_;
  const DocLimits& limits_;
  char question_;  // stands for `?` in plain scalars, when not '\0'
  std::vector<Frame> stack_;
  uint64_t nodes_ = 0;
  size_t documents_ = 0;
  std::string pending_name_;
  std::unordered_map<YAML::anchor_t, std::string> names_;
  std::unordered_map<YAML::anchor_t, Anchored> anchored_;
  bool last_scalar_quoted_ = false;
  size_t last_scalar_at_ = 0;
  size_t last_event_at_ = 0;
};

// yaml-cpp's error, in words a rule author knows where it has a known cause; else its own
// English words, in both languages. `after` is where the last node began: a quoted text that
// the end of the file cut off opens after it.
Diagnostic SyntaxError(const SourceFile& file, size_t at, size_t after, const YAML::ParserException& e) {
  namespace E = YAML::ErrorMsg;
  std::string_view text = file.text();
  auto say = [&](Msg id, auto... args) { return Diagnose(Severity::kError, "yaml-syntax", file.Loc(at), id, args...); };
  const std::string& m = e.msg;
  if (m == E::EOF_IN_SCALAR) {
    for (size_t q = text.find_first_of("\"'", after); q < text.size(); q = text.find_first_of("\"'", q + 1)) {
      bool starts = q == 0 || IsBlank(text[q - 1]) || IsBreak(text[q - 1]) || std::string_view("[{,:?-").find(text[q - 1]) != kNone;
      if (starts && SkipQuoted(text, q) == kNone) {
        at = q;
        break;
      }
    }
    return say(Msg::kYamlUnclosedQuote);
  }
  // A tab in the indentation of the line is what yaml-cpp stumbled on, whatever it says.
  size_t line = text.rfind('\n', at == 0 ? 0 : at - 1);
  line = line == kNone ? 0 : line + 1;
  size_t lead = text.find_first_not_of(' ', line);
  if (lead < at && lead < text.size() && text[lead] == '\t') {
    at = lead;
    return say(Msg::kYamlTabIndent);
  }
  if (m == E::END_OF_MAP_FLOW) return say(Msg::kYamlFlowMapOpen);
  if (m == E::END_OF_SEQ_FLOW) return say(Msg::kYamlFlowSeqOpen);
  if (m == E::END_OF_MAP) return say(Msg::kYamlBlockMapEnd);
  if (m == E::END_OF_SEQ) return say(Msg::kYamlBlockSeqEnd);
  if (m == E::MAP_VALUE) return say(Msg::kYamlColonHere);
  if (m == E::TAB_IN_INDENTATION) return say(Msg::kYamlTabIndent);
  if (m == E::FLOW_END) return say(Msg::kYamlStrayClose);
  std::string_view escape = E::INVALID_ESCAPE;
  if (m.rfind(escape, 0) == 0) {  // yaml-cpp points past it: the caret goes to its backslash
    std::string what = m.substr(escape.size());
    if (size_t back = text.rfind("\\" + what, at); back != kNone && at - back <= what.size() + 1) at = back;
    return say(Msg::kYamlBadEscape, fmt::arg("escape", utf8::Printable(what, 8)));
  }
  if (m.empty()) return say(Msg::kYamlMalformed);
  return say(Msg::kYamlSyntax, fmt::arg("problem", m));
}

// The alias name at `*`, for yaml-cpp's "the referenced anchor is not defined", which has none.
std::string AliasName(std::string_view text, size_t at) {
  if (at >= text.size() || text[at] != '*') return "";
  size_t end = at + 1;
  while (!EndsToken(text, end) && text[end] != ',' && text[end] != ']' && text[end] != '}') ++end;
  return std::string(text.substr(at + 1, end - at - 1));
}

}  // namespace

DocNode::~DocNode() = default;

const DocNode* DocNode::Get(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.IsScalar() && k.scalar == key) return &v;
  return nullptr;
}

bool ParseDoc(const SourceFile& file, DocNode& out, std::vector<Diagnostic>& diags, const DocLimits& limits) {
  const std::string& text = file.text();
  // yaml-cpp counts positions in an int.
  uint64_t max_bytes = std::min<uint64_t>(limits.max_bytes, INT_MAX);
  if (text.size() > max_bytes) {
    SourceLoc whole;
    whole.file = file.path();
    diags.push_back(Diagnose(Severity::kError, "too-large", std::move(whole), Msg::kYamlFileTooLarge,
                             fmt::arg("bytes", text.size()), fmt::arg("max", max_bytes)));
    return false;
  }
  size_t start = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) start = 3;  // a UTF-8 BOM is allowed and ignored
  std::string_view body = std::string_view(text).substr(start);
  if (auto bad = utf8::FindInvalid(body)) {
    diags.push_back(Diagnose(Severity::kError, "invalid-utf8", file.Loc(start + *bad), Msg::kYamlInvalidUtf8));
    return false;
  }
  // Also keeps yaml-cpp from taking the text for UTF-16 or UTF-32.
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    diags.push_back(Diagnose(Severity::kError, "invalid-utf8", file.Loc(nul), Msg::kYamlNul));
    return false;
  }
  FlowScan cut = ScanFlow(body, limits.max_depth, 2 * uint64_t{limits.max_nodes});
  std::string changed;  // the text before a cut, its collections closed; a plain `?` as another byte
  std::string_view read = body;
  char question = cut.in_scalar_q.empty() ? '\0' : UnusedControl(body);
  if (cut.at != kNone || question) {
    changed.append(body.substr(0, cut.at)).append(cut.closers);
    if (question)
      for (size_t q : cut.in_scalar_q) changed[q] = question;
    read = changed;
  }
  auto cut_error = [&] {
    size_t at = start + cut.at;
    diags.push_back(cut.too_deep ? Diagnose(Severity::kError, "too-deep", file.Loc(at), Msg::kYamlTooDeep,
                                            fmt::arg("max", limits.max_depth))
                                 : Diagnose(Severity::kError, "too-large", file.Loc(at), Msg::kYamlTooManyNodes,
                                            fmt::arg("max", limits.max_nodes)));
    return false;
  };

  out = DocNode();
  ViewBuf buf(read);
  std::istream in(&buf);
  Builder b(file, start, out, diags, limits, question);
  try {
    YAML::Parser parser(in);
    // The first document, then the rest of the stream: well formed, and no second document.
    while (parser.HandleNextDocument(b)) {
    }
  } catch (const Stop&) {
    return false;
  } catch (const YAML::DeepRecursion& e) {
    diags.push_back(Diagnose(Severity::kError, "too-deep", file.Loc(b.At(e.mark)), Msg::kYamlTooDeep,
                             fmt::arg("max", limits.max_depth)));
    return false;
  } catch (const YAML::ParserException& e) {
    if (cut.at != kNone) return cut_error();
    size_t at = e.mark.pos < 0 ? text.size() : b.At(e.mark);
    if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
      diags.push_back(Diagnose(Severity::kError, "yaml-syntax", file.Loc(at), Msg::kYamlUnknownAnchor,
                               fmt::arg("name", utf8::Printable(AliasName(text, at)))));
    } else {
      diags.push_back(SyntaxError(file, at, b.last_event_at(), e));
    }
    return false;
  } catch (const YAML::Exception& e) {
    diags.push_back(Diagnose(Severity::kError, "yaml-syntax", file.Loc(e.mark.pos < 0 ? text.size() : b.At(e.mark)),
                             Msg::kYamlSyntax, fmt::arg("problem", e.msg)));
    return false;
  } catch (const std::bad_alloc&) {
    diags.push_back(Diagnose(Severity::kError, "too-large", file.Loc(text.size()), Msg::kYamlOutOfMemory));
    return false;
  }
  if (cut.at != kNone) return cut_error();
  // yaml-cpp takes a quoted scalar cut off by the end of the file after a line break; only the
  // last scalar can be one.
  if (b.last_scalar_quoted()) {
    size_t open = b.last_scalar_at();
    while (open < text.size() && (text[open] == '&' || text[open] == '!')) {  // its anchor or tag
      while (!EndsToken(text, open)) ++open;
      while (open < text.size() && (IsBlank(text[open]) || IsBreak(text[open]))) ++open;
    }
    if (open < text.size() && (text[open] == '"' || text[open] == '\'') && SkipQuoted(text, open) == kNone) {
      diags.push_back(Diagnose(Severity::kError, "yaml-syntax", file.Loc(open), Msg::kYamlUnclosedQuote));
      return false;
    }
  }
  return true;
}

std::vector<uint32_t> MapScalarOffsets(const SourceFile& file, const DocNode& node) {
  const std::string& raw = file.text();
  const std::string& value = node.scalar;
  std::vector<uint32_t> map(value.size() + 1, node.offset);
  size_t i = node.offset;
  if (i < raw.size() && (raw[i] == '"' || raw[i] == '\'')) ++i;
  if (i < raw.size() && (raw[i] == '|' || raw[i] == '>')) {
    while (i < raw.size() && raw[i] != '\n') ++i;
  }
  for (size_t k = 0; k < value.size(); ++k) {
    size_t j = i;
    // Skip what the YAML scanner removed (escapes, indentation, folded newlines), within reason.
    while (j < raw.size() && raw[j] != value[k] && j - i < 256) ++j;
    if (j < raw.size() && raw[j] == value[k]) i = j;
    map[k] = static_cast<uint32_t>(std::min(i, raw.size()));
    if (i < raw.size()) ++i;
  }
  map[value.size()] = static_cast<uint32_t>(std::min(i, raw.size()));
  return map;
}

}  // namespace elig
