// SPDX-License-Identifier: Apache-2.0
// The Spirit-side AST: what the grammar builds before expr_grammar.cpp turns it
// into the engine's ast::Node tree. Each precedence level keeps its own node so
// the tree mirrors the grammar; the conversion collapses the levels.
// Included only by syntax/expr_grammar.cpp.
#pragma once

#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/range/iterator_range.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace elig::x3ast {

namespace x3 = boost::spirit::x3;

// An operator as written (`<=`, `not   in`): its text tells which operator, its
// place is where a prefix operator's node begins.
using Token = boost::iterator_range<const char*>;

struct Nil {};

// 50%, 1_000.5, 300_000_000 yen. Checked after parsing, so a malformed literal
// gets a precise error instead of a syntax error somewhere after it.
struct NumberLit : x3::position_tagged {
  std::string lead_percent;   // `%50`: an error
  std::string digits;         // "1_000.5"
  std::string trail_percent;  // "" or "%"; "%%" is an error
  bool yen = false;           // `yen` or `円` follows
};

struct DateLit : x3::position_tagged {
  std::string text;  // "2026-04-01", calendar not yet checked
};

struct StringLit : x3::position_tagged {
  std::string body;  // between the quotes, escapes not yet undone
};

struct BoolLit : x3::position_tagged {
  bool value = false;
};

struct Name : x3::position_tagged {
  std::string text;
};

struct Call;
struct Aggregate;
struct ListLit;
struct Group;
struct Postfix;
struct Unary;
struct Chain;
struct Comparison;
struct IfExpr;

struct Operand : x3::variant<Nil, NumberLit, DateLit, StringLit, BoolLit, Name, x3::forward_ast<Call>, x3::forward_ast<Aggregate>,
                             x3::forward_ast<ListLit>, x3::forward_ast<Group>, x3::forward_ast<Postfix>,
                             x3::forward_ast<Unary>, x3::forward_ast<Chain>, x3::forward_ast<Comparison>,
                             x3::forward_ast<IfExpr>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Call : x3::position_tagged {
  std::string name;
  std::vector<Operand> args;
};

// all(m in members: m.is_sme): the function, the name each record takes, the list, the body.
struct Aggregate : x3::position_tagged {
  std::string function;
  Name binder;
  Operand list;
  Operand body;
};

struct ListLit : x3::position_tagged {
  std::vector<Operand> items;
};

// ( inner ): tagged so the node's span includes the parentheses.
struct Group : x3::position_tagged {
  Operand inner;
};

struct Member : x3::position_tagged {  // .name
  std::string name;
};

struct Index : x3::position_tagged {  // [key]
  Operand key;
};

struct Suffix : x3::variant<Member, Index> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Postfix {
  Operand primary;
  std::vector<Suffix> suffixes;
};

struct Unary {  // - x, not x
  Token op;
  Operand operand;
};

struct Operation {
  Token op;
  Operand operand;
};

// first op operand op operand …, left-associative; one struct for or, and, + -, * /.
struct Chain {
  Operand first;
  std::vector<Operation> rest;
};

struct BetweenTail {
  Operand low;
  Operand high;
};

struct ComparisonTail : x3::variant<Operation, BetweenTail> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Comparison {  // non-associative: at most one tail
  Operand left;
  boost::optional<ComparisonTail> tail;
};

struct IfExpr : x3::position_tagged {
  Operand condition;
  Operand then_branch;
  Operand else_branch;
};

}  // namespace elig::x3ast
