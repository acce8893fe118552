#include "explain/doc.hpp"

#include <set>
#include <vector>

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

class Words {
 public:
  Words(const CompiledProgram& p, Lang lang) : p_(p), ja_(lang == Lang::kJa), lang_(lang) {}

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
      case Kind::kText: return ja_ ? "「" + n.text + "」" : "\"" + n.text + "\"";
      case Kind::kBool: return n.boolean ? (ja_ ? "真" : "true") : (ja_ ? "偽" : "false");
      case Kind::kDate: return FormatDate(n.date);
      case Kind::kList: {
        std::string s = "[";
        for (size_t i = 0; i < n.kids.size(); ++i) s += (i ? ", " : "") + Say(*n.kids[i]);
        return s + "]";
      }
      case Kind::kName: return Name(n.text);
      case Kind::kMember:
        return n.kids.empty() ? n.text : Plain(*n.kids[0]) + "." + n.text;
      case Kind::kIndex: return n.kids.size() == 2 ? Plain(*n.kids[0]) + "[" + Plain(*n.kids[1]) + "]" : "?";
      case Kind::kUnary:
        if (n.un_op == ast::UnOp::kNeg) return "-" + Sub(*n.kids[0]);
        return ja_ ? Sub(*n.kids[0]) + "でない" : "not " + Sub(*n.kids[0]);
      case Kind::kBinary: return Binary(n);
      case Kind::kBetween:
        return ja_ ? Sub(*n.kids[0]) + "が" + Sub(*n.kids[1]) + "以上" + Sub(*n.kids[2]) + "以下"
                   : Sub(*n.kids[0]) + " is between " + Sub(*n.kids[1]) + " and " + Sub(*n.kids[2]);
      case Kind::kIf:
        return ja_ ? Say(*n.kids[0]) + "の場合は" + Sub(*n.kids[1]) + "、それ以外は" + Sub(*n.kids[2])
                   : Sub(*n.kids[1]) + " if " + Say(*n.kids[0]) + ", otherwise " + Sub(*n.kids[2]);
      case Kind::kCall: return Call(n);
    }
    return "?";
  }

 private:
  // A sub-expression: bracketed when it is itself an operation.
  std::string Sub(const ast::Node& n) const {
    bool compound = n.kind == ast::Kind::kBinary || n.kind == ast::Kind::kIf || n.kind == ast::Kind::kBetween ||
                    (n.kind == ast::Kind::kUnary && n.un_op == ast::UnOp::kNot);
    return compound ? "(" + Say(n) + ")" : Say(n);
  }

  std::string Plain(const ast::Node& n) const {
    if (n.kind == ast::Kind::kName || n.kind == ast::Kind::kMember || n.kind == ast::Kind::kIndex) {
      if (n.kind == ast::Kind::kName) return n.text;
      return Say(n);
    }
    return Say(n);
  }

  std::string Name(const std::string& name) const {
    if (name == "as_of") return ja_ ? "基準日" : "the as-of date";
    for (const auto& param : p_.params) {
      if (param.name != name) continue;
      // A parameter with one value reads best with it: `rate (2/3)`.
      if (param.values.size() == 1 && !param.values[0].first)
        return name + (ja_ ? "（" : " (") + FormatValue(param.values[0].second, lang_) + (ja_ ? "）" : ")");
      return name;
    }
    return name;
  }

  std::string Binary(const ast::Node& n) const {
    using ast::BinOp;
    const std::string a = Sub(*n.kids[0]), b = Sub(*n.kids[1]);
    switch (n.bin_op) {
      case BinOp::kAdd: return a + " + " + b;
      case BinOp::kSub: return a + " − " + b;
      case BinOp::kMul: return a + " × " + b;
      case BinOp::kDiv: return a + " ÷ " + b;
      case BinOp::kEq: return a + " = " + b;
      case BinOp::kNe: return a + " ≠ " + b;
      case BinOp::kLt: return ja_ ? a + "が" + b + "未満" : a + " < " + b;
      case BinOp::kLe: return ja_ ? a + "が" + b + "以下" : a + " ≤ " + b;
      case BinOp::kGt: return ja_ ? a + "が" + b + "を超える" : a + " > " + b;
      case BinOp::kGe: return ja_ ? a + "が" + b + "以上" : a + " ≥ " + b;
      case BinOp::kAnd: return ja_ ? a + "かつ" + b : a + " and " + b;
      case BinOp::kOr: return ja_ ? a + "または" + b : a + " or " + b;
      case BinOp::kIn: return ja_ ? a + "が" + b + "のいずれか" : a + " is one of " + b;
      case BinOp::kNotIn: return ja_ ? a + "が" + b + "のいずれでもない" : a + " is none of " + b;
    }
    return a + " ? " + b;
  }

  std::string Join(const std::vector<std::string>& xs) const {
    std::string s;
    for (size_t i = 0; i < xs.size(); ++i) {
      if (i) s += ja_ ? (xs.size() == 2 ? " と " : "、") : (i + 1 == xs.size() ? (xs.size() > 2 ? ", and " : " and ") : ", ");
      s += xs[i];
    }
    return s;
  }

  std::string Call(const ast::Node& n) const {
    // The function's words delimit its arguments: no brackets needed around them.
    std::vector<std::string> args;
    for (const auto& k : n.kids) args.push_back(Say(*k));
    const std::string& f = n.text;
    std::string first = args.empty() ? "" : args[0];
    if ((f == "min" || f == "max") && args.size() >= 2) {
      bool mn = f == "min";
      if (ja_) return Join(args) + (args.size() == 2 ? " のいずれか" : " のうち最も") + (mn ? "低い額" : "高い額");
      return std::string("the ") + (args.size() == 2 ? (mn ? "smaller" : "larger") : (mn ? "smallest" : "largest")) +
             " of " + Join(args);
    }
    if (f == "floor") return ja_ ? first + "（端数切り捨て）" : first + " rounded down";
    if (f == "ceil") return ja_ ? first + "（端数切り上げ）" : first + " rounded up";
    if (f == "round") return ja_ ? first + "（四捨五入）" : first + " rounded half up";
    if (f == "abs") return ja_ ? first + "の絶対値" : "the absolute value of " + first;
    if (f == "years_between" && args.size() == 2)
      return ja_ ? args[0] + "から" + args[1] + "までの満年数" : "whole years from " + args[0] + " to " + args[1];
    if (f == "days_between" && args.size() == 2)
      return ja_ ? args[0] + "から" + args[1] + "までの日数" : "days from " + args[0] + " to " + args[1];
    if (f == "known") return ja_ ? first + "が回答済み" : first + " is known";
    if (f == "len" && p_.text_lengths.count(&n)) return ja_ ? first + "の文字数" : "the number of characters in " + first;
    if (f == "len") return ja_ ? first + "の数" : "the number of " + first;
    if (f == "count") return ja_ ? first + "のうち満たす数" : "how many of " + first + " hold";
    if (f == "any") return ja_ ? first + "のいずれか" : "any of " + first;
    if (f == "all") return ja_ ? first + "のすべて" : "all of " + first;
    if (f == "sum") return ja_ ? first + "の合計" : "the sum of " + first;
    std::string s = f + "(";
    for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i];
    return s + ")";
  }

  const CompiledProgram& p_;
  bool ja_;
  Lang lang_;
};

// ---------------------------------------------------------------------------
// The page.

std::string AnswerKind(const CompiledFact& f, Lang lang) {
  bool ja = lang == Lang::kJa;
  auto bounds = [&](std::string s) {
    if (f.min) s += ja ? "、" + f.min->ToGroupedString() + "以上" : ", at least " + f.min->ToGroupedString();
    if (f.max) s += ja ? "、" + f.max->ToGroupedString() + "以下" : ", at most " + f.max->ToGroupedString();
    return s;
  };
  auto values = [&](const EnumDef* e) {
    std::string s;
    for (size_t i = 0; e && i < e->values.size(); ++i) s += (i ? ", " : "") + e->values[i];
    return s;
  };
  switch (f.spec.base) {
    case BaseType::kBool: return ja ? "はい／いいえ" : "yes / no";
    case BaseType::kInt: return bounds(ja ? "整数" : "a whole number");
    case BaseType::kDecimal: return bounds(ja ? "数値（50%、1/3 なども可）" : "a number (50%, 1/3 also accepted)");
    case BaseType::kYen: return bounds(ja ? "金額（円）" : "an amount in yen");
    case BaseType::kText: return ja ? "文字列" : "text";
    case BaseType::kDate: return ja ? "日付（YYYY-MM-DD）" : "a date (YYYY-MM-DD)";
    case BaseType::kEnum: return (ja ? "次のいずれか: " : "one of: ") + values(f.spec.enum_def.get());
    case BaseType::kList:
      if (f.spec.elem == BaseType::kEnum) return (ja ? "次から複数選択: " : "any of: ") + values(f.spec.enum_def.get());
      return ja ? "リスト" : "a list";
    default: return "";
  }
}

// Instruction operands, to walk from a rule to the definitions it reads.
void Operands(const CompiledProgram& p, const Instr& in, std::vector<uint32_t>& out) {
  switch (in.op) {
    case Op::kTable: out.push_back(in.c); break;
    case Op::kNot: case Op::kNeg: out.push_back(in.a); break;
    case Op::kAnd: case Op::kOr: case Op::kBinary: out.push_back(in.a); out.push_back(in.b); break;
    case Op::kBetween: case Op::kIf: out.push_back(in.a); out.push_back(in.b); out.push_back(in.c); break;
    case Op::kList: case Op::kCall:
      for (uint32_t k = 0; k < in.b; ++k) out.push_back(p.args[in.a + k]);
      break;
    default: break;
  }
}

// Definitions the program's rules and award read, directly or through other definitions, in order of use.
std::vector<uint32_t> UsedDefines(const CompiledProgram& p) {
  std::vector<uint32_t> roots, order;
  for (const auto& r : p.requirements) roots.push_back(r.root);
  for (const auto& r : p.exclusions) roots.push_back(r.root);
  for (const auto& r : p.scoring) roots.push_back(r.root);
  if (p.award >= 0) roots.push_back(static_cast<uint32_t>(p.award));
  std::vector<bool> seen_instr(p.code.size(), false), seen_define(p.defines.size(), false);
  for (uint32_t root : roots) {
    std::vector<uint32_t> stack{root};
    while (!stack.empty()) {
      uint32_t i = stack.back();
      stack.pop_back();
      if (i >= p.code.size() || seen_instr[i]) continue;
      seen_instr[i] = true;
      const Instr& in = p.code[i];
      if (in.op == Op::kDefine && in.a < p.defines.size() && !seen_define[in.a]) {
        seen_define[in.a] = true;
        order.push_back(in.a);
        stack.push_back(p.defines[in.a].root);
      }
      std::vector<uint32_t> ops;
      Operands(p, in, ops);
      for (auto it = ops.rbegin(); it != ops.rend(); ++it) stack.push_back(*it);
    }
  }
  return order;
}

const Expr* ExprOf(const CompiledProgram& p, uint32_t instr) {
  return instr < p.sources.size() ? p.sources[instr].expr : nullptr;
}

std::vector<Block> BuildPage(const CompiledProgram& p, Lang lang) {
  const bool ja = lang == Lang::kJa;
  std::vector<Block> page;
  auto add = [&](Block::Kind k, Runs text) {
    Block b;
    b.kind = k;
    b.text = std::move(text);
    page.push_back(std::move(b));
  };
  std::string title = p.title.Get(lang);
  add(Block::Kind::kTitle, T(title.empty() ? p.id : title));

  // Identity and the window.
  Block facts_list;
  facts_list.kind = Block::Kind::kList;
  facts_list.items.push_back(T(ja ? "制度ID: " : "Program: ") + C(p.id) +
                             (p.version.empty() ? Runs{} : T(ja ? "（版 " + p.version + "）" : " (version " + p.version + ")")));
  if (!p.kind.empty()) facts_list.items.push_back(T((ja ? "種別: " : "Kind: ") + p.kind));
  if (!p.authority.empty()) facts_list.items.push_back(T((ja ? "実施主体: " : "Authority: ") + p.authority));
  if (!p.basis.empty()) facts_list.items.push_back(T((ja ? "根拠: " : "Basis: ") + p.basis));
  if (p.window_from || p.window_to) {
    std::string from = p.window_from ? FormatDate(*p.window_from) : "";
    std::string to = p.window_to ? FormatDate(*p.window_to) : "";
    facts_list.items.push_back(T((ja ? "受付期間: " : "Application window: ") + from + (ja ? " 〜 " : " to ") + to));
  } else {
    facts_list.items.push_back(T(ja ? "受付期間: 定めなし" : "Application window: not stated"));
  }
  if (p.budget) facts_list.items.push_back(T((ja ? "予算額: " : "Budget: ") + FormatYen(*p.budget, lang)));
  page.push_back(std::move(facts_list));
  if (!p.note.empty()) add(Block::Kind::kNote, T(p.note));

  auto rules_table = [&](const std::vector<CompiledRule>& rules) {
    Block t;
    t.kind = Block::Kind::kTable;
    t.items = {T("#"), T(ja ? "内容" : "Rule"), T(ja ? "判定式" : "Condition"), T(ja ? "根拠" : "Citation")};
    size_t n = 0;
    for (const auto& r : rules) {
      std::string text = r.text.Get(lang);
      Runs what = T(text.empty() ? (ja ? "（説明なし）" : "(no text)") : text);
      Runs cell = what + T(" ") + C(r.id);
      if (!r.note.empty()) cell = cell + T((ja ? "\n注: " : "\nNote: ") + r.note);
      t.rows.push_back({T(std::to_string(++n)), cell, C(r.expr_text), T(r.cite.empty() ? "—" : r.cite)});
    }
    page.push_back(std::move(t));
  };

  add(Block::Kind::kHeading, T(ja ? "申請できる方（要件）" : "Who may apply"));
  if (p.requirements.empty()) {
    add(Block::Kind::kPara, T(ja ? "要件の定めはありません。" : "The program states no requirements."));
  } else {
    add(Block::Kind::kPara, T(ja ? "次のすべてを満たす必要があります。" : "All of the following must hold."));
    rules_table(p.requirements);
  }
  if (!p.exclusions.empty()) {
    add(Block::Kind::kHeading, T(ja ? "対象外となる場合" : "Who may not apply"));
    add(Block::Kind::kPara, T(ja ? "次のいずれかに該当する場合は対象外です。" : "Any one of the following refuses the application."));
    rules_table(p.exclusions);
  }

  // The facts asked: only those some rule or the award reads.
  Block facts;
  facts.kind = Block::Kind::kTable;
  facts.items = {T(ja ? "項目" : "Fact"), T(ja ? "質問" : "Question"), T(ja ? "回答" : "Answer")};
  for (const auto& f : p.facts) {
    if (!f.used) continue;
    std::string ask = f.ask.Get(lang);
    facts.rows.push_back({C(f.name), T(ask.empty() ? "—" : ask), T(AnswerKind(f, lang))});
  }
  if (!facts.rows.empty()) {
    add(Block::Kind::kHeading, T(ja ? "お尋ねする事項" : "What applicants are asked"));
    add(Block::Kind::kPara, T(ja ? "回答のない事項は「不明」として扱い、判定は保留になります（0 や「いいえ」とはみなしません）。"
                                 : "A fact not given is unknown — never zero or no — and leaves the decision open."));
    page.push_back(std::move(facts));
  }

  if (!p.scoring.empty()) {
    add(Block::Kind::kHeading, T(ja ? "審査の加点" : "Scoring"));
    Block t;
    t.kind = Block::Kind::kTable;
    t.items = {T(ja ? "項目" : "Item"), T(ja ? "点数" : "Points"), T(ja ? "条件" : "When"), T(ja ? "根拠" : "Citation")};
    for (const auto& s : p.scoring) {
      std::string text = s.text.Get(lang);
      Runs item = T(text.empty() ? s.id : text) + (text.empty() ? Runs{} : T(" ") + C(s.id));
      if (!s.group.empty()) item = item + T(ja ? "（グループ " + s.group + "）" : " (group " + s.group + ")");
      const Expr* pe = ExprOf(p, s.points);
      std::string pts = pe && pe->root ? pe->text : "?";
      if (s.points < p.code.size() && p.code[s.points].op == Op::kConst)
        pts = FormatValue(p.consts[p.code[s.points].a], lang);
      t.rows.push_back({item, T(pts), C(s.expr_text), T(s.cite.empty() ? "—" : s.cite)});
    }
    page.push_back(std::move(t));
    if (!p.score_groups.empty()) {
      Block g;
      g.kind = Block::Kind::kList;
      for (const auto& sg : p.score_groups) {
        std::string note = sg.text.Get(lang);
        g.items.push_back(ja ? T("グループ ") + C(sg.name) + T("：該当できるのは " + std::to_string(sg.max_items) +
                                                             " 項目まで。超えて申請した場合は加点がすべて無効になります。" +
                                                             (note.empty() ? "" : " " + note))
                             : T("Group ") + C(sg.name) + T(": at most " + std::to_string(sg.max_items) +
                                                           " item(s) may apply; claiming more voids every bonus point." +
                                                           (note.empty() ? "" : " " + note)));
      }
      page.push_back(std::move(g));
    }
  }

  add(Block::Kind::kHeading, T(ja ? "補助額" : "Award"));
  const Expr* award = p.award >= 0 ? ExprOf(p, static_cast<uint32_t>(p.award)) : nullptr;
  if (award && award->root) {
    add(Block::Kind::kPara, T(ja ? "補助額は " : "The award is ") + T(ExprInWords(p, *award->root, lang)) +
                                T(ja ? "です。" : "."));
    add(Block::Kind::kPara, T(ja ? "算定式: " : "Formula: ") + C(award->text));
    add(Block::Kind::kPara, T(ja ? "金額は厳密に計算し、端数処理は算定式に定めた箇所でのみ行います。対象外の場合は 0 円です。"
                                 : "Amounts are computed exactly; rounding happens only where the formula says. "
                                   "A refused applicant receives 0 yen."));
  } else {
    std::string note = p.award_note.Get(lang);
    add(Block::Kind::kPara, T(ja ? "算定式の定めはありません。" : "The program states no award formula.") +
                                (note.empty() ? Runs{} : T(" " + note)));
  }
  if (!p.params.empty()) {
    Block t;
    t.kind = Block::Kind::kTable;
    t.items = {T(ja ? "定数" : "Parameter"), T(ja ? "値" : "Value"), T(ja ? "適用開始日" : "In force from")};
    for (const auto& param : p.params)
      for (const auto& [from, v] : param.values)
        t.rows.push_back({C(param.name), T(FormatValue(v, lang)), T(from ? FormatDate(*from) : (ja ? "常に" : "always"))});
    page.push_back(std::move(t));
  }

  std::vector<uint32_t> defines = UsedDefines(p);
  if (!defines.empty()) {
    add(Block::Kind::kHeading, T(ja ? "定義" : "Definitions"));
    Block t;
    t.kind = Block::Kind::kTable;
    t.items = {T(ja ? "名前" : "Name"), T(ja ? "定義" : "Definition"), T(ja ? "定義元" : "Defined in")};
    for (uint32_t d : defines) {
      const Expr* e = ExprOf(p, p.defines[d].root);
      t.rows.push_back({C(p.defines[d].name), C(e ? e->text : "?"), T(e && e->file ? e->file->path() : "")});
    }
    page.push_back(std::move(t));
  }

  std::string sources;
  for (const auto& s : p.source_paths) sources += (sources.empty() ? "" : ", ") + s;
  add(Block::Kind::kPara, T(ja ? "このページは elig がルールファイル（" + sources + "）から生成しました。正式な要件は公募要領によります。"
                               : "Generated by elig from the rule files (" + sources +
                                     "). The published guidelines (公募要領) are authoritative."));
  return page;
}

}  // namespace

std::string ExprInWords(const CompiledProgram& prog, const ast::Node& node, Lang lang) {
  return Words(prog, lang).Say(node);
}

std::string RenderProgramDoc(const CompiledProgram& prog, const DocOptions& options) {
  std::vector<Block> page = BuildPage(prog, options.lang);
  return options.format == DocFormat::kHtml ? RenderHtml(page, options.lang) : RenderMarkdown(page) + "\n";
}

}  // namespace elig
