// SPDX-License-Identifier: Apache-2.0
// The Spirit-free facade of the expression grammar. Nothing outside
// syntax/expr_grammar.cpp includes Boost.Spirit; edits elsewhere never rebuild it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"
#include "syntax/ast.hpp"

namespace elig {

struct ExprLimits {
  // Nesting of ( [ calls, if, unary operators: the parser and every later pass recurse on it.
  uint32_t max_depth = 64;
  // Expression text length in bytes: rules are short; a megabyte expression is a mistake or an attack.
  uint32_t max_length = 16 * 1024;
  // AST nodes per expression: bounds checker and compiler work.
  uint32_t max_nodes = 4096;
};

struct ExprError {
  uint32_t offset = 0;  // byte offset in the expression text
  uint32_t length = 1;
  std::string code;     // "syntax", "unclosed-paren", "expected-operand", "too-deep", "number-too-large", "bad-date", "bad-percent", "too-long", "invalid-utf8"
  LocalText message;    // "expected an expression after `+`" (common/catalog.hpp)
  // unclosed-paren: the bracket left open and its offset, when found, so that a rule file
  // can point at its line and column.
  char open_bracket = 0;
  std::optional<uint32_t> open_offset;
};

struct ExprParseResult {
  ast::NodePtr root;  // null when errors is not empty
  std::vector<ExprError> errors;
};

// Parses a whole expression; trailing input is an error. Never throws, never
// recurses deeper than limits.max_depth.
ExprParseResult ParseExpression(std::string_view text, const ExprLimits& limits = {});

}  // namespace elig
