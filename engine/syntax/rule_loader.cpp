#include <algorithm>
#include <set>

#include "common/places.hpp"
#include "common/utf8.hpp"
#include "syntax/doc.hpp"
#include "syntax/rules.hpp"

namespace elig {

SourceLoc Expr::Loc(uint32_t begin, uint32_t end) const {
  if (!file || offsets.empty()) return {};
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(offsets.size() - 1));
  end = std::min<uint32_t>(std::max(end, begin), static_cast<uint32_t>(offsets.size() - 1));
  uint32_t fb = offsets[begin];
  uint32_t fe = end > begin ? offsets[end - 1] + 1 : fb + 1;
  return file->Loc(fb, fe > fb ? fe - fb : 1);
}

SourceLoc Expr::Loc(const ast::Node& n) const { return Loc(n.begin, n.end); }

namespace {

std::string Trim(std::string_view s) { return std::string(utf8::TrimBlanks(s)); }

std::string Suggest(const std::string& word, const std::vector<std::string>& options) {
  return utf8::DidYouMean(word, options);
}

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  auto first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '_' || c >= 0x80)) return false;
  static const std::set<std::string, std::less<>> kKeywords = {
      "and", "or", "not", "in", "between", "if", "then", "else", "true", "false", "yen"};
  return !kKeywords.count(s);
}

bool IsRuleId(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80)) return false;
  return true;
}

class Loader {
 public:
  Loader(const SourceFile& file, std::vector<Diagnostic>& diags, const LoadLimits& limits)
      : file_(file), diags_(diags), limits_(limits) {}

  std::unique_ptr<RuleFile> Load(const DocNode& root) {
    auto out = std::make_unique<RuleFile>();
    out->file = &file_;
    if (!root.IsMap()) {
      Error("expected-map", "a rule file is a map with `program:` or `module:` at the top", root);
      return out;
    }
    out->is_module = root.Get("module") != nullptr && root.Get("program") == nullptr;
    static const std::vector<std::string> kProgramKeys = {
        "program", "version", "title", "kind", "authority", "basis", "window", "budget", "use", "facts",
        "parameters", "define", "tables", "requirements", "exclusions", "scoring", "score_groups", "award",
        "award_note", "award_says", "note", "combine", "ranking", "themes", "apply"};
    static const std::vector<std::string> kModuleKeys = {"module", "title", "basis", "note", "use", "facts",
                                                         "parameters", "define", "tables"};
    const auto& allowed = out->is_module ? kModuleKeys : kProgramKeys;
    CheckKeys(root, allowed, out->is_module ? "module" : "program");
    if (!root.Get("program") && !root.Get("module"))
      Error("missing-key", "a rule file needs `program: <id>` (or `module: <name>` for a shared module)", root);

    for (const auto& [k, v] : root.entries) {
      if (!k.IsScalar()) continue;
      const std::string& key = k.scalar;
      if (key == "program" || key == "module") {
        out->id = Scalar(v, key);
        out->id_loc = LocOf(v);
        if (out->is_module ? !IsIdentifier(out->id) : !IsRuleId(out->id))
          Error("bad-id", "`" + utf8::Printable(out->id) + "` is not a valid " + key + " id", v);
      } else if (key == "version") {
        out->version = Scalar(v, key);
      } else if (key == "title") {
        out->title = Text(v);
      } else if (key == "kind") {
        out->kind = Scalar(v, key);
      } else if (key == "authority") {
        out->authority = Scalar(v, key);
      } else if (key == "basis") {
        out->basis = Scalar(v, key);
      } else if (key == "note") {
        out->note = Scalar(v, key);
      } else if (key == "window") {
        out->window_loc = LocOf(v);
        if (!ParseWindow(Scalar(v, key), out->window_from, out->window_to))
          Error("bad-date", "expected a window like `2026-04-01 .. 2027-03-31` with real calendar dates", v);
      } else if (key == "budget") {
        out->budget = ParseYen(Scalar(v, key));
        if (!out->budget) Error("bad-number", "expected an amount like `30_000_000 yen`", v);
      } else if (key == "use") {
        LoadUses(v, *out);
      } else if (key == "facts") {
        LoadFacts(v, *out);
      } else if (key == "parameters") {
        LoadParams(v, *out);
      } else if (key == "define") {
        ForEachNamed(v, "definition", [&](const std::string& name, const DocNode& kn, const DocNode& body) {
          DefineDecl d;
          d.name = name;
          d.loc = LocOf(kn);
          d.expr = ParseExpr(body);
          out->defines.push_back(std::move(d));
        });
      } else if (key == "tables") {
        LoadTables(v, *out);
      } else if (key == "requirements") {
        LoadRules(v, out->requirements, "requirement");
      } else if (key == "exclusions") {
        LoadRules(v, out->exclusions, "exclusion");
      } else if (key == "scoring") {
        LoadScoring(v, *out);
      } else if (key == "score_groups") {
        LoadScoreGroups(v, *out);
      } else if (key == "award") {
        out->award_loc = LocOf(v);
        if (!v.IsNull()) out->award = ParseExpr(v);
      } else if (key == "award_note") {
        out->award_note = Text(v);
      } else if (key == "award_says") {
        out->award_says = Text(v);
        out->award_says_loc = LocOf(v);
      } else if (key == "combine") {
        LoadCombine(v, *out);
      } else if (key == "ranking") {
        LoadRanking(v, *out);
      } else if (key == "themes") {
        LoadThemes(v, *out);
      } else if (key == "apply") {
        LoadApply(v, *out);
      }
    }
    CheckDuplicateIds(*out);
    return out;
  }

 private:
  SourceLoc LocOf(const DocNode& n) const {
    size_t len = n.IsScalar() && !n.scalar.empty() ? n.scalar.size() + (n.quoted ? 2 : 0) : 1;
    return file_.Loc(n.offset, len);
  }

  void Error(std::string code, std::string message, const DocNode& at, std::string help = "") {
    Error(std::move(code), std::move(message), LocOf(at), std::move(help));
  }
  void Error(std::string code, std::string message, SourceLoc loc, std::string help = "") {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.loc = std::move(loc);
    d.help = std::move(help);
    diags_.push_back(std::move(d));
  }

  void CheckKeys(const DocNode& map, const std::vector<std::string>& allowed, const std::string& what,
                 const std::string& help = "") {
    std::set<std::string> seen;
    for (const auto& [k, v] : map.entries) {
      if (!k.IsScalar()) {
        Error("unknown-key", "keys of a " + what + " are plain words", k);
        continue;
      }
      if (!seen.insert(k.scalar).second) {
        Error("duplicate-key", "`" + utf8::Printable(k.scalar) + "` is given twice in this " + what, k);
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), k.scalar) == allowed.end()) {
        std::string suggestion = Suggest(k.scalar, allowed);
        Error("unknown-key", "unknown key `" + utf8::Printable(k.scalar) + "` in a " + what, k,
              suggestion.empty() ? help : suggestion);
      }
    }
  }

  std::string Scalar(const DocNode& n, const std::string& what) {
    if (n.IsScalar()) {
      if (n.scalar.size() > limits_.max_text_bytes)
        Error("too-large", "`" + what + "` is longer than " + std::to_string(limits_.max_text_bytes) + " bytes", n);
      return n.scalar;
    }
    if (n.IsNull()) return "";
    Error("expected-text", "`" + what + "` must be a single value", n);
    return "";
  }

  LocalText Text(const DocNode& n) {
    LocalText t;
    if (n.IsScalar()) {
      bool ascii = std::all_of(n.scalar.begin(), n.scalar.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      (ascii ? t.en : t.ja) = Scalar(n, "text");
      return t;
    }
    if (n.IsMap()) {
      CheckKeys(n, {"ja", "en"}, "text",
                "inside `{ ja: …, en: … }` a comma starts a new key: put a text that contains commas in quotes");
      if (auto* ja = n.Get("ja")) t.ja = Scalar(*ja, "ja");
      if (auto* en = n.Get("en")) t.en = Scalar(*en, "en");
      return t;
    }
    if (!n.IsNull()) Error("expected-text", "expected a text, or `{ ja: …, en: … }`", n);
    return t;
  }

  Expr ParseExpr(const DocNode& n) {
    Expr e;
    e.file = &file_;
    if (!n.IsScalar()) {
      e.offsets.assign(1, n.offset);
      Error("expected-expression", n.IsNull() ? "empty expression" : "expected an expression (a single line of text)", n);
      return e;
    }
    e.text = n.scalar;
    e.offsets = MapScalarOffsets(file_, n);
    ExprParseResult r = ParseExpression(e.text, limits_.expr);
    for (const auto& err : r.errors) {
      // The parser speaks of byte offsets in the expression; people read columns of the file.
      std::string message = err.message;
      static const std::string kAt = "opened at offset ";
      if (auto at = message.find(kAt); at != std::string::npos) {
        size_t end = at + kAt.size();
        uint32_t off = 0;
        while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])))
          off = off * 10 + static_cast<uint32_t>(message[end++] - '0');
        SourceLoc open = e.Loc(off, off + 1);
        message = message.substr(0, at) + "opened at line " + std::to_string(open.line) + ", column " +
                  std::to_string(open.column) + message.substr(end);
      }
      Error(err.code, message, e.Loc(err.offset, err.offset + std::max<uint32_t>(1, err.length)));
    }
    e.root = std::move(r.root);
    return e;
  }

  template <class F>
  void ForEachNamed(const DocNode& map, const std::string& what, F&& f) {
    if (map.IsNull()) return;
    if (!map.IsMap()) {
      Error("expected-map", "expected a map of " + what + "s by name", map);
      return;
    }
    if (map.entries.size() > limits_.max_rules) {
      Error("too-large", "more than " + std::to_string(limits_.max_rules) + " " + what + "s", map);
      return;
    }
    std::set<std::string> seen;
    for (const auto& [k, v] : map.entries) {
      if (!k.IsScalar() || !IsIdentifier(k.scalar)) {
        Error("bad-name", "`" + utf8::Printable(k.scalar) + "` is not a valid name (letters, digits, `_`; Japanese allowed)", k);
        continue;
      }
      if (!seen.insert(k.scalar).second) {
        Error("duplicate-name", "the " + what + " `" + k.scalar + "` is declared twice", k);
        continue;
      }
      f(k.scalar, k, v);
    }
  }

  void LoadUses(const DocNode& v, RuleFile& out) {
    auto one = [&](const DocNode& n) {
      UseDecl u;
      u.path = Scalar(n, "use");
      u.loc = LocOf(n);
      out.uses.push_back(std::move(u));
    };
    if (v.IsSeq()) {
      for (const auto& item : v.items) one(item);
    } else if (v.IsScalar()) {
      one(v);
    } else if (!v.IsNull()) {
      Error("expected-list", "`use` is a list of modules, like `[common/sme]`", v);
    }
  }

  std::optional<TypeSpec> ParseType(const std::string& raw, const DocNode& at) {
    std::string s = Trim(raw);
    TypeSpec t;
    static const std::vector<std::string> kTypes = {"bool",     "int",        "decimal",     "yen",  "text",
                                                    "date",     "enum",       "list",        "prefecture",
                                                    "municipality"};
    auto enum_values = [&](std::string_view inner) -> std::shared_ptr<const EnumDef> {
      auto def = std::make_shared<EnumDef>();
      std::set<std::string, std::less<>> seen;  // a set: a long enum must not cost n² comparisons
      size_t pos = 0;
      while (pos <= inner.size()) {
        if (def->values.size() >= limits_.max_rules) {
          Error("too-large", "an enum has more than " + std::to_string(limits_.max_rules) + " values", at);
          return nullptr;
        }
        size_t comma = inner.find(',', pos);
        std::string v = Trim(inner.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (v.empty()) {
          Error("bad-type", "an enum value is empty in `" + s + "`", at);
          return nullptr;
        }
        if (!seen.insert(v).second) {
          Error("bad-type", "the enum value `" + v + "` is listed twice", at);
          return nullptr;
        }
        def->values.push_back(v);
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
      }
      return def;
    };
    auto base_of = [&](const std::string& name) -> BaseType {
      if (name == "bool") return BaseType::kBool;
      if (name == "int") return BaseType::kInt;
      if (name == "decimal") return BaseType::kDecimal;
      if (name == "yen") return BaseType::kYen;
      if (name == "text") return BaseType::kText;
      if (name == "date") return BaseType::kDate;
      return BaseType::kError;
    };
    auto place = [](std::string_view name) -> std::shared_ptr<const EnumDef> {
      if (name == "prefecture") return PrefectureEnum();
      if (name == "municipality") return MunicipalityEnum();
      return nullptr;
    };
    if (auto def = place(s)) {
      t.base = BaseType::kEnum;
      t.enum_def = def;
      return t;
    }
    if (s.rfind("enum[", 0) == 0 && s.back() == ']') {
      t.base = BaseType::kEnum;
      t.enum_def = enum_values(std::string_view(s).substr(5, s.size() - 6));
      if (!t.enum_def) return std::nullopt;
      return t;
    }
    if (s.rfind("list[", 0) == 0 && s.back() == ']') {
      std::string inner = Trim(std::string_view(s).substr(5, s.size() - 6));
      t.base = BaseType::kList;
      if (auto def = place(inner)) {
        t.elem = BaseType::kEnum;
        t.enum_def = def;
        return t;
      }
      if (inner.rfind("enum[", 0) == 0 && inner.back() == ']') {
        t.elem = BaseType::kEnum;
        t.enum_def = enum_values(std::string_view(inner).substr(5, inner.size() - 6));
        if (!t.enum_def) return std::nullopt;
        return t;
      }
      t.elem = base_of(inner);
      if (t.elem == BaseType::kError) {
        Error("unknown-type", "unknown list element type `" + inner + "`", at, Suggest(inner, kTypes));
        return std::nullopt;
      }
      return t;
    }
    t.base = base_of(s);
    if (t.base == BaseType::kError) {
      Error("unknown-type", "unknown type `" + utf8::Printable(s) + "`", at,
            s == "enum" ? "write the values: `enum[manufacturing, retail]`" : Suggest(s, kTypes));
      return std::nullopt;
    }
    return t;
  }

  std::optional<Rational> Bound(const DocNode& n, const char* what) {
    auto v = ParseYen(Scalar(n, what));
    if (!v) Error("bad-number", std::string("`") + what + "` must be a number", n);
    return v;
  }

  void LoadFacts(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, "fact", [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      FactDecl f;
      f.name = name;
      f.loc = LocOf(kn);
      const DocNode* type_node = &body;
      if (body.IsMap()) {
        CheckKeys(body, {"type", "min", "max", "ask", "label", "note", "values", "labels"}, "fact");
        type_node = body.Get("type");
        if (!type_node) {
          Error("missing-key", "the fact `" + name + "` needs a `type`", kn);
          return;
        }
        if (auto* m = body.Get("min")) f.min = Bound(*m, "min");
        if (auto* m = body.Get("max")) f.max = Bound(*m, "max");
        if (f.min && f.max && Rational::Compare(*f.max, *f.min) < 0)
          Error("bad-value",
                "`min:` " + f.min->ToGroupedString() + " is above `max:` " + f.max->ToGroupedString() +
                    ": no value of `" + name + "` is allowed",
                *body.Get("max"));
        if (auto* a = body.Get("ask")) {
          f.ask = Text(*a);
          f.ask_loc = LocOf(*a);
        }
        if (auto* l = body.Get("label")) f.label = Text(*l);
        if (auto* n = body.Get("note")) f.note = Scalar(*n, "note");
      } else if (!body.IsScalar()) {
        Error("bad-type", "expected a type like `yen` or `{ type: int, min: 0 }`", body);
        return;
      }
      std::string type_text = Scalar(*type_node, "type");
      if (body.IsMap() && type_text == "enum") {
        if (auto* vals = body.Get("values"); vals && vals->IsSeq()) {
          type_text = "enum[";
          for (size_t i = 0; i < vals->items.size(); ++i) type_text += (i ? "," : "") + Scalar(vals->items[i], "value");
          type_text += "]";
        }
      }
      auto t = ParseType(type_text, *type_node);
      if (!t) return;
      f.type = *t;
      if (const DocNode* labels = body.IsMap() ? body.Get("labels") : nullptr) LoadLabels(*labels, f.type);
      out.facts.push_back(std::move(f));
    });
  }

  // `labels: { manufacturing: { ja: 製造業, en: Manufacturing }, … }` for an enum's values.
  void LoadLabels(const DocNode& v, TypeSpec& type) {
    if (!type.enum_def) {
      Error("bad-type", "`labels` name the values of an enum; this fact is not one", v);
      return;
    }
    if (type.enum_def->kind != EnumKind::kPlain) {
      Error("bad-type", "places carry their own labels (群馬県 / Gunma): remove `labels`", v);
      return;
    }
    if (!v.IsMap()) {
      Error("expected-map", "`labels` is a map from each value to `{ ja: …, en: … }`", v);
      return;
    }
    auto def = std::make_shared<EnumDef>(*type.enum_def);
    def->labels.assign(def->values.size(), LocalText{});
    std::set<std::string> seen;
    for (const auto& [k, body] : v.entries) {
      std::string value = k.IsScalar() ? k.scalar : "";
      int i = def->IndexOf(value);
      if (i < 0) {
        Error("bad-enum", "`" + utf8::Printable(value) + "` is not a value of this enum", k, Suggest(value, def->values));
        continue;
      }
      if (!seen.insert(value).second) {
        Error("duplicate-key", "the label of `" + value + "` is given twice", k);
        continue;
      }
      def->labels[static_cast<size_t>(i)] = Text(body);
    }
    type.enum_def = std::move(def);
  }

  void LoadThemes(const DocNode& v, RuleFile& out) {
    out.themes_loc = LocOf(v);
    std::vector<const DocNode*> items;
    if (v.IsSeq()) {
      for (const auto& item : v.items) items.push_back(&item);
    } else if (v.IsScalar()) {
      items.push_back(&v);
    } else {
      Error("expected-list", "`themes` is a list like `[trade-fair, export]`", v);
      return;
    }
    std::vector<std::string> known;
    for (const auto& t : KnownThemes()) known.emplace_back(t.id);
    for (const DocNode* item : items) {
      std::string id = Scalar(*item, "themes");
      if (!ThemeLabel(id)) {
        std::string suggestion = Suggest(id, known);
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        Error("bad-value", "`" + utf8::Printable(id) + "` is not a theme", *item,
              suggestion.empty() ? "themes are: " + list : suggestion);
        continue;
      }
      if (std::find(out.themes.begin(), out.themes.end(), id) != out.themes.end()) {
        Error("duplicate-key", "the theme `" + id + "` is listed twice", *item);
        continue;
      }
      out.themes.push_back(id);
    }
  }

  void LoadApply(const DocNode& v, RuleFile& out) {
    if (!v.IsMap()) {
      Error("expected-map", "`apply` is a map with `where:`, `url:`, `how:`, `documents:` and `deadline:`", v);
      return;
    }
    CheckKeys(v, {"where", "url", "how", "documents", "deadline", "note"}, "apply section");
    ApplyDecl a;
    a.loc = LocOf(v);
    if (auto* n = v.Get("where")) a.where = Text(*n);
    if (auto* n = v.Get("how")) a.how = Text(*n);
    if (auto* n = v.Get("note")) a.note = Text(*n);
    if (auto* n = v.Get("url")) {
      a.url = Scalar(*n, "url");
      if (a.url.rfind("https://", 0) != 0 && a.url.rfind("http://", 0) != 0)
        Error("bad-value", "`url` is a web address starting with https://", *n);
    }
    if (auto* n = v.Get("documents")) {
      if (!n->IsSeq()) Error("expected-list", "`documents` is a list of texts", *n);
      else
        for (const auto& item : n->items) a.documents.push_back(Text(item));
    }
    if (auto* n = v.Get("deadline")) {
      std::vector<const DocNode*> items;
      if (n->IsSeq()) {
        for (const auto& item : n->items) items.push_back(&item);
      } else {
        items.push_back(n);
      }
      for (const DocNode* item : items) {
        if (!item->IsMap()) {
          Error("expected-map", "a deadline is `{ by: <date expression>, text: { ja: …, en: … } }`", *item);
          continue;
        }
        CheckKeys(*item, {"by", "text"}, "deadline");
        DeadlineDecl d;
        d.loc = LocOf(*item);
        if (auto* by = item->Get("by")) d.by = ParseExpr(*by);
        else Error("missing-key", "a deadline needs `by:`, a date expression like `fair_start - 10`", *item);
        if (auto* t = item->Get("text")) d.text = Text(*t);
        else Error("missing-key", "a deadline needs `text:`, what it means in words (展示会初日の10日前)", *item);
        a.deadlines.push_back(std::move(d));
      }
    }
    out.apply = std::move(a);
  }

  void LoadParams(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, "parameter", [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      ParamDecl p;
      p.name = name;
      p.loc = LocOf(kn);
      if (body.IsMap()) {
        for (const auto& [dk, dv] : body.entries) {
          auto d = ParseDate(dk.IsScalar() ? dk.scalar : "");
          if (!d) {
            Error("bad-date", "a dated parameter value needs a date key like `2026-04-01`", dk);
            continue;
          }
          p.values.push_back(ParamValue{d, ParseExpr(dv)});
        }
        std::stable_sort(p.values.begin(), p.values.end(),
                         [](const ParamValue& a, const ParamValue& b) { return *a.from < *b.from; });
        for (size_t i = 1; i < p.values.size(); ++i)
          if (*p.values[i].from == *p.values[i - 1].from)
            Error("duplicate-key", "two values of `" + name + "` start on the same date", kn);
      } else {
        p.values.push_back(ParamValue{std::nullopt, ParseExpr(body)});
      }
      out.params.push_back(std::move(p));
    });
  }

  TableRow Row(const std::string& key, const DocNode& kn, const DocNode& body) {
    TableRow row;
    row.key = key;
    row.loc = LocOf(kn);
    if (!body.IsMap()) {
      Error("expected-map", "a table row is a map of column values, like `{ capital: 300_000_000 yen, employees: 300 }`", body);
      return row;
    }
    std::set<std::string> seen;
    for (const auto& [ck, cv] : body.entries) {
      if (!ck.IsScalar() || !IsIdentifier(ck.scalar)) {
        Error("bad-name", "a column name must be a plain name", ck);
        continue;
      }
      if (!seen.insert(ck.scalar).second) {
        Error("duplicate-key", "the column `" + ck.scalar + "` is given twice", ck);
        continue;
      }
      row.cells.emplace_back(ck.scalar, ParseExpr(cv));
    }
    return row;
  }

  void LoadTables(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, "table", [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      TableDecl t;
      t.name = name;
      t.loc = LocOf(kn);
      if (!body.IsMap()) {
        Error("expected-map", "a table has `key:` and `rows:`", body);
        return;
      }
      CheckKeys(body, {"key", "rows", "default", "note"}, "table");
      if (auto* k = body.Get("key")) {
        t.key = Scalar(*k, "key");
        t.key_loc = LocOf(*k);
      } else {
        Error("missing-key", "the table `" + name + "` needs `key:` (the enum fact its rows are keyed by)", kn);
      }
      if (auto* rows = body.Get("rows"); rows && rows->IsMap() && rows->entries.size() > limits_.max_rules) {
        Error("too-large", "the table `" + name + "` has more than " + std::to_string(limits_.max_rules) + " rows", *rows);
      } else if (rows && rows->IsMap()) {
        std::set<std::string> seen;
        for (const auto& [rk, rv] : rows->entries) {
          std::string key = rk.IsScalar() ? rk.scalar : "";
          if (!seen.insert(key).second) {
            Error("duplicate-key", "the row `" + key + "` is given twice", rk);
            continue;
          }
          t.rows.push_back(Row(key, rk, rv));
        }
      } else {
        Error("missing-key", "the table `" + name + "` needs `rows:` (a map from enum value to columns)", kn);
      }
      if (auto* d = body.Get("default")) t.default_row = Row("default", *d, *d);
      out.tables.push_back(std::move(t));
    });
  }

  void LoadRuleCommon(const DocNode& item, std::string& id, SourceLoc& loc, LocalText& text, std::string& cite,
                      std::string& note) {
    loc = LocOf(item);
    if (auto* n = item.Get("id")) {
      id = Scalar(*n, "id");
      loc = LocOf(*n);
      if (!IsRuleId(id)) Error("bad-id", "`" + utf8::Printable(id) + "` is not a valid rule id (letters, digits, `-`, `_`, `.`)", *n);
    } else {
      Error("missing-id", "every rule needs an `id:` so decisions and tests can name it", item);
    }
    if (auto* n = item.Get("text")) text = Text(*n);
    if (auto* n = item.Get("cite")) cite = Scalar(*n, "cite");
    if (auto* n = item.Get("note")) note = Scalar(*n, "note");
  }

  void LoadRules(const DocNode& v, std::vector<RuleDecl>& out, const std::string& what) {
    if (v.IsNull()) return;
    if (!v.IsSeq()) {
      Error("expected-list", "`" + what + "s` is a list of rules, each `- id: …`", v);
      return;
    }
    if (v.items.size() > limits_.max_rules) {
      Error("too-large", "more than " + std::to_string(limits_.max_rules) + " " + what + "s", v);
      return;
    }
    for (const auto& item : v.items) {
      if (!item.IsMap()) {
        Error("expected-map", "a " + what + " is a map with `id`, `rule`, `text` and `cite`", item);
        continue;
      }
      CheckKeys(item, {"id", "rule", "text", "cite", "note"}, what);
      RuleDecl r;
      LoadRuleCommon(item, r.id, r.loc, r.text, r.cite, r.note);
      if (auto* n = item.Get("rule")) {
        r.expr = ParseExpr(*n);
      } else {
        Error("missing-key", "the " + what + " needs `rule:` (the condition)", item);
        r.expr.file = &file_;
        r.expr.offsets.assign(1, item.offset);
      }
      out.push_back(std::move(r));
    }
  }

  void LoadScoring(const DocNode& v, RuleFile& out) {
    if (v.IsNull()) return;
    if (!v.IsSeq()) {
      Error("expected-list", "`scoring` is a list of items, each `- { id, points, when }`", v);
      return;
    }
    if (v.items.size() > limits_.max_rules) {
      Error("too-large", "more than " + std::to_string(limits_.max_rules) + " scoring items", v);
      return;
    }
    for (const auto& item : v.items) {
      if (!item.IsMap()) {
        Error("expected-map", "a scoring item is a map with `id`, `points` and `when`", item);
        continue;
      }
      CheckKeys(item, {"id", "points", "when", "text", "cite", "note", "group"}, "scoring item");
      ScoreDecl s;
      std::string note;
      LoadRuleCommon(item, s.id, s.loc, s.text, s.cite, note);
      if (auto* n = item.Get("points")) s.points = ParseExpr(*n);
      else Error("missing-key", "the scoring item needs `points:`", item);
      if (auto* n = item.Get("when")) s.when = ParseExpr(*n);
      else Error("missing-key", "the scoring item needs `when:` (the condition)", item);
      if (auto* n = item.Get("group")) s.group = Scalar(*n, "group");
      out.scoring.push_back(std::move(s));
    }
  }

  void LoadScoreGroups(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, "score group", [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      ScoreGroup g;
      g.name = name;
      g.loc = LocOf(kn);
      if (!body.IsMap()) {
        Error("expected-map", "a score group is `{ max_items: 1 }`", body);
        return;
      }
      CheckKeys(body, {"max_items", "text"}, "score group");
      if (auto* m = body.Get("max_items")) {
        auto r = Rational::Parse(Scalar(*m, "max_items"));
        if (!r || !r->IsInteger() || r->num() < 0) Error("bad-number", "`max_items` is a whole number", *m);
        else g.max_items = r->num();
      } else {
        Error("missing-key", "the score group needs `max_items:`", kn);
      }
      if (auto* t = body.Get("text")) g.text = Text(*t);
      out.score_groups.push_back(std::move(g));
    });
  }

  // Program ids (or "*") as a list or a single value.
  void ProgramIds(const DocNode& v, const std::string& what, std::vector<std::string>& ids, std::vector<SourceLoc>& locs) {
    auto one = [&](const DocNode& n) {
      std::string id = Scalar(n, what);
      if (id != "*" && !IsRuleId(id)) {
        Error("bad-id", "`" + utf8::Printable(id) + "` is not a program id (or `*` for any other program)", n);
        return;
      }
      ids.push_back(id);
      locs.push_back(LocOf(n));
    };
    if (v.IsSeq()) {
      for (const auto& item : v.items) one(item);
    } else if (v.IsScalar()) {
      one(v);
    } else {
      Error("expected-list", "`" + what + "` is a list of program ids, like `[gunma.trade-fair]`", v);
    }
  }

  void LoadCombine(const DocNode& v, RuleFile& out) {
    if (!v.IsMap()) {
      Error("expected-map", "`combine` is a map with `not_with:` and/or `deduct:`", v);
      return;
    }
    CheckKeys(v, {"not_with", "deduct", "text", "cite", "note"}, "combine section");
    CombineDecl c;
    c.loc = LocOf(v);
    if (auto* n = v.Get("not_with")) ProgramIds(*n, "not_with", c.not_with, c.not_with_locs);
    if (auto* d = v.Get("deduct")) {
      if (!d->IsMap()) {
        Error("expected-map", "`deduct` is a map: `{ programs: [id, …], fact: other_grants }`", *d);
      } else {
        CheckKeys(*d, {"programs", "fact"}, "deduct section");
        c.deduct = true;
        if (auto* p = d->Get("programs")) ProgramIds(*p, "programs", c.deduct_from, c.deduct_from_locs);
        else Error("missing-key", "`deduct` needs `programs:` (whose grants count as another grant for the same costs)", *d);
        if (auto* f = d->Get("fact")) {
          c.deduct_fact = Scalar(*f, "fact");
          c.deduct_fact_loc = LocOf(*f);
        }
      }
    }
    if (!v.Get("not_with") && !v.Get("deduct")) Error("missing-key", "`combine` needs `not_with:` or `deduct:`", v);
    if (auto* t = v.Get("text")) c.text = Text(*t);
    if (auto* t = v.Get("cite")) c.cite = Scalar(*t, "cite");
    out.combine = std::move(c);
  }

  void LoadRanking(const DocNode& v, RuleFile& out) {
    if (!v.IsMap()) {
      Error("expected-map", "`ranking` is a map with `tie_break:` and `last:`", v);
      return;
    }
    CheckKeys(v, {"tie_break", "last", "note"}, "ranking section");
    RankingDecl r;
    r.loc = LocOf(v);
    if (auto* tb = v.Get("tie_break")) {
      std::vector<const DocNode*> items;
      if (tb->IsSeq()) {
        for (const auto& item : tb->items) items.push_back(&item);
      } else if (tb->IsScalar()) {
        items.push_back(tb);
      } else {
        Error("expected-list", "`tie_break` is a list like `[application_date, award desc]`", *tb);
      }
      for (const DocNode* item : items) {
        std::string text = Trim(Scalar(*item, "tie_break"));
        TieBreakKey key;
        key.loc = LocOf(*item);
        auto space = text.find(' ');
        key.name = Trim(text.substr(0, space));
        std::string dir = space == std::string::npos ? "asc" : Trim(text.substr(space + 1));
        if (!IsIdentifier(key.name) || (dir != "asc" && dir != "desc")) {
          Error("bad-name", "a tie-break is a fact (or `award`), optionally followed by `asc` or `desc`", *item);
          continue;
        }
        key.descending = dir == "desc";
        r.tie_break.push_back(std::move(key));
      }
    }
    if (auto* l = v.Get("last")) {
      std::string s = Scalar(*l, "last");
      if (s == "none") r.last = OverBudget::kNone;
      else if (s == "partial") r.last = OverBudget::kPartial;
      else if (s == "skip") r.last = OverBudget::kSkip;
      else if (s == "proportional") r.last = OverBudget::kProportional;
      else
        Error("bad-value", "`last` is one of: none, partial, skip, proportional", *l,
              Suggest(s, {"none", "partial", "skip", "proportional"}));
    }
    out.ranking = std::move(r);
  }

  void CheckDuplicateIds(const RuleFile& out) {
    std::set<std::string> seen;
    auto check = [&](const std::string& id, const SourceLoc& loc) {
      if (id.empty()) return;
      if (!seen.insert(id).second) Error("duplicate-id", "the rule id `" + id + "` is used twice in this program", loc);
    };
    for (const auto& r : out.requirements) check(r.id, r.loc);
    for (const auto& r : out.exclusions) check(r.id, r.loc);
    for (const auto& s : out.scoring) check(s.id, s.loc);
  }

  const SourceFile& file_;
  std::vector<Diagnostic>& diags_;
  const LoadLimits& limits_;
};

}  // namespace

std::unique_ptr<RuleFile> LoadRuleFile(const SourceFile& file, std::vector<Diagnostic>& diags, const LoadLimits& limits) {
  DocNode root;
  if (!ParseDoc(file, root, diags)) return nullptr;
  Loader loader(file, diags, limits);
  return loader.Load(root);
}

const std::vector<ThemeInfo>& KnownThemes() {
  static const std::vector<ThemeInfo> themes = {
      {"trade-fair", {"展示会・見本市への出展", "Exhibiting at trade fairs"}},
      {"export", {"輸出・海外展開", "Exporting and going abroad"}},
      {"sales-channel", {"販路開拓", "Finding new customers"}},
      {"consulting", {"専門家の助言・相談", "Advice from experts"}},
      {"it", {"ITツールの導入", "Introducing IT tools"}},
      {"equipment", {"設備投資", "Investing in equipment"}},
      {"productivity", {"生産性の向上", "Raising productivity"}},
      {"product-development", {"新製品・新サービスの開発", "Developing new products and services"}},
      {"agriculture", {"農林水産物", "Farm, forest and fishery products"}},
      {"food", {"食品", "Food"}},
      {"branding", {"ブランドづくり", "Building a brand"}},
      {"wages", {"賃上げ", "Raising wages"}},
  };
  return themes;
}

const LocalText* ThemeLabel(std::string_view id) {
  for (const auto& t : KnownThemes())
    if (t.id == id) return &t.label;
  return nullptr;
}

const char* OverBudgetName(OverBudget o) {
  switch (o) {
    case OverBudget::kNone: return "none";
    case OverBudget::kPartial: return "partial";
    case OverBudget::kSkip: return "skip";
    case OverBudget::kProportional: return "proportional";
  }
  return "none";
}

bool ParseWindow(std::string_view text, std::optional<Date>& from, std::optional<Date>& to) {
  auto dots = text.find("..");
  if (dots == std::string_view::npos) return false;
  from = ParseDate(Trim(text.substr(0, dots)));
  to = ParseDate(Trim(text.substr(dots + 2)));
  return from && to && *from <= *to;
}

std::optional<Rational> ParseYen(std::string_view text) {
  std::string_view s = utf8::TrimBlanks(text);
  for (std::string_view suffix : {"yen", "円"}) {
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s = utf8::TrimBlanks(s.substr(0, s.size() - suffix.size()));
      break;
    }
  }
  return Rational::Parse(s);
}

}  // namespace elig
