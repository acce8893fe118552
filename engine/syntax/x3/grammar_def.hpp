// SPDX-License-Identifier: Apache-2.0
// Definitions of the expression grammar, lowest precedence first. Every `>`
// follows a token that commits to a construct, so a failure right after it is
// reported as "expected …" at that place instead of backtracking.
#pragma once

#include <type_traits>

#include <boost/spirit/home/x3.hpp>

#include "syntax/x3/ast.hpp"
#include "syntax/x3/ast_adapted.hpp"
#include "syntax/x3/grammar.hpp"

namespace elig::x3grammar {

// Records the source span of every position_tagged node.
struct Annotate {
  template <typename T, typename It, typename Ctx>
  void on_success(It const& first, It const& last, T& node, Ctx const& ctx) const {
    if constexpr (std::is_base_of_v<x3::position_tagged, T>) {
      It end = last;
      // A failed optional tail (a unit, a suffix) may have skipped trailing blanks.
      while (end != first && IsSpace(static_cast<unsigned char>(end[-1]))) --end;
      x3::get<ParseStateTag>(ctx).positions.annotate(node, first, end);
    }
  }
};

// Keeps the first expectation failure for the caller to turn into a message.
struct InputClass {
  template <typename It, typename Exception, typename Ctx>
  x3::error_handler_result on_error(It&, It const&, Exception const& failure, Ctx const& ctx) const {
    ParseState& state = x3::get<ParseStateTag>(ctx);
    state.failed = true;
    state.expected = failure.which();
    state.where = failure.where();
    return x3::error_handler_result::fail;
  }
};

namespace grammar {

using x3ast::Token;

// ---- tokens ---------------------------------------------------------------

constexpr ByteClass<IsIdentStart> ident_start{};
constexpr ByteClass<IsIdentChar> ident_char{};
constexpr ByteClass<IsDigit> digit{};
constexpr ByteClass<IsStringByte> string_byte{};
constexpr ByteClass<IsAnyByte> any_byte{};
constexpr Space blank{};

// A keyword is a whole word: `in` is not the start of `inner`.
constexpr auto Keyword(char const* word) { return x3::lexeme[x3::lit(word) >> !ident_char]; }

auto const keyword = x3::lexeme[(x3::lit("and") | "or" | "not" | "in" | "between" | "if" | "then" | "else" |
                                 "true" | "false" | "yen") >>
                                !ident_char];

// `yen` or 円, directly or after blanks: 500円, 300_000_000 yen.
auto const unit = (x3::lit("yen") | x3::lit("\xE5\x86\x86")) >> !ident_char;

// ---- rules ----------------------------------------------------------------

// Rules whose node carries a source span.
struct IfClass : Annotate {};
struct MemberClass : Annotate {};
struct IndexClass : Annotate {};
struct NumberClass : Annotate {};
struct DateClass : Annotate {};
struct StringClass : Annotate {};
struct BoolClass : Annotate {};
struct NameClass : Annotate {};
struct CallClass : Annotate {};
struct AggregateClass : Annotate {};
struct ListClass : Annotate {};
struct GroupClass : Annotate {};
// The others.
struct IdentifierClass;
struct ExpressionClass;
struct OrClass;
struct AndClass;
struct NotClass;
struct PrefixNotClass;
struct ComparisonClass;
struct ComparisonTailClass;
struct BinaryComparisonClass;
struct BetweenClass;
struct NoChainClass;
struct AdditiveClass;
struct MultiplicativeClass;
struct UnaryClass;
struct NegationClass;
struct PostfixClass;
struct SuffixClass;
struct PrimaryClass;
struct ExpressionListClass;
struct CloseParenClass;
struct CloseBracketClass;
struct CloseQuoteClass;
struct ThenClass;
struct ElseClass;
struct BetweenAndClass;
struct EndClass;
struct OrOpClass;
struct AndOpClass;
struct NotOpClass;
struct ComparisonOpClass;
struct AdditiveOpClass;
struct MultiplicativeOpClass;
struct MinusClass;
struct DigitsClass;
struct DateTextClass;
struct StringBodyClass;
struct WordClass;

// Every level that can stand where an operand is expected is named "an expression".
x3::rule<ExpressionClass, x3ast::Operand> const expression = rule_names::kExpression;
x3::rule<IfClass, x3ast::IfExpr> const if_expr = rule_names::kExpression;
x3::rule<OrClass, x3ast::Chain> const or_expr = rule_names::kExpression;
x3::rule<AndClass, x3ast::Chain> const and_expr = rule_names::kExpression;
x3::rule<NotClass, x3ast::Operand> const not_expr = rule_names::kExpression;
x3::rule<PrefixNotClass, x3ast::Unary> const prefix_not = rule_names::kExpression;
x3::rule<ComparisonClass, x3ast::Comparison> const comparison = rule_names::kExpression;
x3::rule<ComparisonTailClass, x3ast::ComparisonTail> const comparison_tail = "comparison";
x3::rule<BinaryComparisonClass, x3ast::Operation> const binary_comparison = "comparison";
x3::rule<BetweenClass, x3ast::BetweenTail> const between_tail = "between";
x3::rule<NoChainClass> const no_chain = rule_names::kNoChain;
x3::rule<AdditiveClass, x3ast::Chain> const additive = rule_names::kExpression;
x3::rule<MultiplicativeClass, x3ast::Chain> const multiplicative = rule_names::kExpression;
x3::rule<UnaryClass, x3ast::Operand> const unary = rule_names::kExpression;
x3::rule<NegationClass, x3ast::Unary> const negation = rule_names::kExpression;
x3::rule<PostfixClass, x3ast::Postfix> const postfix = rule_names::kExpression;
x3::rule<SuffixClass, x3ast::Suffix> const suffix = "suffix";
x3::rule<MemberClass, x3ast::Member> const member = "member";
x3::rule<IndexClass, x3ast::Index> const index = "index";
x3::rule<PrimaryClass, x3ast::Operand> const primary = rule_names::kExpression;
x3::rule<NumberClass, x3ast::NumberLit> const number = "number";
x3::rule<DateClass, x3ast::DateLit> const date = "date";
x3::rule<StringClass, x3ast::StringLit> const string = "string";
x3::rule<BoolClass, x3ast::BoolLit> const boolean = "boolean";
x3::rule<NameClass, x3ast::Name> const name = "name";
x3::rule<CallClass, x3ast::Call> const call = "call";
x3::rule<AggregateClass, x3ast::Aggregate> const aggregate = "aggregate";
x3::rule<ListClass, x3ast::ListLit> const list = "list";
x3::rule<GroupClass, x3ast::Group> const group = "group";
x3::rule<ExpressionListClass, std::vector<x3ast::Operand>> const expression_list = rule_names::kExpression;
x3::rule<IdentifierClass, std::string> const identifier = rule_names::kName;
x3::rule<CloseParenClass> const close_paren = rule_names::kCloseParen;
x3::rule<CloseBracketClass> const close_bracket = rule_names::kCloseBracket;
x3::rule<CloseQuoteClass> const close_quote = rule_names::kCloseQuote;
x3::rule<ThenClass> const then_keyword = rule_names::kThen;
x3::rule<ElseClass> const else_keyword = rule_names::kElse;
x3::rule<BetweenAndClass> const between_and = rule_names::kBetweenAnd;
x3::rule<EndClass> const end = rule_names::kEnd;
// Every raw[] sits in a rule of its own: a rule counts as one attribute in a
// sequence, while raw[a >> b] would be counted as its subject's two.
x3::rule<OrOpClass, Token> const or_op = "`or`";
x3::rule<AndOpClass, Token> const and_op = "`and`";
x3::rule<NotOpClass, Token> const not_op = "`not`";
x3::rule<ComparisonOpClass, Token> const comparison_op = "a comparison";
x3::rule<AdditiveOpClass, Token> const additive_op = "`+` or `-`";
x3::rule<MultiplicativeOpClass, Token> const multiplicative_op = "`*` or `/`";
x3::rule<MinusClass, Token> const minus = "`-`";
x3::rule<DigitsClass, std::string> const digits = "digits";
x3::rule<DateTextClass, std::string> const date_text = "a date";
x3::rule<StringBodyClass, std::string> const string_body = "a string";
x3::rule<WordClass, std::string> const word = "a word";

// 1. if C then A else B
auto const expression_def = if_expr | or_expr;
auto const if_expr_def = Keyword("if") > expression > then_keyword > expression > else_keyword > expression;
// 2-3. or, and
auto const or_expr_def = and_expr >> *(or_op > and_expr);
auto const and_expr_def = not_expr >> *(and_op > not_expr);
// 4. not X
auto const not_expr_def = prefix_not | comparison;
auto const prefix_not_def = not_op > not_expr;
// 5. one comparison, or X between A and B
auto const comparison_def = additive >> -(comparison_tail > no_chain);
auto const comparison_tail_def = binary_comparison | between_tail;
auto const binary_comparison_def = comparison_op > additive;
auto const between_tail_def = Keyword("between") > additive > between_and > additive;
auto const no_chain_def = !(comparison_op | Keyword("between"));
// 6-7. + - and * /, left-associative
auto const additive_def = multiplicative >> *(additive_op > multiplicative);
auto const multiplicative_def = unary >> *(multiplicative_op > unary);
// 8. -X
auto const unary_def = negation | postfix;
auto const negation_def = minus > unary;
// 9. X.name, X[key]
auto const postfix_def = primary >> *suffix;
auto const suffix_def = member | index;
auto const member_def = '.' > identifier;
auto const index_def = '[' > expression > close_bracket;
// 10. literals, calls, names, lists, ( expr ). Dates before numbers: 2026-04-01.
// An aggregate before a call: `all(m in members: …)` backtracks to a call without the `:`.
auto const primary_def = date | number | string | boolean | aggregate | call | name | list | group;

auto const date_def = x3::lexeme[date_text >> !ident_char];
// Permissive on purpose: `%50`, `50%%`, `1__0` parse here and get a precise error later.
auto const number_def =
    x3::lexeme[*x3::char_('%') >> digits >> *x3::char_('%') >> x3::matches[*blank >> unit]];
auto const string_def = x3::lexeme[('"' >> string_body) > close_quote];
auto const boolean_def = (Keyword("true") >> x3::attr(true)) | (Keyword("false") >> x3::attr(false));
auto const name_def = identifier;
auto const call_def = (identifier >> '(') > -expression_list > close_paren;
auto const aggregate_def = identifier >> '(' >> name >> Keyword("in") >> additive >> (':' > expression > close_paren);
auto const list_def = '[' > -expression_list > close_bracket;
auto const group_def = '(' > expression > close_paren;
auto const expression_list_def = expression >> *(',' > expression);
auto const identifier_def = !keyword >> word;

auto const or_op_def = x3::raw[Keyword("or")];
auto const and_op_def = x3::raw[Keyword("and")];
auto const not_op_def = x3::raw[Keyword("not")];
auto const comparison_op_def = x3::raw[x3::lit("==") | "!=" | "<=" | ">=" | '<' | '>' |
                                       (Keyword("not") >> Keyword("in")) | Keyword("in")];
auto const additive_op_def = x3::raw[x3::lit('+') | '-'];
auto const multiplicative_op_def = x3::raw[x3::lit('*') | '/'];
auto const minus_def = x3::raw[x3::lit('-')];
auto const digits_def = x3::raw[digit >> *(digit | '_') >> -('.' >> digit >> *(digit | '_'))];
auto const date_text_def =
    x3::raw[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >> x3::repeat(2)[digit]];
auto const string_body_def = x3::raw[*(('\\' >> any_byte) | string_byte)];
auto const word_def = x3::lexeme[x3::raw[ident_start >> *ident_char]];

auto const close_paren_def = x3::lit(')');
auto const close_bracket_def = x3::lit(']');
auto const close_quote_def = x3::lit('"');
auto const then_keyword_def = Keyword("then");
auto const else_keyword_def = Keyword("else");
auto const between_and_def = Keyword("and");
auto const end_def = x3::eoi;

BOOST_SPIRIT_DEFINE(expression, if_expr, or_expr, and_expr, not_expr, prefix_not, comparison, comparison_tail,
                    binary_comparison, between_tail, no_chain, additive, multiplicative, unary, negation,
                    postfix, suffix, member, index, primary, number, date, string, boolean, name, call, aggregate, list,
                    group, expression_list, identifier, close_paren, close_bracket, close_quote, then_keyword,
                    else_keyword, between_and, end, or_op, and_op, not_op, comparison_op, additive_op,
                    multiplicative_op, minus, digits, date_text, string_body, word)

}  // namespace grammar

InputRule const input = "input";
auto const input_def = x3::expect[grammar::expression] > grammar::end;
BOOST_SPIRIT_DEFINE(input)

InputRule const& Input() { return input; }

}  // namespace elig::x3grammar
