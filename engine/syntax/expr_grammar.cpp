// SPDX-License-Identifier: Apache-2.0
// The one translation unit that includes Boost.Spirit. It bounds the work
// first (length, UTF-8, nesting — Spirit recurses), runs the X3 grammar, turns
// its expectation failures into messages and its AST into ast::Node.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/catalog.hpp"
#include "common/utf8.hpp"
#include "syntax/parse_expr.hpp"
#include "syntax/x3/grammar_def.hpp"

namespace elig::x3grammar {
BOOST_SPIRIT_INSTANTIATE(InputRule, Iterator, Context)
}  // namespace elig::x3grammar

namespace elig {
namespace {

namespace x3 = boost::spirit::x3;
namespace g = x3grammar;
namespace names = x3grammar::rule_names;
using ast::Kind;
using ast::Node;
using ast::NodePtr;

constexpr size_t kNpos = std::string_view::npos;
constexpr size_t kMaxShown = 32;  // bytes of source quoted in a message

unsigned char At(std::string_view t, size_t i) { return static_cast<unsigned char>(t[i]); }

template <class... Args>
ExprError MakeError(size_t offset, size_t length, std::string code, Msg id, const Args&... args) {
  ExprError e;
  e.offset = static_cast<uint32_t>(offset);
  e.length = static_cast<uint32_t>(std::max<size_t>(length, 1));
  e.code = std::move(code);
  e.message = SayBoth(id, args...);
  return e;
}

std::string Quoted(std::string_view source) { return "`" + utf8::Printable(source, kMaxShown) + "`"; }

// ---- lexical helpers for the pre-scan and for messages ---------------------

size_t SkipBlanks(std::string_view t, size_t i) {
  while (i < t.size() && g::IsSpace(At(t, i))) ++i;
  return i;
}

bool IsTwoCharOp(std::string_view t, size_t i) {
  if (i + 1 >= t.size()) return false;
  std::string_view two = t.substr(i, 2);
  return two == "==" || two == "!=" || two == "<=" || two == ">=";
}

// The token starting at i, for messages: a word, a two-character operator or one byte.
std::string_view TokenAt(std::string_view t, size_t i) {
  if (i >= t.size()) return {};
  size_t j = i + 1;
  if (g::IsIdentChar(At(t, i))) {
    while (j < t.size() && g::IsIdentChar(At(t, j))) ++j;
  } else if (IsTwoCharOp(t, i)) {
    j = i + 2;
  }
  return t.substr(i, j - i);
}

// The token ending at i, blanks before i skipped.
std::string_view TokenBefore(std::string_view t, size_t i) {
  size_t j = std::min(i, t.size());
  while (j > 0 && g::IsSpace(At(t, j - 1))) --j;
  if (j == 0) return {};
  size_t k = j - 1;
  if (g::IsIdentChar(At(t, k))) {
    while (k > 0 && g::IsIdentChar(At(t, k - 1))) --k;
  } else if (k > 0 && IsTwoCharOp(t, k - 1)) {
    --k;
  }
  return t.substr(k, j - k);
}

// Index just past the string literal whose opening quote is at i; kNpos when it never closes.
size_t SkipString(std::string_view t, size_t i) {
  for (size_t j = i + 1; j < t.size(); ++j) {
    if (t[j] == '\\') {
      ++j;
    } else if (t[j] == '"') {
      return j + 1;
    }
  }
  return kNpos;
}

// The innermost ( or [ still open at `end`.
std::optional<size_t> InnermostOpenBracket(std::string_view t, size_t end) {
  std::vector<size_t> open;
  for (size_t i = 0; i < end && i < t.size();) {
    char c = t[i];
    if (c == '"') {
      i = SkipString(t, i);
      if (i == kNpos) break;
      continue;
    }
    if (c == '(' || c == '[') {
      open.push_back(i);
    } else if ((c == ')' || c == ']') && !open.empty()) {
      open.pop_back();
    }
    ++i;
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

std::optional<size_t> UnclosedStringStart(std::string_view t) {
  for (size_t i = 0; i < t.size();) {
    if (t[i] != '"') {
      ++i;
      continue;
    }
    size_t next = SkipString(t, i);
    if (next == kNpos) return i;
    i = next;
  }
  return std::nullopt;
}

// Bounds the recursion of the grammar (and of every later pass over the tree)
// before Spirit runs. The depth at a point is what the parser holds there:
// enclosing ( and [, plus per bracket level the `if`s not yet finished (an else
// branch runs to the end of its level) and the prefix `not` and `-` not yet
// finished (`-` ends at the next binary operator, `not` at `and`/`or`/`then`/`else`/`,`).
std::optional<ExprError> ScanNesting(std::string_view t, uint32_t max_depth) {
  struct Level {
    uint64_t base, ifs, nots, negs;
  };
  std::vector<Level> outer;
  Level cur{0, 0, 0, 0};
  bool after_operand = false;  // a `-` or `not` here is binary
  auto depth = [&] { return cur.base + cur.ifs + cur.nots + cur.negs; };
  auto too_deep = [&](size_t at) {
    return MakeError(at, 1, "too-deep", Msg::kParseNestsTooDeep, fmt::arg("max", max_depth));
  };
  for (size_t i = 0; i < t.size();) {
    unsigned char c = At(t, i);
    if (g::IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '"') {
      i = SkipString(t, i);
      if (i == kNpos) break;  // the parser reports the unclosed string
      after_operand = true;
      continue;
    }
    if (g::IsIdentChar(c)) {
      size_t j = i + 1;
      while (j < t.size() && g::IsIdentChar(At(t, j))) ++j;
      std::string_view word = t.substr(i, j - i);
      if (word == "not") {
        if (!after_operand) {
          ++cur.nots;
          if (depth() > max_depth) return too_deep(i);
        }
        after_operand = false;
      } else if (word == "if") {
        ++cur.ifs;
        if (depth() > max_depth) return too_deep(i);
        after_operand = false;
      } else if (word == "and" || word == "or" || word == "then" || word == "else") {
        cur.nots = cur.negs = 0;
        after_operand = false;
      } else if (word == "in" || word == "between") {
        cur.negs = 0;
        after_operand = false;
      } else {
        after_operand = true;  // a name, number, true/false, yen
      }
      i = j;
      continue;
    }
    switch (c) {
      case '(':
      case '[':
        outer.push_back(cur);
        cur = Level{depth() + 1, 0, 0, 0};
        if (cur.base > max_depth) return too_deep(i);
        after_operand = false;
        break;
      case ')':
      case ']':
        if (!outer.empty()) {
          cur = outer.back();
          outer.pop_back();
        }
        after_operand = true;
        break;
      case ',':
        cur.ifs = cur.nots = cur.negs = 0;
        after_operand = false;
        break;
      case '-':
        if (after_operand) {
          cur.negs = 0;
        } else {
          ++cur.negs;
          if (depth() > max_depth) return too_deep(i);
        }
        after_operand = false;
        break;
      case '.':
      case '%': break;  // inside a number or before a member name
      default:
        cur.negs = 0;  // a binary operator or a stray byte
        after_operand = false;
        break;
    }
    ++i;
  }
  return std::nullopt;
}

// ---- expectation failures to messages --------------------------------------

ExprError FromExpectation(std::string_view t, const std::string& expected, size_t where) {
  const size_t at = SkipBlanks(t, where);
  const std::string_view found = TokenAt(t, at);
  const std::string_view before = TokenBefore(t, at);
  const size_t len = found.size();

  if (expected == names::kExpression) {
    if (before.empty()) {
      if (found.empty()) return MakeError(at, 1, "expected-operand", Msg::kParseExpectedExpression);
      if (found == ")" || found == "]") return MakeError(at, 1, "syntax", Msg::kParseUnexpected, fmt::arg("token", Quoted(found)));
      return MakeError(at, len, "expected-operand", Msg::kParseExpectedBefore, fmt::arg("token", Quoted(found)));
    }
    return MakeError(at, len, "expected-operand", found == "if" ? Msg::kParseExpectedAfterIf : Msg::kParseExpectedAfter,
                     fmt::arg("token", Quoted(before)));
  }
  if (expected == names::kCloseParen || expected == names::kCloseBracket) {
    const bool paren = expected == names::kCloseParen;
    const auto close = fmt::arg("close", paren ? ")" : "]"), open = fmt::arg("open", paren ? "(" : "[");
    std::optional<size_t> open_at = InnermostOpenBracket(t, at);
    if (!open_at) return MakeError(at, len, "unclosed-paren", Msg::kParseUnclosed, close, open);
    ExprError e = MakeError(at, len, "unclosed-paren", Msg::kParseUnclosedAt, close, open, fmt::arg("offset", *open_at));
    e.open_bracket = paren ? '(' : '[';
    e.open_offset = static_cast<uint32_t>(*open_at);
    return e;
  }
  if (expected == names::kCloseQuote) {
    const size_t open = UnclosedStringStart(t).value_or(at);
    return MakeError(open, t.size() - open, "unclosed-string", Msg::kParseUnclosedString, fmt::arg("offset", open));
  }
  if (expected == names::kThen) return MakeError(at, len, "syntax", Msg::kParseExpectedThen);
  if (expected == names::kElse) return MakeError(at, len, "syntax", Msg::kParseExpectedElse);
  if (expected == names::kBetweenAnd) return MakeError(at, len, "syntax", Msg::kParseExpectedBetweenAnd);
  if (expected == names::kName) return MakeError(at, len, "syntax", Msg::kParseExpectedName);
  if (expected == names::kNoChain) return MakeError(at, len, "syntax", Msg::kParseNoChain);
  if (expected == names::kEnd) {
    if (found == ")" || found == "]") return MakeError(at, 1, "syntax", Msg::kParseUnexpected, fmt::arg("token", Quoted(found)));
    if (found == "=") return MakeError(at, 1, "syntax", Msg::kParseUnexpectedAssign);
    return MakeError(at, len, "syntax", Msg::kParseTrailingText);
  }
  return MakeError(at, len, "syntax", Msg::kParseExpected, fmt::arg("rule", expected));
}

// ---- Spirit AST to ast::Node ------------------------------------------------

struct TooManyNodes {};

bool WellFormedDigits(std::string_view s) {
  bool prev_digit = false, fraction = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      prev_digit = true;
    } else if (c == '_') {
      if (!prev_digit || fraction) return false;
      prev_digit = false;
    } else if (c == '.') {
      if (!prev_digit || fraction) return false;
      fraction = true;
      prev_digit = false;
    } else {
      return false;
    }
  }
  return prev_digit;
}

ast::BinOp OpFromToken(std::string_view op) {
  switch (op.front()) {
    case '+': return ast::BinOp::kAdd;
    case '-': return ast::BinOp::kSub;
    case '*': return ast::BinOp::kMul;
    case '/': return ast::BinOp::kDiv;
    case '=': return ast::BinOp::kEq;
    case '!': return ast::BinOp::kNe;
    case '<': return op.size() > 1 ? ast::BinOp::kLe : ast::BinOp::kLt;
    case '>': return op.size() > 1 ? ast::BinOp::kGe : ast::BinOp::kGt;
    case 'a': return ast::BinOp::kAnd;
    case 'o': return ast::BinOp::kOr;
    case 'i': return ast::BinOp::kIn;
    default: return ast::BinOp::kNotIn;  // "not in", blanks between the words
  }
}

// Recursion here follows the Spirit AST, whose depth the pre-scan bounded;
// operator chains are folded in loops.
class Converter {
 public:
  using result_type = NodePtr;

  Converter(std::string_view text, const g::ParseState& state, uint32_t max_nodes,
            std::vector<ExprError>& errors)
      : text_(text), state_(state), max_nodes_(max_nodes), errors_(errors) {}

  NodePtr Convert(const x3ast::Operand& operand) {
    return boost::apply_visitor(*this, SkipPassThrough(operand).get());
  }

  NodePtr operator()(const x3ast::Nil&) { throw std::logic_error("empty operand in the expression AST"); }

  NodePtr operator()(const x3ast::NumberLit& lit) {
    auto [b, e] = Span(lit);
    NodePtr node = New(Kind::kNumber, b, e);
    const std::string_view source = text_.substr(b, e - b);
    node->unit = lit.yen ? ast::Unit::kYen : ast::Unit::kNone;
    node->percent = !lit.trail_percent.empty();
    if (!lit.lead_percent.empty()) {
      Error(b, e - b, "bad-percent", Msg::kParsePercentFirst);
    } else if (lit.trail_percent.size() > 1) {
      Error(b, e - b, "bad-percent", Msg::kParsePercentTwice);
    } else if (node->percent && lit.yen) {
      Error(b, e - b, "bad-percent", Msg::kParsePercentUnit, fmt::arg("number", Quoted(source)));
    } else if (!WellFormedDigits(lit.digits)) {
      Error(b, e - b, "syntax", Msg::kParseBadDigits, fmt::arg("number", Quoted(source)));
    } else {
      std::optional<Rational> value = Rational::Parse(lit.digits);
      if (value && node->percent) value = Rational::Div(*value, Rational(100));
      if (value) {
        node->number = *value;
      } else {
        Error(b, e - b, "number-too-large", Msg::kParseNumberTooLarge, fmt::arg("number", Quoted(source)));
      }
    }
    return node;
  }

  NodePtr operator()(const x3ast::DateLit& lit) {
    auto [b, e] = Span(lit);
    NodePtr node = New(Kind::kDate, b, e);
    if (std::optional<Date> date = ParseDate(lit.text)) {
      node->date = *date;
    } else {
      Error(b, e - b, "bad-date", Msg::kParseBadDate, fmt::arg("date", Quoted(lit.text)));
    }
    return node;
  }

  NodePtr operator()(const x3ast::StringLit& lit) {
    auto [b, e] = Span(lit);
    NodePtr node = New(Kind::kText, b, e);
    const std::string& body = lit.body;
    node->text.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] != '\\') {
        node->text += body[i];
        continue;
      }
      const char escaped = i + 1 < body.size() ? body[i + 1] : '\0';
      switch (escaped) {
        case '"': node->text += '"'; break;
        case '\\': node->text += '\\'; break;
        case 'n': node->text += '\n'; break;
        case 't': node->text += '\t'; break;
        default:
          Error(b + 1 + i, 2, "syntax", Msg::kParseBadEscape, fmt::arg("escape", Quoted(std::string_view(body).substr(i, 2))));
      }
      ++i;
    }
    return node;
  }

  NodePtr operator()(const x3ast::BoolLit& lit) {
    NodePtr node = New(Kind::kBool, lit);
    node->boolean = lit.value;
    return node;
  }

  NodePtr operator()(const x3ast::Name& name) {
    NodePtr node = New(Kind::kName, name);
    node->text = name.text;
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::Call>& ref) {
    const x3ast::Call& call = ref.get();
    NodePtr node = New(Kind::kCall, call);
    node->text = call.name;
    for (const x3ast::Operand& arg : call.args) node->kids.push_back(Convert(arg));
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::Aggregate>& ref) {
    const x3ast::Aggregate& agg = ref.get();
    NodePtr node = New(Kind::kAggregate, agg);
    node->text = agg.function;
    node->kids.push_back((*this)(agg.binder));
    node->kids.push_back(Convert(agg.list));
    node->kids.push_back(Convert(agg.body));
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::ListLit>& ref) {
    const x3ast::ListLit& list = ref.get();
    NodePtr node = New(Kind::kList, list);
    for (const x3ast::Operand& item : list.items) node->kids.push_back(Convert(item));
    return node;
  }

  // ( x ) is x, spanning the parentheses, so `(a + b) * c` starts at `(`.
  NodePtr operator()(const x3::forward_ast<x3ast::Group>& ref) {
    const x3ast::Group& group = ref.get();
    NodePtr node = Convert(group.inner);
    std::tie(node->begin, node->end) = Span(group);
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::Postfix>& ref) {
    const x3ast::Postfix& postfix = ref.get();
    NodePtr node = Convert(postfix.primary);
    for (const x3ast::Suffix& suffix : postfix.suffixes) {
      if (const auto* member = boost::get<x3ast::Member>(&suffix.get())) {
        NodePtr access = New(Kind::kMember, node->begin, Span(*member).second);
        access->text = member->name;
        access->kids.push_back(std::move(node));
        node = std::move(access);
      } else {
        const auto& index = boost::get<x3ast::Index>(suffix.get());
        NodePtr lookup = New(Kind::kIndex, node->begin, Span(index).second);
        lookup->kids.push_back(std::move(node));
        lookup->kids.push_back(Convert(index.key));
        node = std::move(lookup);
      }
    }
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::Unary>& ref) {
    const x3ast::Unary& unary = ref.get();
    NodePtr operand = Convert(unary.operand);
    NodePtr node = New(Kind::kUnary, Offset(unary.op.begin()), operand->end);
    node->un_op = unary.op.front() == '-' ? ast::UnOp::kNeg : ast::UnOp::kNot;
    node->kids.push_back(std::move(operand));
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::Chain>& ref) {
    const x3ast::Chain& chain = ref.get();
    NodePtr node = Convert(chain.first);
    for (const x3ast::Operation& operation : chain.rest) node = Binary(std::move(node), operation);
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::Comparison>& ref) {
    const x3ast::Comparison& comparison = ref.get();
    NodePtr left = Convert(comparison.left);
    if (!comparison.tail) return left;
    if (const auto* operation = boost::get<x3ast::Operation>(&comparison.tail->get())) {
      return Binary(std::move(left), *operation);
    }
    const auto& between = boost::get<x3ast::BetweenTail>(comparison.tail->get());
    NodePtr low = Convert(between.low);
    NodePtr high = Convert(between.high);
    NodePtr node = New(Kind::kBetween, left->begin, high->end);
    node->kids.push_back(std::move(left));
    node->kids.push_back(std::move(low));
    node->kids.push_back(std::move(high));
    return node;
  }

  NodePtr operator()(const x3::forward_ast<x3ast::IfExpr>& ref) {
    const x3ast::IfExpr& if_expr = ref.get();
    NodePtr node = New(Kind::kIf, if_expr);
    node->kids.push_back(Convert(if_expr.condition));
    node->kids.push_back(Convert(if_expr.then_branch));
    node->kids.push_back(Convert(if_expr.else_branch));
    return node;
  }

 private:
  // Every operand passes through each precedence level; a level without an
  // operator is skipped in a loop rather than a call, which keeps the stack
  // per ( or [ small.
  static const x3ast::Operand& SkipPassThrough(const x3ast::Operand& operand) {
    const x3ast::Operand* at = &operand;
    for (;;) {
      const auto& v = at->get();
      if (const auto* chain = boost::get<x3::forward_ast<x3ast::Chain>>(&v);
          chain && chain->get().rest.empty()) {
        at = &chain->get().first;
      } else if (const auto* cmp = boost::get<x3::forward_ast<x3ast::Comparison>>(&v);
                 cmp && !cmp->get().tail) {
        at = &cmp->get().left;
      } else if (const auto* post = boost::get<x3::forward_ast<x3ast::Postfix>>(&v);
                 post && post->get().suffixes.empty()) {
        at = &post->get().primary;
      } else {
        return *at;
      }
    }
  }

  uint32_t Offset(const char* p) const { return static_cast<uint32_t>(p - text_.data()); }

  std::pair<uint32_t, uint32_t> Span(const x3::position_tagged& node) const {
    auto range = state_.positions.position_of(node);
    return {Offset(range.begin()), Offset(range.end())};
  }

  // A node spanning what the grammar matched for `at`.
  NodePtr New(Kind kind, const x3::position_tagged& at) {
    auto [begin, end] = Span(at);
    return New(kind, begin, end);
  }

  NodePtr New(Kind kind, uint32_t begin, uint32_t end) {
    if (++count_ > max_nodes_) throw TooManyNodes{};
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->begin = begin;
    node->end = end;
    return node;
  }

  NodePtr Binary(NodePtr left, const x3ast::Operation& operation) {
    NodePtr right = Convert(operation.operand);
    NodePtr node = New(Kind::kBinary, left->begin, right->end);
    node->bin_op = OpFromToken(std::string_view(operation.op.begin(), operation.op.size()));
    node->kids.push_back(std::move(left));
    node->kids.push_back(std::move(right));
    return node;
  }

  template <class... Args>
  void Error(size_t offset, size_t length, std::string code, Msg id, const Args&... args) {
    errors_.push_back(MakeError(offset, length, std::move(code), id, args...));
  }

  std::string_view text_;
  const g::ParseState& state_;
  uint32_t max_nodes_;
  uint32_t count_ = 0;
  std::vector<ExprError>& errors_;
};

// Later passes recurse over the tree; long `+` chains are left-deep, so bound it here too.
std::optional<ExprError> CheckTreeDepth(const Node& root, uint64_t limit) {
  std::vector<std::pair<const Node*, uint64_t>> pending{{&root, 1}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > limit) {
      return MakeError(node->begin, node->end - node->begin, "too-deep", Msg::kParseTreeTooDeep, fmt::arg("max", limit));
    }
    for (auto it = node->kids.rbegin(); it != node->kids.rend(); ++it)
      pending.emplace_back(it->get(), depth + 1);
  }
  return std::nullopt;
}

void Parse(std::string_view text, const ExprLimits& limits, ExprParseResult& result) {
  if (text.size() > limits.max_length) {
    result.errors.push_back(MakeError(limits.max_length, text.size() - limits.max_length, "too-long",
                                      Msg::kParseTooLong, fmt::arg("bytes", text.size()), fmt::arg("max", limits.max_length)));
    return;
  }
  if (std::optional<size_t> bad = utf8::FindInvalid(text)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", At(text, *bad));
    result.errors.push_back(
        MakeError(*bad, 1, "invalid-utf8", Msg::kParseInvalidUtf8, fmt::arg("byte", static_cast<const char*>(byte))));
    return;
  }
  if (std::optional<ExprError> deep = ScanNesting(text, limits.max_depth)) {
    result.errors.push_back(std::move(*deep));
    return;
  }

  const char* first = text.data();
  const char* const last = text.data() + text.size();
  g::ParseState state(first, last);
  x3ast::Operand tree;
  auto const parser = x3::with<g::ParseStateTag>(state)[g::Input()];
  if (!x3::phrase_parse(first, last, parser, g::Space{}, tree)) {
    const size_t where = state.failed ? static_cast<size_t>(state.where - text.data()) : 0;
    result.errors.push_back(FromExpectation(text, state.failed ? state.expected : names::kExpression, where));
    return;
  }

  std::vector<ExprError> errors;
  NodePtr root;
  try {
    root = Converter(text, state, limits.max_nodes, errors).Convert(tree);
  } catch (const TooManyNodes&) {
    result.errors.push_back(MakeError(0, text.size(), "too-large", Msg::kParseTooManyParts, fmt::arg("max", limits.max_nodes)));
    return;
  }
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const ExprError& a, const ExprError& b) { return a.offset < b.offset; });
    result.errors = std::move(errors);
    return;
  }
  if (auto deep = CheckTreeDepth(*root, uint64_t{4} * limits.max_depth)) {
    result.errors.push_back(std::move(*deep));
    return;
  }
  result.root = std::move(root);
}

}  // namespace

ExprParseResult ParseExpression(std::string_view text, const ExprLimits& limits) {
  ExprParseResult result;
  try {
    result.errors.reserve(1);  // so reporting an out-of-memory error needs no allocation
    Parse(text, limits, result);
  } catch (const std::bad_alloc&) {
    result.root.reset();
    result.errors.clear();
    try {
      ExprError e;
      e.code = "out-of-memory";  // short strings, no formatting: no allocation
      e.message.en = Phrase(Lang::kEn, Msg::kParseOutOfMemory);
      e.message.ja = Phrase(Lang::kJa, Msg::kParseOutOfMemory);
      result.errors.push_back(std::move(e));  // fits the capacity reserved above
    } catch (...) {
    }
  } catch (...) {
    result.root.reset();
    result.errors.clear();
    try {
      result.errors.push_back(MakeError(0, 1, "internal", Msg::kParseInternal));
    } catch (...) {
    }
  }
  return result;
}

}  // namespace elig
