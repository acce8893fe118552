// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the parsed-document cache (syntax/doc_cache.cpp). The input is a YAML
// text. When it parses, its entry must give back the very tree; then the entry is changed at
// a few places the input chooses and sealed again with a good checksum, as someone who can
// write the cache could, and reading it must refuse it or give a tree that stays inside the
// text and its limits, never crash, hang or read past the entry.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/sha256.hpp"
#include "syntax/doc_cache.hpp"

namespace {

void Dump(const elig::DocNode& n, std::string& out) {
  out += std::to_string(static_cast<int>(n.type)) + (n.quoted ? "q" : "") + "@" + std::to_string(n.offset) + ":" +
         std::to_string(n.scalar.size()) + ":" + n.scalar + "(";
  for (const auto& i : n.items) Dump(i, out);
  for (const auto& [k, v] : n.entries) {
    Dump(k, out);
    Dump(v, out);
  }
  out += ")";
}

// Every offset inside the text, every depth and the node count within the limits.
bool Inside(const elig::DocNode& root, size_t text_size, const elig::DocLimits& limits) {
  std::vector<std::pair<const elig::DocNode*, uint32_t>> todo{{&root, 0}};
  uint64_t nodes = 0;
  while (!todo.empty()) {
    auto [n, depth] = todo.back();
    todo.pop_back();
    if (++nodes > limits.max_nodes || depth > limits.max_depth || n->offset > text_size) return false;
    for (const auto& i : n->items) todo.push_back({&i, depth + 1});
    for (const auto& [k, v] : n->entries) {
      todo.push_back({&k, depth + 1});
      todo.push_back({&v, depth + 1});
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  elig::DocLimits limits;
  limits.max_nodes = 20'000;  // keeps one run short; the entry is checked against the same limits
  elig::SourceFile file("f.yaml", std::string(input));
  elig::DocNode root;
  std::vector<elig::Diagnostic> diags;
  if (!elig::ParseDoc(file, root, diags, limits)) return 0;
  const std::string entry = elig::doc_cache::Encode(root, file.text(), limits);
  auto back = elig::doc_cache::Decode(entry, file.text(), limits);
  std::string want, got;
  Dump(root, want);
  if (back) Dump(*back, got);
  if (!back || got != want) {
    std::fprintf(stderr, "the entry does not give back the tree it was made from\n");
    std::abort();
  }
  // Up to eight changes, each at a place and to a value taken from the input's bytes.
  std::string bad = entry.substr(0, entry.size() - 64);
  for (size_t k = 0; k + 2 < size && k < 24; k += 3) {
    size_t at = (size_t{data[k]} << 8 | data[k + 1]) % bad.size();
    bad[at] = static_cast<char>(data[k + 2]);
  }
  if (size % 5 == 0) bad.resize(bad.size() - size % bad.size());  // cut short too, sometimes
  bad += elig::Sha256Hex(bad);
  if (auto tree = elig::doc_cache::Decode(bad, file.text(), limits); tree && !Inside(*tree, file.text().size(), limits)) {
    std::fprintf(stderr, "a changed entry gave a tree outside its text or limits\n");
    std::abort();
  }
  return 0;
}
