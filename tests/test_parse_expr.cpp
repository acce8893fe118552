// SPDX-License-Identifier: Apache-2.0
// Expression parser: trees (as S-expressions), spans, limits, error codes and
// the golden error texts in tests/golden/parse.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "common/date.hpp"
#include "common/number.hpp"
#include "syntax/ast.hpp"
#include "syntax/parse_expr.hpp"
#include "test_support.hpp"

using elig::test::Repeat;

namespace {

using elig::ExprError;
using elig::ExprLimits;
using elig::ExprParseResult;
using elig::ParseExpression;
using elig::ast::Kind;
using elig::ast::Node;

// (op kids…); numbers print their value, then `pct` when written with % and
// `yen` with a unit; strings print their unescaped text in quotes.
std::string Sexpr(const Node& n) {
  std::string kids;
  for (const auto& k : n.kids) kids += " " + Sexpr(*k);
  switch (n.kind) {
    case Kind::kNumber:
      return n.number.ToString() + (n.percent ? "pct" : "") + (n.unit == elig::ast::Unit::kYen ? "yen" : "");
    case Kind::kText: return "\"" + n.text + "\"";
    case Kind::kBool: return n.boolean ? "true" : "false";
    case Kind::kDate: return elig::FormatDate(n.date);
    case Kind::kList: return "[" + (kids.empty() ? kids : kids.substr(1)) + "]";
    case Kind::kName: return n.text;
    case Kind::kMember: return "(. " + Sexpr(*n.kids.at(0)) + " " + n.text + ")";
    case Kind::kIndex: return "([]" + kids + ")";
    case Kind::kUnary: return std::string("(") + elig::ast::UnOpText(n.un_op) + kids + ")";
    case Kind::kBinary: return std::string("(") + elig::ast::BinOpText(n.bin_op) + kids + ")";
    case Kind::kBetween: return "(between" + kids + ")";
    case Kind::kIf: return "(if" + kids + ")";
    case Kind::kCall: return "(call " + n.text + kids + ")";
    case Kind::kAggregate: return "(" + n.text + " in" + kids + ")";
  }
  return "?";
}

std::string Line(const ExprError& e) { return std::to_string(e.offset) + ":" + e.code + ": " + e.message.en; }

// The tree, or the first error as `offset:code: message` so a failing check shows why.
std::string Tree(std::string_view text, const ExprLimits& limits = {}) {
  ExprParseResult r = ParseExpression(text, limits);
  if (!r.errors.empty()) return "error " + Line(r.errors.front());
  if (!r.root) return "no root and no error";
  return Sexpr(*r.root);
}

// `offset:code` of the first error, or "ok".
std::string Err(std::string_view text, const ExprLimits& limits = {}) {
  ExprParseResult r = ParseExpression(text, limits);
  if (r.errors.empty()) return r.root ? "ok" : "no root and no error";
  return std::to_string(r.errors.front().offset) + ":" + r.errors.front().code;
}

ExprError FirstError(std::string_view text, const ExprLimits& limits = {}) {
  ExprParseResult r = ParseExpression(text, limits);
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.root == nullptr);
  return r.errors.front();
}

elig::ast::NodePtr Root(std::string_view text) {
  ExprParseResult r = ParseExpression(text);
  INFO(text);
  REQUIRE(r.errors.empty());
  REQUIRE(r.root != nullptr);
  return std::move(r.root);
}

std::string_view SpanText(std::string_view text, const Node& n) {
  return text.substr(n.begin, n.end - n.begin);
}

// Every node lies inside the text and inside its parent.
bool SpansNest(const Node& n, size_t size) {
  if (n.begin >= n.end || n.end > size) return false;
  for (const auto& k : n.kids) {
    if (k->begin < n.begin || k->end > n.end || !SpansNest(*k, size)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("literals", "[parse]") {
  CHECK(Tree("42") == "42");
  CHECK(Tree("1_000_000") == "1000000");
  CHECK(Tree("1.5") == "1.5");
  CHECK(Tree("0.25") == "0.25");
  CHECK(Tree("50%") == "0.5pct");
  CHECK(Tree("12.5%") == "0.125pct");
  CHECK(Tree("300_000_000 yen") == "300000000yen");
  CHECK(Tree("300_000_000yen") == "300000000yen");
  CHECK(Tree("500円") == "500yen");
  CHECK(Tree("500 円") == "500yen");
  CHECK(Tree("\"群馬県\"") == "\"群馬県\"");
  CHECK(Tree("\"\"") == "\"\"");
  CHECK(Tree("true") == "true");
  CHECK(Tree("false") == "false");
  CHECK(Tree("2026-04-01") == "2026-04-01");
  CHECK(Tree("2024-02-29") == "2024-02-29");
  CHECK(Tree("[]") == "[]");
  CHECK(Tree("[ ]") == "[]");
  CHECK(Tree("[1, \"a\", x]") == "[1 \"a\" x]");
  CHECK(Tree("[[1], []]") == "[[1] []]");
  CHECK(Tree("capital") == "capital");
  CHECK(Tree("_x1") == "_x1");

  SECTION("number values are exact") {
    auto n = Root("12.5%");
    CHECK(n->kind == Kind::kNumber);
    CHECK(n->number.num() == 1);
    CHECK(n->number.den() == 8);
    CHECK(n->percent);
    CHECK(n->unit == elig::ast::Unit::kNone);
    auto m = Root("9223372036854775807");
    CHECK(m->number.num() == INT64_MAX);
    auto y = Root("300_000_000 yen");
    CHECK(y->number == elig::Rational(300'000'000));
    CHECK_FALSE(y->percent);
    CHECK(y->unit == elig::ast::Unit::kYen);
  }
  SECTION("dates carry the calendar day") {
    auto d = Root("2026-04-01");
    CHECK(d->kind == Kind::kDate);
    CHECK(d->date == *elig::MakeDate(2026, 4, 1));
  }
  SECTION("string escapes are undone") {
    auto s = Root(R"("a\"b\\c\nd\te")");
    CHECK(s->kind == Kind::kText);
    CHECK(s->text == "a\"b\\c\nd\te");
  }
  SECTION("booleans") {
    CHECK(Root("true")->boolean);
    CHECK_FALSE(Root("false")->boolean);
  }
}

TEST_CASE("calls, members and indexes", "[parse]") {
  CHECK(Tree("today()") == "(call today)");
  CHECK(Tree("max(a, b, 3)") == "(call max a b 3)");
  CHECK(Tree("round (x)") == "(call round x)");
  CHECK(Tree("f(g(x), [1])") == "(call f (call g x) [1])");
  CHECK(Tree("sme.is_sme") == "(. sme is_sme)");
  CHECK(Tree("a.b.c") == "(. (. a b) c)");
  CHECK(Tree("limits[x]") == "([] limits x)");
  CHECK(Tree("limits[x].capital") == "(. ([] limits x) capital)");
  CHECK(Tree("t[a][b + 1]") == "([] ([] t a) (+ b 1))");
  CHECK(Tree("f(x).y") == "(. (call f x) y)");
  CHECK(Tree("(a).b") == "(. a b)");
  CHECK(Tree("1.5.x") == "(. 1.5 x)");
  auto call = Root("max(a, b)");
  CHECK(call->kind == Kind::kCall);
  CHECK(call->text == "max");
  CHECK(call->kids.size() == 2);
}

TEST_CASE("precedence and associativity", "[parse]") {
  CHECK(Tree("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(Tree("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  CHECK(Tree("a - b - c") == "(- (- a b) c)");
  CHECK(Tree("a / b / c") == "(/ (/ a b) c)");
  CHECK(Tree("a + b * c - d / e") == "(- (+ a (* b c)) (/ d e))");
  CHECK(Tree("2/3") == "(/ 2 3)");
  CHECK(Tree("-a * b") == "(* (- a) b)");
  CHECK(Tree("a * -b") == "(* a (- b))");
  CHECK(Tree("a - -b") == "(- a (- b))");
  CHECK(Tree("- - 3") == "(- (- 3))");
  CHECK(Tree("-x.y") == "(- (. x y))");
  CHECK(Tree("-f(x)[0]") == "(- ([] (call f x) 0))");
  CHECK(Tree("a + b < c * d") == "(< (+ a b) (* c d))");
  CHECK(Tree("a == b and c != d or e < f") == "(or (and (== a b) (!= c d)) (< e f))");
  CHECK(Tree("a or b and c") == "(or a (and b c))");
  CHECK(Tree("a and b or c") == "(or (and a b) c)");
  CHECK(Tree("a or b or c") == "(or (or a b) c)");
  CHECK(Tree("a and b and c") == "(and (and a b) c)");
  CHECK(Tree("not a and b") == "(and (not a) b)");
  CHECK(Tree("a or not b") == "(or a (not b))");
  CHECK(Tree("not not a") == "(not (not a))");
  CHECK(Tree("not a == b") == "(not (== a b))");
  CHECK(Tree("not a in b") == "(not (in a b))");
  CHECK(Tree("a not in b") == "(not in a b)");
  CHECK(Tree("a not   in [1, 2] and b") == "(and (not in a [1 2]) b)");
  CHECK(Tree("not a not in b") == "(not (not in a b))");
  CHECK(Tree("x in [1, 2]") == "(in x [1 2])");
  CHECK(Tree("x in []") == "(in x [])");
  CHECK(Tree("a <= b") == "(<= a b)");
  CHECK(Tree("a >= b") == "(>= a b)");
  CHECK(Tree("a < b") == "(< a b)");
  CHECK(Tree("a > b") == "(> a b)");
  CHECK(Tree("a<=b") == "(<= a b)");
  CHECK(Tree("a - 1 > b") == "(> (- a 1) b)");
  CHECK(Tree("2026-04-01 - 2026-01-01") == "(- 2026-04-01 2026-01-01)");
  CHECK(Tree("2026-4-1") == "(- (- 2026 4) 1)");
}

TEST_CASE("between", "[parse]") {
  CHECK(Tree("x between 1 and 10") == "(between x 1 10)");
  CHECK(Tree("x between 1 and 10 and y") == "(and (between x 1 10) y)");
  CHECK(Tree("y and x between 1 and 10") == "(and y (between x 1 10))");
  CHECK(Tree("x between 1 and 10 or y") == "(or (between x 1 10) y)");
  CHECK(Tree("x between a + 1 and b * 2") == "(between x (+ a 1) (* b 2))");
  CHECK(Tree("x + 1 between 0 and 5") == "(between (+ x 1) 0 5)");
  CHECK(Tree("not x between 1 and 2") == "(not (between x 1 2))");
  CHECK(Tree("age between 18 and 65 and not retired") == "(and (between age 18 65) (not retired))");
}

TEST_CASE("if then else", "[parse]") {
  CHECK(Tree("if a then b else c") == "(if a b c)");
  CHECK(Tree("if a then b else if c then d else e") == "(if a b (if c d e))");
  CHECK(Tree("if a or b then c + 1 else d") == "(if (or a b) (+ c 1) d)");
  CHECK(Tree("if a then b else c or d") == "(if a b (or c d))");
  CHECK(Tree("if if a then b else c then d else e") == "(if (if a b c) d e)");
  CHECK(Tree("(if a then 1 else 2) + 3") == "(+ (if a 1 2) 3)");
  CHECK(Tree("f(if a then 1 else 2, 3)") == "(call f (if a 1 2) 3)");
}

TEST_CASE("keywords are whole words", "[parse]") {
  CHECK(Tree("android") == "android");
  CHECK(Tree("inner") == "inner");
  CHECK(Tree("yen_total") == "yen_total");
  CHECK(Tree("iffy or orange") == "(or iffy orange)");
  CHECK(Tree("notable and thenceforth") == "(and notable thenceforth)");
  CHECK(Tree("elsewhere + betweenness") == "(+ elsewhere betweenness)");
  CHECK(Tree("trueish == false_flag") == "(== trueish false_flag)");
  CHECK(Tree("not android") == "(not android)");
  CHECK(Tree("a in inner") == "(in a inner)");
  CHECK(Tree("yen_total > 300 yen") == "(> yen_total 300yen)");
  CHECK(Tree("x.in_force") == "(. x in_force)");
  // Keywords are never names.
  CHECK(Err("yen") == "0:expected-operand");
  CHECK(Err("and") == "0:expected-operand");
  CHECK(Err("x.and") == "2:syntax");
  CHECK(Err("300 yen_total") == "4:syntax");
  CHECK(Err("between(1)") == "0:expected-operand");
}

TEST_CASE("Japanese names", "[parse]") {
  CHECK(Tree("従業員数 <= 20") == "(<= 従業員数 20)");
  CHECK(Tree("所在地 in [\"群馬県\", \"栃木県\"]") == "(in 所在地 [\"群馬県\" \"栃木県\"])");
  CHECK(Tree("会社.資本金 <= 300_000_000円") == "(<= (. 会社 資本金) 300000000yen)");
  CHECK(Tree("判定(従業員数2)") == "(call 判定 従業員数2)");
  CHECK(Err("資本金 <= 3億") == "14:syntax");  // the number 3, then the name 億
  // Any byte >= 0x80 may be part of a name, full-width punctuation included.
  CHECK(Tree("区分（A）") == "区分（A）");
}

TEST_CASE("whitespace between tokens", "[parse]") {
  CHECK(Tree(" \t\r\n a \n+\tb \r\n") == "(+ a b)");
  CHECK(Tree("f( a ,b )") == "(call f a b)");
  CHECK(Tree("x . y [ 1 ]") == "([] (. x y) 1)");
  CHECK(Tree("1+2") == "(+ 1 2)");
  CHECK(Tree("a\nnot\nin\nb") == "(not in a b)");
}

TEST_CASE("node spans", "[parse]") {
  SECTION("comparison with a unit") {
    std::string_view text = "capital <= 300_000_000 yen";
    auto root = Root(text);
    CHECK(root->begin == 0);
    CHECK(root->end == text.size());
    CHECK(SpanText(text, *root->kids[0]) == "capital");
    CHECK(SpanText(text, *root->kids[1]) == "300_000_000 yen");
  }
  SECTION("blanks around the expression and after a number are not in spans") {
    std::string_view text = "  300  +  1  ";
    auto root = Root(text);
    CHECK(SpanText(text, *root) == "300  +  1");
    CHECK(SpanText(text, *root->kids[0]) == "300");
    CHECK(SpanText(text, *root->kids[1]) == "1");
  }
  SECTION("parentheses belong to the grouped node") {
    std::string_view text = "(a + b) * c";
    auto root = Root(text);
    CHECK(SpanText(text, *root) == text);
    CHECK(SpanText(text, *root->kids[0]) == "(a + b)");
    CHECK(SpanText(text, *root->kids[0]->kids[0]) == "a");
  }
  SECTION("prefix and postfix operators") {
    std::string_view text = "-limits[x].capital";
    auto root = Root(text);
    CHECK(SpanText(text, *root) == text);
    const Node& member = *root->kids[0];
    CHECK(SpanText(text, member) == "limits[x].capital");
    CHECK(SpanText(text, *member.kids[0]) == "limits[x]");
    CHECK(SpanText(text, *member.kids[0]->kids[1]) == "x");
    std::string_view not_text = "not  a in b";
    auto not_root = Root(not_text);
    CHECK(SpanText(not_text, *not_root) == not_text);
    CHECK(SpanText(not_text, *not_root->kids[0]) == "a in b");
  }
  SECTION("calls, lists, strings, between, if") {
    std::string_view text = "f(\"群馬県\", [1, 2]) between 0 and 50% or (if a then b else c)";
    auto root = Root(text);
    const Node& between = *root->kids[0];
    CHECK(SpanText(text, between) == "f(\"群馬県\", [1, 2]) between 0 and 50%");
    CHECK(SpanText(text, *between.kids[0]) == "f(\"群馬県\", [1, 2])");
    CHECK(SpanText(text, *between.kids[0]->kids[0]) == "\"群馬県\"");
    CHECK(SpanText(text, *between.kids[0]->kids[1]) == "[1, 2]");
    CHECK(SpanText(text, *between.kids[2]) == "50%");
    CHECK(SpanText(text, *root->kids[1]) == "(if a then b else c)");
  }
  SECTION("Japanese names and 円 are measured in bytes") {
    std::string_view text = "従業員数 <= 500 円";
    auto root = Root(text);
    CHECK(root->kids[0]->end == 12);
    CHECK(SpanText(text, *root->kids[1]) == "500 円");
  }
  SECTION("every span nests inside its parent") {
    for (std::string_view text :
         {"a + b * c - d", "if a then f(b)[c].d else [1, -2, not x]", "x not in [1] and y between 1 and 2",
          "(((a)))", "2026-04-01 - 30", "-(-(a))"}) {
      INFO(text);
      CHECK(SpansNest(*Root(text), text.size()));
    }
  }
}

TEST_CASE("syntax errors have a code and an offset", "[parse]") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"", "0:expected-operand"},
      {"   ", "3:expected-operand"},
      {"a +", "3:expected-operand"},
      {"a + * b", "4:expected-operand"},
      {"not", "3:expected-operand"},
      {"-", "1:expected-operand"},
      {"a and", "5:expected-operand"},
      {"a in", "4:expected-operand"},
      {"f(a,)", "4:expected-operand"},
      {"[1, 2, ]", "7:expected-operand"},
      {"( )", "2:expected-operand"},
      {"x between", "9:expected-operand"},
      {"x between 1 and", "15:expected-operand"},
      {"if", "2:expected-operand"},
      {"if a then", "9:expected-operand"},
      {"if a then b else", "16:expected-operand"},
      {"a + if b then c else d", "4:expected-operand"},
      {"(a + b", "6:unclosed-paren"},
      {"((a)", "4:unclosed-paren"},
      {"f(a b)", "4:unclosed-paren"},
      {"f(a", "3:unclosed-paren"},
      {"[1, 2", "5:unclosed-paren"},
      {"t[1", "3:unclosed-paren"},
      {"(a]", "2:unclosed-paren"},
      {"if a b", "5:syntax"},
      {"if a then b", "11:syntax"},
      {"if a then b c", "12:syntax"},
      {"x between 1 or 2", "12:syntax"},
      {")", "0:syntax"},
      {"a)", "1:syntax"},
      {"a + b)", "5:syntax"},
      {"]", "0:syntax"},
      {"a b", "2:syntax"},
      {"a = b", "2:syntax"},
      {"1 < 2 < 3", "6:syntax"},
      {"a == b != c", "7:syntax"},
      {"a in b not in c", "7:syntax"},
      {"x between 1 and 2 between 3 and 4", "18:syntax"},
      {"x between 1 and 2 < 3", "18:syntax"},
      {"x.5", "2:syntax"},
      {"x.", "2:syntax"},
      {"50 %", "3:syntax"},
      {"1__000", "0:syntax"},
      {"1_", "0:syntax"},
      {"1.5_0", "0:syntax"},
      {"\"a\\qb\"", "2:syntax"},
      {"x == \"abc", "5:unclosed-string"},
      {"\"abc\\\"", "0:unclosed-string"},
      {"\"", "0:unclosed-string"},
      {"d > 2026-02-30", "4:bad-date"},
      {"2026-13-01", "0:bad-date"},
      {"2025-02-29", "0:bad-date"},
      {"0000-01-01", "0:bad-date"},
      {"%50", "0:bad-percent"},
      {"50%%", "0:bad-percent"},
      {"50% yen", "0:bad-percent"},
      {"x * 50%円", "4:bad-percent"},
      {"99999999999999999999999", "0:number-too-large"},
      {"a + 9223372036854775808", "4:number-too-large"},
      {"0.00000000000000000001", "0:number-too-large"},
      {"x == \"\xff\"", "6:invalid-utf8"},
      {"\xe3\x81", "0:invalid-utf8"},
  };
  for (const Case& c : cases) {
    INFO("text: " << c.text);
    CHECK(Err(c.text) == c.expected);
  }
}

TEST_CASE("error messages name what was expected", "[parse]") {
  CHECK(FirstError("a +").message.en == "expected an expression after `+`");
  CHECK(FirstError("a not in").message.en == "expected an expression after `in`");
  CHECK(FirstError("").message.en == "expected an expression");
  CHECK(FirstError("* 2").message.en == "expected an expression before `*`");
  CHECK(FirstError("(a + b").message.en == "expected `)` to close `(` opened at offset 0");
  CHECK(FirstError("f(g(a)").message.en == "expected `)` to close `(` opened at offset 1");
  CHECK(FirstError("[1, (2)").message.en == "expected `]` to close `[` opened at offset 0");
  CHECK(FirstError("if a b").message.en == "expected `then`");
  CHECK(FirstError("if a then b").message.en == "expected `else`");
  CHECK(FirstError(")").message.en == "unexpected `)`");
  CHECK(FirstError("a b").message.en == "unexpected text after the expression");
  CHECK(FirstError("x.5").message.en == "expected a name after `.`");
  CHECK(FirstError("1 < 2 < 3").message.en ==
        "comparisons do not chain; join them with `and`, as in `a < b and b < c`");
  CHECK(FirstError("2026-02-30").message.en == "invalid date `2026-02-30`: not a day in the calendar");
  CHECK(FirstError("99999999999999999999999").message.en ==
        "number `99999999999999999999999` is too large or has too many digits to represent exactly");
  CHECK(FirstError("x == \"abc").message.en == "unclosed string: the `\"` at offset 5 has no closing `\"`");
}

TEST_CASE("error spans", "[parse]") {
  ExprError e = FirstError("a + 99999999999999999999999 yen");
  CHECK(e.offset == 4);
  CHECK(e.length == 27);
  ExprError s = FirstError("x == \"abc");
  CHECK(s.offset == 5);
  CHECK(s.length == 4);
  ExprError t = FirstError("a b c");
  CHECK(t.offset == 2);
  CHECK(t.length == 1);
}

TEST_CASE("every bad literal is reported, in order", "[parse]") {
  ExprParseResult r = ParseExpression("2026-02-30 + 1__0 + 50%% + \"\\q\"");
  CHECK(r.root == nullptr);
  REQUIRE(r.errors.size() == 4);
  CHECK(r.errors[0].code == "bad-date");
  CHECK(r.errors[1].code == "syntax");
  CHECK(r.errors[1].offset == 13);
  CHECK(r.errors[2].code == "bad-percent");
  CHECK(r.errors[3].code == "syntax");
  CHECK(r.errors[3].offset == 28);
}

TEST_CASE("limits", "[parse]") {
  SECTION("length") {
    ExprLimits limits;
    limits.max_length = 5;
    CHECK(Err("a+b+c", limits) == "ok");
    CHECK(Err("a+b+cd", limits) == "5:too-long");
  }
  SECTION("100,000 nested parentheses are refused before parsing") {
    ExprLimits limits;
    limits.max_length = 1 << 20;
    std::string text = std::string(100'000, '(') + "x" + std::string(100'000, ')');
    ExprError e = FirstError(text, limits);
    CHECK(e.code == "too-deep");
    CHECK(e.offset == 64);
    CHECK(Err(std::string(100'000, '['), limits) == "64:too-deep");
  }
  SECTION("bracket depth: the limit is allowed, one more is not") {
    CHECK(Err(std::string(64, '(') + "x" + std::string(64, ')')) == "ok");
    CHECK(Err(std::string(65, '(') + "x" + std::string(65, ')')) == "64:too-deep");
    ExprLimits limits;
    limits.max_depth = 3;
    CHECK(Err("(((x)))", limits) == "ok");
    CHECK(Err("((((x))))", limits) == "3:too-deep");
    CHECK(Err("f([(x)])", limits) == "ok");
    CHECK(Err("f([(g(x))])", limits) == "5:too-deep");
    // Siblings do not add up.
    CHECK(Err("(((x))) + (((y))) + [[[1]]]", limits) == "ok");
  }
  SECTION("runs of prefix operators and if") {
    ExprLimits limits;
    limits.max_depth = 3;
    CHECK(Err("not not not a", limits) == "ok");
    CHECK(Err("not not not not a", limits) == "12:too-deep");
    CHECK(Err("- - - 1", limits) == "ok");
    CHECK(Err("- - - - 1", limits) == "6:too-deep");
    CHECK(Err("not - (a)", limits) == "ok");
    CHECK(Err("not - (- a)", limits) == "7:too-deep");
    CHECK(Err("if a then b else if c then d else if e then f else g", limits) == "ok");
    CHECK(Err("if a then b else if c then d else if e then f else if g then h else i", limits) ==
          "51:too-deep");
    // Binary operators and separate operands do not count.
    CHECK(Err("a - b - c - d - e - f", limits) == "ok");
    CHECK(Err("not a and not b and not c and not d", limits) == "ok");
    CHECK(Err("f(if a then b else c, if d then e else f, if g then h else i, if j then k else l)", limits) ==
          "ok");
    CHECK(Err(Repeat("not ", 100'000) + "a", ExprLimits{64, 1 << 20, 4096}) == "256:too-deep");
    CHECK(Err(Repeat("-", 100'000) + "a", ExprLimits{64, 1 << 20, 4096}) == "64:too-deep");
    CHECK(Err(Repeat("if a then b else ", 10'000) + "c", ExprLimits{64, 1 << 20, 4096}) == "1088:too-deep");
  }
  SECTION("a long chain is bounded by the tree depth and the node count") {
    CHECK(Err("a" + Repeat(" + a", 255)) == "ok");
    CHECK(Err("a" + Repeat(" + a", 256)) == "0:too-deep");
    CHECK(Err("a" + Repeat("+a", 5000)) == "0:too-large");
    ExprLimits limits;
    limits.max_nodes = 9;
    CHECK(Err("a+b+c+d+e", limits) == "ok");
    CHECK(Err("a+b+c+d+e+f", limits) == "0:too-large");
    CHECK(Err("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", limits) == "0:too-large");
  }
}

TEST_CASE("never throws and always answers", "[parse]") {
  // Random token soups: exactly one of a tree or errors, spans inside the text.
  const char* const pieces[] = {
      "a",   "1",  "2.5", "(",    ")",          "[",  "]",  "+",  "-",  "*",    "/",  "not",
      "and", "or", "if",  "then", "else",       ",",  ".",  "\"", "%",  "yen",  "円", "between",
      "in",  "<",  "==",  " ",    "2026-01-01", "\\", "従", "_",  "f(", "true", "\n", "\xff"};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1), count(0, 24);
  int trees = 0, errors = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string text;
    for (size_t n = count(rng); n > 0; --n) text += pieces[pick(rng)];
    ExprParseResult r = ParseExpression(text);
    INFO("text: " << text);
    REQUIRE((r.root != nullptr) != !r.errors.empty());
    if (r.root) {
      ++trees;
      REQUIRE(SpansNest(*r.root, text.size()));
    } else {
      ++errors;
      for (const ExprError& e : r.errors) {
        REQUIRE(e.offset <= text.size());
        REQUIRE_FALSE(e.code.empty());
        REQUIRE_FALSE(e.message.Empty());
      }
    }
  }
  // The generator must exercise both outcomes, or this test proves nothing.
  CHECK(trees > 100);
  CHECK(errors > 100);
}

TEST_CASE("golden error texts", "[parse]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(ELIG_SOURCE_DIR) / "tests" / "golden" / "parse";
  REQUIRE(fs::is_directory(dir));
  // Golden inputs may be long (100,000 parentheses): only the length limit is raised.
  ExprLimits limits;
  limits.max_length = 1 << 20;
  const bool update = std::getenv("ELIG_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".input") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  CHECK(inputs.size() >= 12);
  for (const fs::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() == '\n') text.pop_back();  // editors end files with a newline
    std::string actual;
    ExprParseResult r = ParseExpression(text, limits);
    for (const ExprError& e : r.errors) actual += Line(e) + "\n";
    fs::path expect_path = input;
    expect_path.replace_extension(".expect");
    if (update) {
      std::ofstream(expect_path, std::ios::binary) << actual;
      continue;
    }
    std::ifstream expect_in(expect_path, std::ios::binary);
    std::string expected((std::istreambuf_iterator<char>(expect_in)), std::istreambuf_iterator<char>());
    INFO("golden: " << input.filename().string());
    CHECK_FALSE(expected.empty());  // every golden case is an error case
    CHECK(actual == expected);
  }
}

TEST_CASE("an aggregate over records parses, and a call with `in` stays a call", "[parse][records]") {
  CHECK(Tree("all(m in members: m.is_sme)") == "(all in m members (. m is_sme))");
  CHECK(Tree("max_by(b in business_lines: b.sales_share).industry") ==
        "(. (max_by in b business_lines (. b sales_share)) industry)");
  CHECK(Tree("count(m in members: m.a and not m.b) >= 2") == "(>= (count in m members (and (. m a) (not (. m b)))) 2)");
  CHECK(Tree("any(x in [1, 2])") == "(call any (in x [1 2]))");
  CHECK(Tree("all(m in members:)").rfind("error 17:", 0) == 0);  // the body is missing, after the `:`
  CHECK(Tree("all(m in members: m.x").rfind("error", 0) == 0);
}
