// SPDX-License-Identifier: Apache-2.0
#include "explain/doc.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "common/catalog.hpp"
#include "explain/views.hpp"
#include "explain/explain.hpp"

namespace elig {
namespace {

// ---------------------------------------------------------------------------
// A tiny document model, rendered to Markdown or HTML, so both say the same.

struct Run {
  std::string text;
  bool code = false;
};
using Runs = std::vector<Run>;

Runs T(std::string s) { return {Run{std::move(s), false}}; }
Runs C(std::string s) { return {Run{std::move(s), true}}; }
Runs operator+(Runs a, const Runs& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Block {
  enum class Kind : uint8_t { kTitle, kHeading, kPara, kList, kTable, kNote };
  Kind kind = Kind::kPara;
  Runs text;                      // title, heading, paragraph, note
  std::vector<Runs> items;        // list items; table header
  std::vector<std::vector<Runs>> rows;  // table rows
};

std::string MdEscape(const std::string& s, bool in_table) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += in_table ? "<br>" : "  \n";
      continue;
    }
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>' || c == '#' ||
        (in_table && c == '|'))
      out += '\\';
    out += c;
  }
  return out;
}

std::string MdRuns(const Runs& runs, bool in_table) {
  std::string out;
  for (const auto& r : runs) {
    if (!r.code) {
      out += MdEscape(r.text, in_table);
      continue;
    }
    std::string code;
    for (char c : r.text) {
      if (c == '\n') code += ' ';
      else if (in_table && c == '|') code += "\\|";
      else code += c;
    }
    bool tick = code.find('`') != std::string::npos;
    std::string fence = tick ? "``" : "`";
    std::string pad = tick ? " " : "";
    out += fence + pad + code + pad + fence;
  }
  return out;
}

}  // namespace

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string HtmlRuns(const Runs& runs) {
  std::string out;
  for (const auto& r : runs) out += r.code ? "<code>" + HtmlEscape(r.text) + "</code>" : HtmlEscape(r.text);
  return out;
}

std::string PlainRuns(const Runs& runs) {
  std::string out;
  for (const auto& r : runs) out += r.text;
  return out;
}

std::string RenderMarkdown(const std::vector<Block>& blocks) {
  std::string out;
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::Kind::kTitle: out += "# " + MdRuns(b.text, false) + "\n\n"; break;
      case Block::Kind::kHeading: out += "## " + MdRuns(b.text, false) + "\n\n"; break;
      case Block::Kind::kPara: out += MdRuns(b.text, false) + "\n\n"; break;
      case Block::Kind::kNote: out += "> " + MdRuns(b.text, false) + "\n\n"; break;
      case Block::Kind::kList:
        for (const auto& item : b.items) out += "- " + MdRuns(item, false) + "\n";
        out += "\n";
        break;
      case Block::Kind::kTable: {
        out += "|";
        for (const auto& h : b.items) out += " " + MdRuns(h, true) + " |";
        out += "\n|";
        for (size_t i = 0; i < b.items.size(); ++i) out += "---|";
        out += "\n";
        for (const auto& row : b.rows) {
          out += "|";
          for (const auto& cell : row) out += " " + MdRuns(cell, true) + " |";
          out += "\n";
        }
        out += "\n";
        break;
      }
    }
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

std::string RenderHtml(const std::vector<Block>& blocks, Lang lang) {
  std::string title;
  for (const auto& b : blocks)
    if (b.kind == Block::Kind::kTitle) title = PlainRuns(b.text);
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out += lang == Lang::kJa ? "ja" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlEscape(title) + "</title>\n";
  out += "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.6}"
         "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .6em;vertical-align:top}"
         "blockquote{color:#555}code{background:#f4f4f4}</style>\n</head>\n<body>\n";
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::Kind::kTitle: out += "<h1>" + HtmlRuns(b.text) + "</h1>\n"; break;
      case Block::Kind::kHeading: out += "<h2>" + HtmlRuns(b.text) + "</h2>\n"; break;
      case Block::Kind::kPara: out += "<p>" + HtmlRuns(b.text) + "</p>\n"; break;
      case Block::Kind::kNote: out += "<blockquote>" + HtmlRuns(b.text) + "</blockquote>\n"; break;
      case Block::Kind::kList:
        out += "<ul>\n";
        for (const auto& item : b.items) out += "<li>" + HtmlRuns(item) + "</li>\n";
        out += "</ul>\n";
        break;
      case Block::Kind::kTable:
        out += "<table>\n<tr>";
        for (const auto& h : b.items) out += "<th>" + HtmlRuns(h) + "</th>";
        out += "</tr>\n";
        for (const auto& row : b.rows) {
          out += "<tr>";
          for (const auto& cell : row) out += "<td>" + HtmlRuns(cell) + "</td>";
          out += "</tr>\n";
        }
        out += "</table>\n";
        break;
    }
  }
  return out + "</body>\n</html>\n";
}

// ---------------------------------------------------------------------------
// Expressions in words.

using fmt::arg;

class Words {
 public:
  Words(const CompiledProgram& p, Lang lang) : p_(p), lang_(lang) {}

  std::string Say(const ast::Node& n) const {
    using ast::Kind;
    switch (n.kind) {
      case Kind::kNumber: {
        Value v = Value::Number(n.number, n.unit == ast::Unit::kYen);
        if (n.percent) {
          auto pct = Rational::Mul(n.number, Rational(100));
          if (pct) return pct->ToGroupedString() + "%";
        }
        return FormatValue(v, lang_);
      }
      case Kind::kText: return Phrase(Msg::kWordsText, arg("text", n.text));
      case Kind::kBool: return Phrase(n.boolean ? Msg::kWordsTrue : Msg::kWordsFalse);
      case Kind::kDate: return FormatDate(n.date);
      case Kind::kList: {
        std::string s = "[";
        for (size_t i = 0; i < n.kids.size(); ++i) s += (i ? ", " : "") + Say(*n.kids[i]);
        return s + "]";
      }
      case Kind::kName: return Name(n.text);
      case Kind::kMember: return n.kids.empty() ? n.text : Plain(*n.kids[0]) + "." + n.text;
      case Kind::kIndex: return n.kids.size() == 2 ? Plain(*n.kids[0]) + "[" + Plain(*n.kids[1]) + "]" : "?";
      case Kind::kUnary:
        if (n.un_op == ast::UnOp::kNeg) return "-" + Sub(*n.kids[0]);
        return Phrase(Msg::kWordsNot, arg("x", Sub(*n.kids[0])));
      case Kind::kBinary: return Binary(n);
      case Kind::kBetween:
        return Phrase(Msg::kWordsBetween, arg("x", Sub(*n.kids[0])), arg("low", Sub(*n.kids[1])), arg("high", Sub(*n.kids[2])));
      case Kind::kIf:
        return Phrase(Msg::kWordsIf, arg("cond", Say(*n.kids[0])), arg("then", Sub(*n.kids[1])), arg("else", Sub(*n.kids[2])));
      case Kind::kCall: return Call(n);
      case Kind::kAggregate:  // written as the rule says it: all(m in members: m.is_sme)
        if (n.kids.size() != 3) return "?";
        return n.text + "(" + n.kids[0]->text + " in " + Plain(*n.kids[1]) + ": " + Say(*n.kids[2]) + ")";
    }
    return "?";
  }

 private:
  template <class... Args>
  std::string Phrase(Msg id, const Args&... args) const {
    return elig::Say(lang_, id, args...);
  }

  // A sub-expression: bracketed when it is itself an operation.
  std::string Sub(const ast::Node& n) const {
    bool compound = n.kind == ast::Kind::kBinary || n.kind == ast::Kind::kIf || n.kind == ast::Kind::kBetween ||
                    (n.kind == ast::Kind::kUnary && n.un_op == ast::UnOp::kNot);
    return compound ? "(" + Say(n) + ")" : Say(n);
  }

  std::string Plain(const ast::Node& n) const { return n.kind == ast::Kind::kName ? n.text : Say(n); }

  std::string Name(const std::string& name) const {
    if (name == "as_of") return Phrase(Msg::kWordsAsOf);
    for (const auto& param : p_.params) {
      if (param.name != name) continue;
      // A parameter with one value reads best with it: `rate (2/3)`.
      if (param.values.size() == 1 && !param.values[0].first)
        return name + Phrase(Msg::kParenthetical, arg("text", FormatValue(param.values[0].second, lang_)));
      return name;
    }
    return name;
  }

  std::string Binary(const ast::Node& n) const {
    using ast::BinOp;
    const std::string a = Sub(*n.kids[0]), b = Sub(*n.kids[1]);
    auto two = [&](Msg id) { return Phrase(id, arg("a", a), arg("b", b)); };
    switch (n.bin_op) {
      case BinOp::kAdd: return a + " + " + b;
      case BinOp::kSub: return a + " − " + b;
      case BinOp::kMul: return a + " × " + b;
      case BinOp::kDiv: return a + " ÷ " + b;
      case BinOp::kEq: return a + " = " + b;
      case BinOp::kNe: return a + " ≠ " + b;
      case BinOp::kLt: return two(Msg::kWordsLt);
      case BinOp::kLe: return two(Msg::kWordsLe);
      case BinOp::kGt: return two(Msg::kWordsGt);
      case BinOp::kGe: return two(Msg::kWordsGe);
      case BinOp::kAnd: return two(Msg::kWordsAnd);
      case BinOp::kOr: return two(Msg::kWordsOr);
      case BinOp::kIn: return two(Msg::kWordsIn);
      case BinOp::kNotIn: return two(Msg::kWordsNotIn);
    }
    return a + " ? " + b;
  }

  // `a and b`, `a, b, and c` / 「a と b」「a、b、c」.
  std::string Join(const std::vector<std::string>& xs) const {
    if (xs.size() == 2) return Phrase(Msg::kWordsJoinTwo, arg("a", xs[0]), arg("b", xs[1]));
    std::string s = xs.empty() ? "" : xs[0];
    for (size_t i = 1; i < xs.size(); ++i)
      s = Phrase(i + 1 == xs.size() ? Msg::kWordsJoinLast : Msg::kWordsJoinNext, arg("a", s), arg("b", xs[i]));
    return s;
  }

  std::string Call(const ast::Node& n) const {
    // The function's words delimit its arguments: no brackets needed around them.
    std::vector<std::string> args;
    for (const auto& k : n.kids) args.push_back(Say(*k));
    const std::string& f = n.text;
    if ((f == "min" || f == "max") && args.size() >= 2) {
      Msg id = f == "min" ? (args.size() == 2 ? Msg::kWordsMinTwo : Msg::kWordsMinMany)
                          : (args.size() == 2 ? Msg::kWordsMaxTwo : Msg::kWordsMaxMany);
      return Phrase(id, arg("args", Join(args)));
    }
    if ((f == "years_between" || f == "days_between") && args.size() == 2)
      return Phrase(f == "years_between" ? Msg::kWordsYearsBetween : Msg::kWordsDaysBetween, arg("from", args[0]),
                    arg("to", args[1]));
    static const std::pair<std::string_view, Msg> kOneArgument[] = {
        {"floor", Msg::kWordsFloor}, {"ceil", Msg::kWordsCeil}, {"round", Msg::kWordsRound},
        {"abs", Msg::kWordsAbs},     {"known", Msg::kWordsKnown}, {"len", Msg::kWordsLen},
        {"count", Msg::kWordsCount}, {"any", Msg::kWordsAny},   {"all", Msg::kWordsAll},
        {"sum", Msg::kWordsSum}};
    for (const auto& [name, id] : kOneArgument)
      if (f == name && args.size() == 1)
        return Phrase(f == "len" && p_.IsTextLength(n) ? Msg::kWordsTextLength : id, arg("x", args[0]));
    std::string s = f + "(";
    for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i];
    return s + ")";
  }

  const CompiledProgram& p_;
  Lang lang_;
};

// ---------------------------------------------------------------------------
// The page.

// The choices of an enum, as applicants read them: each label (the value when there is none).
std::string ChoiceWords(const EnumDef* e, Lang lang) {
  std::string s;
  for (size_t i = 0; e && i < e->values.size(); ++i) s += (i ? ", " : "") + e->Label(i, lang);
  return s;
}

std::string AnswerKind(const CompiledFact& f, Lang lang) {
  auto bounds = [&](Msg kind) { return WithBounds(f, lang, kind); };
  switch (f.spec.base) {
    case BaseType::kBool: return Say(lang, Msg::kAskHintYesNo);
    case BaseType::kInt: return bounds(Msg::kAskHintWhole);
    case BaseType::kDecimal: return bounds(Msg::kAskHintDecimal);
    case BaseType::kYen: return bounds(Msg::kAskHintYen);
    case BaseType::kText: return Say(lang, Msg::kDocAnswerText);
    case BaseType::kDate: return Say(lang, Msg::kAskHintDate);
    case BaseType::kEnum: return Say(lang, Msg::kDocAnswerOneOf, arg("values", ChoiceWords(f.spec.enum_def.get(), lang)));
    case BaseType::kList:
      if (f.spec.elem == BaseType::kEnum)
        return Say(lang, Msg::kDocAnswerAnyOf, arg("values", ChoiceWords(f.spec.enum_def.get(), lang)));
      return Say(lang, Msg::kDocAnswerList);
    default: return "";
  }
}


// The page of a program, a section at a time.
class Page {
 public:
  Page(const CompiledProgram& p, Lang lang) : p_(p), lang_(lang) {}

  std::vector<Block> Build() {
    std::string title = p_.title.Get(lang_);
    Add(Block::Kind::kTitle, T(title.empty() ? p_.id : title));
    Identity();
    Rules();
    Facts();
    Scoring();
    Award();
    Definitions();
    std::string sources;
    for (const auto& s : p_.source_paths) sources += (sources.empty() ? "" : ", ") + s;
    Add(Block::Kind::kPara, T(S(Msg::kDocGenerated, arg("sources", sources))));
    return std::move(page_);
  }

 private:
  template <class... Args>
  std::string S(Msg id, const Args&... args) const {
    return Say(lang_, id, args...);
  }

  void Add(Block::Kind k, Runs text) {
    Block b;
    b.kind = k;
    b.text = std::move(text);
    page_.push_back(std::move(b));
  }

  Block Table(std::initializer_list<Msg> columns) const {
    Block t;
    t.kind = Block::Kind::kTable;
    for (Msg m : columns) t.items.push_back(T(S(m)));
    return t;
  }

  // The program's id and version, kind, authority, basis, window and budget.
  void Identity() {
    Block list;
    list.kind = Block::Kind::kList;
    list.items.push_back(T(S(Msg::kDocProgramId)) + C(p_.id) +
                         (p_.version.empty() ? Runs{} : T(S(Msg::kDocVersion, arg("version", p_.version)))));
    if (!p_.kind.empty()) list.items.push_back(T(S(Msg::kDocKind, arg("kind", p_.kind))));
    if (!p_.authority.empty()) list.items.push_back(T(S(Msg::kDocAuthority, arg("authority", p_.authority))));
    if (!p_.basis.empty()) list.items.push_back(T(S(Msg::kTextBasis, arg("basis", p_.basis))));
    if (p_.window_from || p_.window_to) {
      list.items.push_back(T(S(Msg::kDocWindow, arg("from", p_.window_from ? FormatDate(*p_.window_from) : ""),
                               arg("to", p_.window_to ? FormatDate(*p_.window_to) : ""))));
    } else {
      list.items.push_back(T(S(Msg::kDocNoWindow)));
    }
    if (p_.budget) list.items.push_back(T(S(Msg::kDocBudget, arg("amount", FormatYen(*p_.budget, lang_)))));
    if (p_.places) list.items.push_back(T(S(Msg::kDocPlaces, arg("n", *p_.places))));
    page_.push_back(std::move(list));
    if (!p_.note.empty()) Add(Block::Kind::kNote, T(p_.note));
  }

  void RulesTable(const std::vector<CompiledRule>& rules) {
    Block t = Table({Msg::kDocColRule, Msg::kDocColCondition, Msg::kDocColCitation});
    t.items.insert(t.items.begin(), T("#"));
    size_t n = 0;
    for (const auto& r : rules) {
      std::string text = r.text.Get(lang_);
      Runs cell = T(text.empty() ? S(Msg::kDocNoText) : text) + T(" ") + C(r.id);
      if (!r.note.empty()) cell = cell + T(S(Msg::kDocRuleNote, arg("note", r.note)));
      t.rows.push_back({T(std::to_string(++n)), cell, C(r.expr_text), T(r.cite.empty() ? "—" : r.cite)});
    }
    page_.push_back(std::move(t));
  }

  // Who may apply, and who may not.
  void Rules() {
    Add(Block::Kind::kHeading, T(S(Msg::kDocWhoMayApply)));
    if (p_.requirements.empty()) {
      Add(Block::Kind::kPara, T(S(Msg::kDocNoRequirements)));
    } else {
      Add(Block::Kind::kPara, T(S(Msg::kDocAllMustHold)));
      RulesTable(p_.requirements);
    }
    if (!p_.exclusions.empty()) {
      Add(Block::Kind::kHeading, T(S(Msg::kDocWhoMayNotApply)));
      Add(Block::Kind::kPara, T(S(Msg::kDocAnyRefuses)));
      RulesTable(p_.exclusions);
    }
  }

  // The facts asked: only those some rule or the award reads.
  void Facts() {
    Block facts = Table({Msg::kDocColFact, Msg::kDocColQuestion, Msg::kDocColAnswer});
    for (const auto& f : p_.facts) {
      if (!f.used) continue;
      std::string ask = f.ask.Get(lang_);
      facts.rows.push_back({C(f.name), T(ask.empty() ? "—" : ask), T(AnswerKind(f, lang_))});
    }
    if (facts.rows.empty()) return;
    Add(Block::Kind::kHeading, T(S(Msg::kDocAsked)));
    Add(Block::Kind::kPara, T(S(Msg::kDocUnknownNote)));
    page_.push_back(std::move(facts));
  }

  void Scoring() {
    if (p_.scoring.empty()) return;
    Add(Block::Kind::kHeading, T(S(Msg::kDocScoring)));
    Block t = Table({Msg::kDocColItem, Msg::kDocColPoints, Msg::kDocColWhen, Msg::kDocColCitation});
    for (const auto& s : p_.scoring) {
      std::string text = s.text.Get(lang_);
      Runs item = T(text.empty() ? s.id : text) + (text.empty() ? Runs{} : T(" ") + C(s.id));
      if (!s.group.empty()) item = item + T(S(Msg::kDocInGroup, arg("group", s.group)));
      const Expr* pe = p_.SourceOf(s.points);
      std::string pts = pe && pe->root ? pe->text : "?";
      if (const Value* c = p_.ConstantAt(s.points)) pts = FormatValue(*c, lang_);
      t.rows.push_back({item, T(pts), C(s.expr_text), T(s.cite.empty() ? "—" : s.cite)});
    }
    page_.push_back(std::move(t));
    if (p_.score_groups.empty()) return;
    Block g;
    g.kind = Block::Kind::kList;
    for (const auto& sg : p_.score_groups) {
      std::string note = sg.text.Get(lang_);
      std::string limits;
      if (sg.max_items) limits += S(Msg::kDocGroupLimit, arg("n", *sg.max_items));
      if (sg.max_counted)
        limits += S(Msg::kDocGroupCounted, arg("n", *sg.max_counted),
                    arg("pick", S(sg.pick == ScorePick::kFirst ? Msg::kPickFirst : Msg::kPickHighest)));
      g.items.push_back(T(S(Msg::kDocGroupLabel)) + C(sg.name) + T(limits + (note.empty() ? "" : " " + note)));
    }
    page_.push_back(std::move(g));
  }

  // The award in words and as a formula, and the parameters it reads.
  void Award() {
    Add(Block::Kind::kHeading, T(S(Msg::kDocAward)));
    if (p_.benefit) {
      Add(Block::Kind::kPara, T(S(Msg::kBenefitGiven, arg("text", p_.benefit->says.Get(lang_)))));
      Block items;
      items.kind = Block::Kind::kList;
      for (const auto& line : BenefitDetails(*p_.benefit, lang_)) items.items.push_back(T(line));
      if (std::string note = p_.benefit->note.Get(lang_); !note.empty()) items.items.push_back(T(note));
      if (!items.items.empty()) page_.push_back(std::move(items));
    }
    const Expr* award = p_.award >= 0 ? p_.SourceOf(static_cast<uint32_t>(p_.award)) : nullptr;
    if (!award && p_.benefit) {
      // No money: the benefit above is what is given.
    } else if (award && award->root) {
      Add(Block::Kind::kPara, T(S(Msg::kDocAwardIs, arg("words", ExprInWords(p_, *award->root, lang_)))));
      Add(Block::Kind::kPara, T(S(Msg::kDocFormula)) + C(award->text));
      Add(Block::Kind::kPara, T(S(Msg::kDocExact)));
    } else {
      std::string note = p_.award_note.Get(lang_);
      Add(Block::Kind::kPara, T(S(Msg::kDocNoFormula)) + (note.empty() ? Runs{} : T(" " + note)));
    }
    if (p_.params.empty()) return;
    Block t = Table({Msg::kDocColParameter, Msg::kDocColValue, Msg::kDocColFrom});
    for (const auto& param : p_.params)
      for (const auto& [from, v] : param.values)
        t.rows.push_back({C(param.name), T(FormatValue(v, lang_)), T(from ? FormatDate(*from) : S(Msg::kDocAlways))});
    page_.push_back(std::move(t));
  }

  void Definitions() {
    std::vector<uint32_t> defines = p_.DefinesUsed();
    if (defines.empty()) return;
    Add(Block::Kind::kHeading, T(S(Msg::kDocDefinitions)));
    Block t = Table({Msg::kDocColName, Msg::kDocColDefinition, Msg::kDocColDefinedIn});
    for (uint32_t d : defines) {
      const Expr* e = p_.SourceOf(p_.defines[d].root);
      t.rows.push_back({C(p_.defines[d].name), C(e ? e->text : "?"), T(e && e->file ? e->file->path() : "")});
    }
    page_.push_back(std::move(t));
  }

  const CompiledProgram& p_;
  Lang lang_;
  std::vector<Block> page_;
};

}  // namespace

std::string ExprInWords(const CompiledProgram& prog, const ast::Node& node, Lang lang) {
  return Words(prog, lang).Say(node);
}

std::string RenderProgramDoc(const CompiledProgram& prog, const DocOptions& options) {
  std::vector<Block> page = Page(prog, options.lang).Build();
  return options.format == DocFormat::kHtml ? RenderHtml(page, options.lang) : RenderMarkdown(page) + "\n";
}

namespace {

using json = nlohmann::json;

json Both(const LocalText& t) { return {{"ja", t.Get(Lang::kJa)}, {"en", t.Get(Lang::kEn)}}; }

json FactJson(const CompiledFact& f, Lang lang) {
  json choices = nullptr;
  if (const EnumDef* e = Choices(f)) {
    choices = json::array();
    for (size_t i = 0; i < e->values.size(); ++i)
      choices.push_back({{"value", e->values[i]}, {"ja", e->Label(i, Lang::kJa)}, {"en", e->Label(i, Lang::kEn)}});
  }
  return {{"name", f.name},
          {"type", TypeSpecName(f.spec)},
          {"question", Both(f.ask)},
          {"statement", f.statement.Empty() ? json(nullptr) : Both(f.statement)},
          {"answer", AnswerKind(f, lang)},
          {"choices", std::move(choices)},
          {"min", f.min ? json(f.min->ToString()) : json(nullptr)},
          {"max", f.max ? json(f.max->ToString()) : json(nullptr)}};
}

json RulesJson(const std::vector<CompiledRule>& rules) {
  json out = json::array();
  for (const auto& r : rules)
    out.push_back({{"id", r.id}, {"text", Both(r.text)}, {"cite", r.cite}, {"rule", r.expr_text}, {"note", r.note}});
  return out;
}

json ScoringJson(const CompiledProgram& p, Lang lang) {
  json out = json::array();
  for (const auto& s : p.scoring) {
    const Expr* pe = p.SourceOf(s.points);
    std::string pts = pe && pe->root ? pe->text : "";
    if (const Value* c = p.ConstantAt(s.points)) pts = FormatValue(*c, lang);
    out.push_back({{"id", s.id}, {"text", Both(s.text)}, {"points", pts}, {"when", s.expr_text}, {"cite", s.cite},
                   {"group", s.group.empty() ? json(nullptr) : json(s.group)}});
  }
  return out;
}

json AwardJson(const CompiledProgram& p, Lang lang) {
  const Expr* award = p.award >= 0 ? p.SourceOf(static_cast<uint32_t>(p.award)) : nullptr;
  json params = json::array();
  for (const auto& param : p.params)
    for (const auto& [from, v] : param.values)
      params.push_back({{"name", param.name}, {"value", FormatValue(v, lang)},
                        {"from", from ? json(FormatDate(*from)) : json(nullptr)}});
  bool has = award && award->root;
  return {{"formula", has ? json(award->text) : json(nullptr)},
          {"words", has ? json(ExprInWords(p, *award->root, lang)) : json(nullptr)},
          {"note", Both(p.award_note)},
          {"parameters", std::move(params)}};
}

json BenefitDocJson(const CompiledProgram& p, Lang lang) {
  if (!p.benefit) return nullptr;
  const BenefitDecl& b = *p.benefit;
  json items = json::array();
  for (const auto& item : b.items)
    items.push_back({{"what", Both(item.what)},
                     {"amount", !item.amount ? json(nullptr) : item.amount->IsInteger() ? json(item.amount->num()) : json(item.amount->ToString())},
                     {"unit", item.unit.empty() ? json(nullptr) : json(item.unit)},
                     {"up_to", item.up_to}});
  return {{"says", Both(b.says)},
          {"details", BenefitDetails(b, lang)},
          {"items", std::move(items)},
          {"cost_share", b.cost_share ? json(b.cost_share->ToString()) : json(nullptr)},
          {"note", Both(b.note)}};
}

json ApplyJson(const CompiledProgram& p) {
  if (!p.apply) return nullptr;
  json docs = json::array(), deadlines = json::array();
  for (const auto& d : p.apply->documents) docs.push_back(Both(d));
  for (const auto& d : p.apply->deadlines) deadlines.push_back({{"text", Both(d.text)}, {"rule", d.expr_text}});
  return {{"where", Both(p.apply->where)}, {"url", p.apply->url}, {"how", Both(p.apply->how)},
          {"documents", std::move(docs)}, {"deadlines", std::move(deadlines)}, {"note", Both(p.apply->note)}};
}

}  // namespace

std::string RenderProgramDocJson(const CompiledProgram& p, Lang lang) {
  json facts = json::array();
  for (const auto& f : p.facts)
    if (f.used) facts.push_back(FactJson(f, lang));
  json out = {{"id", p.id},
              {"version", p.version},
              {"lang", lang == Lang::kJa ? "ja" : "en"},
              {"title", Both(p.title)},
              {"kind", p.kind},
              {"authority", p.authority},
              {"basis", p.basis},
              {"window", {{"from", p.window_from ? json(FormatDate(*p.window_from)) : json(nullptr)},
                          {"to", p.window_to ? json(FormatDate(*p.window_to)) : json(nullptr)}}},
              {"budget", p.budget ? json(p.budget->ToString()) : json(nullptr)},
              {"places", p.places ? json(*p.places) : json(nullptr)},
              {"benefit", BenefitDocJson(p, lang)},
              {"themes", p.themes},
              {"facts", std::move(facts)},
              {"requirements", RulesJson(p.requirements)},
              {"exclusions", RulesJson(p.exclusions)},
              {"scoring", ScoringJson(p, lang)},
              {"award", AwardJson(p, lang)},
              {"apply", ApplyJson(p)},
              {"sources", p.source_paths}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace elig
