// SPDX-License-Identifier: Apache-2.0
// The only reader of YAML: libyaml's event parser (libyaml-dev), turned into a
// DocNode tree with byte offsets. libyaml keeps its own stacks (no recursion on
// the input), so depth and size are bounded here, as events arrive.
#include <yaml.h>

#include <map>
#include <memory>

#include "common/diagnose.hpp"
#include "common/utf8.hpp"
#include "syntax/doc.hpp"

namespace elig {
namespace {

// libyaml counts positions in characters; the tree and diagnostics want bytes.
// Events arrive in document order, so a cursor moving forward makes it linear.
class CharToByte {
 public:
  CharToByte(std::string_view text, size_t base) : text_(text), base_(base) {}
  size_t operator()(size_t chars) {
    if (chars < chars_) chars_ = bytes_ = 0;
    while (chars_ < chars && bytes_ < text_.size()) {
      size_t n = utf8::SequenceLength(text_, bytes_);
      bytes_ += n ? n : 1;
      ++chars_;
    }
    return base_ + bytes_;
  }

 private:
  std::string_view text_;
  size_t base_;
  size_t chars_ = 0, bytes_ = 0;
};

struct Parser {
  yaml_parser_t p;
  Parser() { yaml_parser_initialize(&p); }
  ~Parser() { yaml_parser_delete(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

struct Event {
  yaml_event_t e{};
  bool live = false;
  ~Event() { Clear(); }
  void Clear() {
    if (live) yaml_event_delete(&e);
    live = false;
  }
};

struct Builder {
  const SourceFile& file;
  std::vector<Diagnostic>& diags;
  const DocLimits& limits;
  CharToByte offset;
  uint64_t nodes = 0;
  // Anchored nodes, kept whole: an alias is a copy, counted node by node so that
  // a "billion laughs" document stops at the limit, and by its height so that
  // aliases nested in aliases stay within the depth limit.
  struct Anchored {
    DocNode node;
    uint64_t nodes;
    uint32_t height;  // 0 for a scalar
  };
  std::map<std::string, Anchored> anchors;

  template <class... Args>
  void Fail(size_t at, std::string code, Msg id, const Args&... args) {
    diags.push_back(Diagnose(Severity::kError, std::move(code), file.Loc(at), id, args...));
  }

  bool Count(uint64_t n, size_t at) {
    nodes += n;
    if (nodes > limits.max_nodes) {
      Fail(at, "too-large", Msg::kYamlTooManyNodes, fmt::arg("max", limits.max_nodes));
      return false;
    }
    return true;
  }

  // libyaml could not go on: its problem, where, and in what (a memory error is the size limit's).
  void SyntaxError(const yaml_parser_t& p) {
    size_t at = offset(p.problem_mark.index);
    if (p.error == YAML_MEMORY_ERROR) return Fail(at, "too-large", Msg::kYamlOutOfMemory);
    if (!p.problem) return Fail(at, "yaml-syntax", Msg::kYamlMalformed);
    // libyaml's own words, in English in both languages.
    std::string problem = p.problem;
    if (p.context) problem += std::string(" ") + p.context;
    Fail(at, "yaml-syntax", Msg::kYamlSyntax, fmt::arg("problem", problem));
  }

  static bool IsNull(const yaml_event_t& e) {
    if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE || e.data.scalar.tag) return false;
    std::string_view v(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
  }
};

// One node and everything under it, from the event stream. Containers are kept on
// an explicit stack: nesting costs no C++ stack.
// The next event into `ev`; false, with the syntax error reported, when the text is not YAML.
bool NextEvent(Parser& parser, Builder& b, Event& ev) {
  ev.Clear();
  if (!yaml_parser_parse(&parser.p, &ev.e)) {
    b.SyntaxError(parser.p);
    return false;
  }
  ev.live = true;
  return true;
}

bool ReadNode(Parser& parser, Builder& b, Event& ev, DocNode& root) {
  struct Frame {
    DocNode* node;
    std::string anchor;
    uint64_t nodes_at_start;
    bool key_next;        // a map expecting a key
    uint32_t height = 0;  // of the tallest child so far, plus one
  };
  std::vector<Frame> stack;
  bool have_root = false;

  // Where the next node goes: the root, a list's next item, or a map's key or value.
  auto slot = [&]() -> DocNode* {
    if (stack.empty()) {
      have_root = true;
      return &root;
    }
    Frame& f = stack.back();
    if (f.node->type == DocNode::Type::kSeq) {
      f.node->items.emplace_back();
      return &f.node->items.back();
    }
    if (f.key_next) {
      f.node->entries.emplace_back();
      f.key_next = false;
      return &f.node->entries.back().first;
    }
    f.key_next = true;
    return &f.node->entries.back().second;
  };
  // A node of `height` placed at the current depth: within the limit (the deepest node
  // under it counts), and its parent is at least one taller.
  auto place = [&](uint32_t height, size_t at) {
    if (stack.size() + height > b.limits.max_depth) {
      b.Fail(at, "too-deep", Msg::kYamlTooDeep, fmt::arg("max", b.limits.max_depth));
      return false;
    }
    if (!stack.empty()) stack.back().height = std::max(stack.back().height, height + 1);
    return true;
  };

  do {
    if (!NextEvent(parser, b, ev)) return false;
    const yaml_event_t& e = ev.e;
    size_t at = b.offset(e.start_mark.index);
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        if (!b.Count(1, at) || !place(0, at)) return false;
        DocNode* n = slot();
        n->offset = static_cast<uint32_t>(at);
        if (Builder::IsNull(e)) {
          n->type = DocNode::Type::kNull;
        } else {
          n->type = DocNode::Type::kScalar;
          n->scalar.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
          // Quoted or block text is never a number or yes/no by accident; an explicit tag
          // (`!!str 12`) is not honoured: a rule file is data, and its types are elig's.
          n->quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE && !e.data.scalar.tag;
        }
        if (e.data.scalar.anchor) b.anchors[reinterpret_cast<const char*>(e.data.scalar.anchor)] = {*n, 1, 0};
        break;
      }
      case YAML_ALIAS_EVENT: {
        std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
        auto it = b.anchors.find(name);
        if (it == b.anchors.end()) {
          b.Fail(at, "yaml-syntax", Msg::kYamlUnknownAnchor, fmt::arg("name", utf8::Printable(name)));
          return false;
        }
        if (!b.Count(it->second.nodes, at) || !place(it->second.height, at)) return false;
        DocNode* n = slot();
        *n = it->second.node;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (!b.Count(1, at) || !place(0, at)) return false;
        DocNode* n = slot();
        n->offset = static_cast<uint32_t>(at);
        bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        n->type = seq ? DocNode::Type::kSeq : DocNode::Type::kMap;
        const yaml_char_t* anchor = seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
        stack.push_back({n, anchor ? reinterpret_cast<const char*>(anchor) : "", b.nodes, true});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack.back());
        stack.pop_back();
        if (!stack.empty()) stack.back().height = std::max(stack.back().height, f.height + 1);
        if (!f.anchor.empty()) b.anchors[f.anchor] = {*f.node, b.nodes - f.nodes_at_start + 1, f.height};
        break;
      }
      default:
        break;  // stream and document events, handled by the caller
    }
  } while (!stack.empty() || !have_root);
  return true;
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
  if (text.size() > limits.max_bytes) {
    SourceLoc whole;
    whole.file = file.path();
    diags.push_back(Diagnose(Severity::kError, "too-large", std::move(whole), Msg::kYamlFileTooLarge,
                             fmt::arg("bytes", text.size()), fmt::arg("max", limits.max_bytes)));
    return false;
  }
  size_t start = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) start = 3;  // a UTF-8 BOM is allowed and ignored
  std::string_view body = std::string_view(text).substr(start);
  if (auto bad = utf8::FindInvalid(body)) {
    diags.push_back(Diagnose(Severity::kError, "invalid-utf8", file.Loc(start + *bad), Msg::kYamlInvalidUtf8));
    return false;
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    diags.push_back(Diagnose(Severity::kError, "invalid-utf8", file.Loc(nul), Msg::kYamlNul));
    return false;
  }
  Parser parser;
  yaml_parser_set_encoding(&parser.p, YAML_UTF8_ENCODING);
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  Builder b{file, diags, limits, CharToByte(body, start), 0, {}};
  Event ev;
  // The first document, as the only one read; an empty stream is a null document.
  for (;;) {
    if (!NextEvent(parser, b, ev)) return false;
    if (ev.e.type == YAML_STREAM_END_EVENT) {
      out = DocNode();
      return true;
    }
    if (ev.e.type == YAML_DOCUMENT_START_EVENT) break;
  }
  out = DocNode();
  if (!ReadNode(parser, b, ev, out)) return false;
  // The rest of the stream must be well formed too, and hold no second document: a
  // document after `---` would otherwise be dropped in silence (its rules or facts lost).
  for (;;) {
    if (!NextEvent(parser, b, ev)) return false;
    if (ev.e.type == YAML_STREAM_END_EVENT) return true;
    if (ev.e.type == YAML_DOCUMENT_START_EVENT) {
      b.Fail(b.offset(ev.e.start_mark.index), "extra-document", Msg::kYamlSecondDocument);
      return false;
    }
  }
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
