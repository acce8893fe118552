// SPDX-License-Identifier: Apache-2.0
// Declarations of the expression grammar: the character classes, the parse
// configuration (iterator, skipper, context) and the top rule. The rules are
// defined in grammar_def.hpp and instantiated once, in syntax/expr_grammar.cpp.
#pragma once

#include <string>
#include <vector>

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>

#include "syntax/x3/ast.hpp"

namespace elig::x3grammar {

namespace x3 = boost::spirit::x3;

using Iterator = const char*;

// Character classes over bytes. Any byte >= 0x80 may be part of a name, so
// Japanese names (従業員数) work without decoding UTF-8 here; the text was
// validated as UTF-8 before parsing.
constexpr bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
constexpr bool IsIdentChar(unsigned char c) { return IsIdentStart(c) || IsDigit(c); }
constexpr bool IsStringByte(unsigned char c) { return c != '"' && c != '\\'; }
constexpr bool IsAnyByte(unsigned char) { return true; }

// One byte of a class; unlike x3::standard::alpha it never consults the C locale.
template <bool (*Test)(unsigned char)>
struct ByteClass : x3::char_parser<ByteClass<Test>> {
  using attribute_type = char;
  static bool const has_attribute = true;

  template <typename Char, typename Context>
  bool test(Char ch, Context const&) const {
    return Test(static_cast<unsigned char>(ch));
  }
};

using Space = ByteClass<IsSpace>;
using SpaceContext = x3::phrase_parse_context<Space>::type;

// Shared between the grammar and its caller through the parse context.
struct ParseState {
  ParseState(Iterator first, Iterator last) : positions(first, last) {}

  x3::position_cache<std::vector<Iterator>> positions;  // spans of position_tagged nodes
  // The expectation that failed: the rule's name (see rule_names) and where.
  bool failed = false;
  std::string expected;
  Iterator where = nullptr;
};

struct ParseStateTag;
using Context = x3::context<ParseStateTag, ParseState, SpaceContext>;

// Rule names double as the words error messages are built from; expr_grammar.cpp
// maps each to a code and a sentence.
namespace rule_names {
inline constexpr char kExpression[] = "an expression";
inline constexpr char kName[] = "a name";
inline constexpr char kCloseParen[] = "`)`";
inline constexpr char kCloseBracket[] = "`]`";
inline constexpr char kCloseQuote[] = "a closing `\"`";
inline constexpr char kThen[] = "`then`";
inline constexpr char kElse[] = "`else`";
inline constexpr char kBetweenAnd[] = "`and` of `between`";
inline constexpr char kNoChain[] = "at most one comparison";
inline constexpr char kEnd[] = "the end of the expression";
}  // namespace rule_names

struct InputClass;
using InputRule = x3::rule<InputClass, x3ast::Operand>;
BOOST_SPIRIT_DECLARE(InputRule)

// The whole text: one expression, then the end.
InputRule const& Input();

}  // namespace elig::x3grammar
