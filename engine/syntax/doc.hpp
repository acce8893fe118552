// SPDX-License-Identifier: Apache-2.0
// A YAML document as plain data with positions. The only reader of YAML is yaml-cpp's event
// parser (engine/syntax/doc_yaml.cpp); rule files, YAML applicant files and test files are all
// read through it (applicant JSON goes to simdjson: io/applicant_json.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/source.hpp"

namespace elig {

struct DocNode {
  enum class Type : uint8_t { kNull, kScalar, kSeq, kMap };
  Type type = Type::kNull;
  std::string scalar;  // for kScalar
  bool quoted = false; // a quoted scalar ("..." or '...'), never a number/bool by accident
  uint32_t offset = 0; // byte offset of the node in the file
  std::vector<DocNode> items;                          // kSeq
  std::vector<std::pair<DocNode, DocNode>> entries;    // kMap, in file order, duplicates kept

  // Declared here, defined where DocNode is complete: clang in C++20 mode otherwise
  // instantiates ~vector<pair<DocNode, DocNode>> too early (the fuzz build uses clang).
  DocNode() = default;
  DocNode(const DocNode&) = default;
  DocNode(DocNode&&) = default;
  DocNode& operator=(const DocNode&) = default;
  DocNode& operator=(DocNode&&) = default;
  ~DocNode();

  bool IsScalar() const { return type == Type::kScalar; }
  bool IsMap() const { return type == Type::kMap; }
  bool IsSeq() const { return type == Type::kSeq; }
  bool IsNull() const { return type == Type::kNull; }
  const DocNode* Get(std::string_view key) const;  // first entry with this scalar key
};

struct DocLimits {
  // Nesting of maps and lists: rule files are shallow; deep nesting is a mistake or an attack.
  uint32_t max_depth = 64;
  // Nodes after alias expansion: guards against "billion laughs" documents.
  uint32_t max_nodes = 2'000'000;
  // Bytes per file: the largest real program is a few kilobytes.
  uint64_t max_bytes = 64ull * 1024 * 1024;
};

// Parses one document. On failure returns false and appends a diagnostic
// (codes: yaml-syntax, extra-document, invalid-utf8, too-deep, too-large) located in `file`.
// A second document in the stream is `extra-document`, at its `---`.
bool ParseDoc(const SourceFile& file, DocNode& out, std::vector<Diagnostic>& diags, const DocLimits& limits = {});

// Maps each byte of a scalar's value to its byte offset in the file (size = value.size() + 1),
// so an expression inside a YAML string reports the exact column.
std::vector<uint32_t> MapScalarOffsets(const SourceFile& file, const DocNode& node);

// Where a node is, for a diagnostic: a scalar's bytes, else the node's first byte.
inline SourceLoc NodeLoc(const SourceFile& file, const DocNode& node) {
  return file.Loc(node.offset, node.IsScalar() ? std::max<size_t>(1, node.scalar.size()) : 1);
}

}  // namespace elig
