// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the expression parser on arbitrary bytes. Beyond "no crash,
// no hang", checks what callers rely on: a tree xor errors, and every position
// inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "syntax/parse_expr.hpp"

namespace {

void Fail(const char* what) {
  std::fprintf(stderr, "fuzz_expr: %s\n", what);
  std::abort();
}

void CheckSpans(const elig::ast::Node& n, size_t size, int depth) {
  if (n.begin > n.end || n.end > size) Fail("a node spans outside the text");
  if (depth > 100'000) Fail("the tree is deeper than the text is long");
  for (const auto& k : n.kids) {
    if (!k) Fail("a null child");
    CheckSpans(*k, size, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  elig::ExprParseResult r = elig::ParseExpression(text);
  if (r.root && !r.errors.empty()) Fail("both a tree and errors");
  if (!r.root && r.errors.empty()) Fail("neither a tree nor an error");
  for (const auto& e : r.errors) {
    if (e.code.empty() || e.message.Empty()) Fail("an error without a code or message");
    if (e.offset > size) Fail("an error offset past the end");
  }
  if (r.root) CheckSpans(*r.root, size, 0);
  // Tight limits exercise every limit path on small inputs.
  elig::ExprLimits tight;
  tight.max_depth = 3;
  tight.max_nodes = 16;
  tight.max_length = 64;
  elig::ExprParseResult t = elig::ParseExpression(text, tight);
  if (!t.root && t.errors.empty()) Fail("neither a tree nor an error (tight limits)");
  return 0;
}
