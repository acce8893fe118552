#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "common/utf8.hpp"
#include "syntax/doc.hpp"

namespace elig {
namespace {

struct Converter {
  const SourceFile& file;
  std::vector<Diagnostic>& diags;
  const DocLimits& limits;
  size_t base = 0;  // bytes of the file before what yaml-cpp read (a BOM)
  uint32_t nodes = 0;
  bool failed = false;

  void Fail(const YAML::Mark& mark, std::string code, std::string message) {
    if (failed) return;
    failed = true;
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.loc = file.Loc(base + (mark.pos >= 0 ? static_cast<size_t>(mark.pos) : 0));
    diags.push_back(std::move(d));
  }

  bool Convert(const YAML::Node& n, DocNode& out, uint32_t depth) {
    if (failed) return false;
    if (++nodes > limits.max_nodes) {
      Fail(n.Mark(), "too-large", "document has more than " + std::to_string(limits.max_nodes) + " nodes (after aliases)");
      return false;
    }
    if (depth > limits.max_depth) {
      Fail(n.Mark(), "too-deep", "nesting deeper than " + std::to_string(limits.max_depth) + " levels");
      return false;
    }
    out.offset = static_cast<uint32_t>(base + (n.Mark().pos >= 0 ? static_cast<size_t>(n.Mark().pos) : 0));
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.type = DocNode::Type::kNull;
        return true;
      case YAML::NodeType::Scalar:
        out.type = DocNode::Type::kScalar;
        out.scalar = n.Scalar();
        out.quoted = n.Tag() == "!";
        return true;
      case YAML::NodeType::Sequence:
        out.type = DocNode::Type::kSeq;
        out.items.reserve(n.size());
        for (const auto& item : n) {
          out.items.emplace_back();
          if (!Convert(item, out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map:
        out.type = DocNode::Type::kMap;
        for (const auto& kv : n) {
          out.entries.emplace_back();
          if (!Convert(kv.first, out.entries.back().first, depth + 1)) return false;
          if (!Convert(kv.second, out.entries.back().second, depth + 1)) return false;
        }
        return true;
    }
    return true;
  }
};

std::string CleanYamlMessage(const std::string& msg) {
  // yaml-cpp prefixes "yaml-cpp: error at line L, column C: "; we print our own position.
  auto p = msg.find(": ", msg.find("column"));
  return p != std::string::npos && msg.rfind("yaml-cpp", 0) == 0 ? msg.substr(p + 2) : msg;
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
    Diagnostic d;
    d.code = "too-large";
    d.message = "file is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(limits.max_bytes);
    d.loc.file = file.path();
    diags.push_back(std::move(d));
    return false;
  }
  size_t start = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) start = 3;  // a UTF-8 BOM is allowed and ignored
  if (auto bad = utf8::FindInvalid(std::string_view(text).substr(start))) {
    Diagnostic d;
    d.code = "invalid-utf8";
    d.message = "the file is not valid UTF-8";
    d.loc = file.Loc(start + *bad);
    diags.push_back(std::move(d));
    return false;
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    Diagnostic d;
    d.code = "invalid-utf8";
    d.message = "the file contains a NUL byte";
    d.loc = file.Loc(nul);
    diags.push_back(std::move(d));
    return false;
  }
  try {
    // Without the BOM (blanking it out would indent the first line and change the document);
    // marks are then `start` bytes short of file offsets.
    YAML::Node root = start ? YAML::Load(text.substr(start)) : YAML::Load(text);
    Converter c{file, diags, limits, start};
    return c.Convert(root, out, 0);
  } catch (const YAML::DeepRecursion& e) {
    Diagnostic d;
    d.code = "too-deep";
    d.message = "nesting is too deep";
    d.loc = file.Loc(start + (e.mark.pos >= 0 ? static_cast<size_t>(e.mark.pos) : 0));
    diags.push_back(std::move(d));
  } catch (const YAML::Exception& e) {
    Diagnostic d;
    d.code = "yaml-syntax";
    d.message = CleanYamlMessage(e.what());
    d.loc = file.Loc(start + (e.mark.pos >= 0 ? static_cast<size_t>(e.mark.pos) : 0));
    diags.push_back(std::move(d));
  } catch (const std::exception& e) {
    Diagnostic d;
    d.code = "yaml-syntax";
    d.message = e.what();
    d.loc.file = file.path();
    diags.push_back(std::move(d));
  }
  return false;
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
