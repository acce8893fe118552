// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>

#include "common/diagnose.hpp"
#include "common/places.hpp"
#include "common/utf8.hpp"
#include "syntax/doc.hpp"
#include "syntax/doc_cache.hpp"
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
      Error("expected-map", root, Msg::kLoadFileNotMap);
      return out;
    }
    out->is_module = root.Get("module") != nullptr && root.Get("program") == nullptr;
    static const std::vector<std::string> kProgramKeys = {
        "program", "version", "title", "kind", "authority", "basis", "window", "budget", "use", "facts",
        "parameters", "define", "tables", "requirements", "exclusions", "scoring", "score_groups", "award",
        "award_note", "award_says", "note", "combine", "ranking", "themes", "apply", "places", "benefit"};
    static const std::vector<std::string> kModuleKeys = {"module", "title", "basis", "note", "use", "facts",
                                                         "parameters", "define", "tables"};
    const auto& allowed = out->is_module ? kModuleKeys : kProgramKeys;
    CheckKeys(root, allowed, out->is_module ? Msg::kPartModule : Msg::kPartProgram);
    if (!root.Get("program") && !root.Get("module"))
      Error("missing-key", root, Msg::kLoadFileNeedsId);

    for (const auto& [k, v] : root.entries) {
      if (!k.IsScalar()) continue;
      const std::string& key = k.scalar;
      if (key == "program" || key == "module") {
        out->id = Scalar(v, key);
        out->id_loc = LocOf(v);
        if (out->is_module ? !IsIdentifier(out->id) : !IsRuleId(out->id))
          Error("bad-id", v, Msg::kLoadBadFileId, fmt::arg("id", utf8::Printable(out->id)), fmt::arg("key", key));
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
          Error("bad-date", v, Msg::kLoadBadWindow);
      } else if (key == "budget") {
        out->budget = ParseYen(Scalar(v, key));
        if (!out->budget) Error("bad-number", v, Msg::kLoadBadBudget);
      } else if (key == "places") {
        out->places_loc = LocOf(v);
        auto r = Rational::Parse(Trim(Scalar(v, key)));
        if (r && r->IsInteger() && r->num() >= 1) out->places = r->num();
        else Error("bad-number", v, Msg::kLoadBadPlaces);
      } else if (key == "benefit") {
        LoadBenefit(v, *out);
      } else if (key == "use") {
        LoadUses(v, *out);
      } else if (key == "facts") {
        LoadFacts(v, *out);
      } else if (key == "parameters") {
        LoadParams(v, *out);
      } else if (key == "define") {
        ForEachNamed(v, Msg::kPartDefinition, [&](const std::string& name, const DocNode& kn, const DocNode& body) {
          DefineDecl d;
          d.name = name;
          d.loc = LocOf(kn);
          d.expr = ParseExpr(body);
          out->defines.push_back(std::move(d));
        });
      } else if (key == "tables") {
        LoadTables(v, *out);
      } else if (key == "requirements") {
        LoadRules(v, out->requirements, key, Msg::kPartRequirement);
      } else if (key == "exclusions") {
        LoadRules(v, out->exclusions, key, Msg::kPartExclusion);
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

  // An error at `at`: its message `id` from the catalog with named arguments; set `.help` on
  // what it returns.
  template <class... Args>
  Diagnostic& Error(std::string code, const DocNode& at, Msg id, const Args&... args) {
    return Error(std::move(code), LocOf(at), id, args...);
  }
  template <class... Args>
  Diagnostic& Error(std::string code, SourceLoc loc, Msg id, const Args&... args) {
    diags_.push_back(Diagnose(Severity::kError, std::move(code), std::move(loc), id, args...));
    return diags_.back();
  }

  void CheckKeys(const DocNode& map, const std::vector<std::string>& allowed, Msg part, const LocalText& help = {}) {
    const LocalText what = Noun(part);
    std::set<std::string> seen;
    for (const auto& [k, v] : map.entries) {
      if (!k.IsScalar()) {
        Error("unknown-key", k, Msg::kLoadKeyNotWord, fmt::arg("what", what));
        continue;
      }
      if (!seen.insert(k.scalar).second) {
        Error("duplicate-key", k, Msg::kLoadKeyTwice, fmt::arg("key", utf8::Printable(k.scalar)), fmt::arg("what", what));
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), k.scalar) == allowed.end()) {
        LocalText suggestion = DidYouMean(k.scalar, allowed);
        Error("unknown-key", k, Msg::kLoadUnknownKey, fmt::arg("key", utf8::Printable(k.scalar)), fmt::arg("what", what))
            .help = suggestion.Empty() ? help : suggestion;
      }
    }
  }

  std::string Scalar(const DocNode& n, const std::string& what) {
    if (n.IsScalar()) {
      if (n.scalar.size() > limits_.max_text_bytes)
        Error("too-large", n, Msg::kLoadTextTooLong, fmt::arg("key", what), fmt::arg("max", limits_.max_text_bytes));
      return n.scalar;
    }
    if (n.IsNull()) return "";
    Error("expected-text", n, Msg::kLoadNotSingle, fmt::arg("key", what));
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
      CheckKeys(n, {"ja", "en"}, Msg::kPartText, SayBoth(Msg::kLoadHelpQuoteCommas));
      if (auto* ja = n.Get("ja")) t.ja = Scalar(*ja, "ja");
      if (auto* en = n.Get("en")) t.en = Scalar(*en, "en");
      return t;
    }
    if (!n.IsNull()) Error("expected-text", n, Msg::kLoadExpectedText);
    return t;
  }

  Expr ParseExpr(const DocNode& n) {
    Expr e;
    e.file = &file_;
    if (!n.IsScalar()) {
      e.offsets.assign(1, n.offset);
      Error("expected-expression", n, n.IsNull() ? Msg::kLoadEmptyExpression : Msg::kLoadExpectedExpression);
      return e;
    }
    e.text = n.scalar;
    e.offsets = MapScalarOffsets(file_, n);
    ExprParseResult r = ParseExpression(e.text, limits_.expr);
    for (const auto& err : r.errors) {
      SourceLoc at = e.Loc(err.offset, err.offset + std::max<uint32_t>(1, err.length));
      if (!err.open_offset) {
        diags_.push_back(Diagnose(Severity::kError, err.code, at, err.message));
        continue;
      }
      // The parser speaks of byte offsets in the expression; people read lines and columns.
      SourceLoc open = e.Loc(*err.open_offset, *err.open_offset + 1);
      const char open_bracket[] = {err.open_bracket, '\0'}, close[] = {err.open_bracket == '(' ? ')' : ']', '\0'};
      Error(err.code, at, Msg::kLoadUnclosedAt, fmt::arg("close", static_cast<const char*>(close)),
            fmt::arg("open", static_cast<const char*>(open_bracket)), fmt::arg("line", open.line),
            fmt::arg("column", open.column));
    }
    e.root = std::move(r.root);
    return e;
  }

  // Whether `n` holds more than `max_rules` items (`count`), an error: a real program has
  // tens, thousands is a generator gone wrong.
  bool TooMany(const DocNode& n, size_t count, const LocalText& what) {
    if (count <= limits_.max_rules) return false;
    Error("too-large", n, Msg::kLoadTooMany, fmt::arg("max", limits_.max_rules), fmt::arg("what", what));
    return true;
  }

  template <class F>
  void ForEachNamed(const DocNode& map, Msg part, F&& f) {
    if (map.IsNull()) return;
    const LocalText what = Noun(part);
    if (!map.IsMap()) {
      Error("expected-map", map, Msg::kLoadExpectedNamedMap, fmt::arg("what", what));
      return;
    }
    if (TooMany(map, map.entries.size(), what)) return;
    std::set<std::string> seen;
    for (const auto& [k, v] : map.entries) {
      if (!k.IsScalar() || !IsIdentifier(k.scalar)) {
        Error("bad-name", k, Msg::kLoadBadName, fmt::arg("name", utf8::Printable(k.scalar)));
        continue;
      }
      if (!seen.insert(k.scalar).second) {
        Error("duplicate-name", k, Msg::kLoadDeclaredTwice, fmt::arg("what", what), fmt::arg("name", k.scalar));
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
      Error("expected-list", v, Msg::kLoadUseNotList);
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
          Error("too-large", at, Msg::kLoadEnumTooLarge, fmt::arg("max", limits_.max_rules));
          return nullptr;
        }
        size_t comma = inner.find(',', pos);
        std::string v = Trim(inner.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (v.empty()) {
          Error("bad-type", at, Msg::kLoadEnumValueEmpty, fmt::arg("type", s));
          return nullptr;
        }
        if (!seen.insert(v).second) {
          Error("bad-type", at, Msg::kLoadEnumValueTwice, fmt::arg("value", v));
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
    // `name` as an enum (a place, or enum[...]) into `slot` and t.enum_def: kNone when it is
    // no enum, kBad when its values are wrong (already reported).
    enum class EnumRead { kNone, kOk, kBad };
    auto read_enum = [&](const std::string& name, BaseType& slot) {
      std::shared_ptr<const EnumDef> def = name == "prefecture"     ? PrefectureEnum()
                                           : name == "municipality" ? MunicipalityEnum()
                                                                    : nullptr;
      if (!def && name.rfind("enum[", 0) == 0 && name.back() == ']') {
        def = enum_values(std::string_view(name).substr(5, name.size() - 6));
        if (!def) return EnumRead::kBad;
      }
      if (!def) return EnumRead::kNone;
      slot = BaseType::kEnum;
      t.enum_def = std::move(def);
      return EnumRead::kOk;
    };
    if (EnumRead e = read_enum(s, t.base); e != EnumRead::kNone)
      return e == EnumRead::kOk ? std::optional<TypeSpec>(t) : std::nullopt;
    if (s.rfind("list[", 0) == 0 && s.back() == ']') {
      std::string inner = Trim(std::string_view(s).substr(5, s.size() - 6));
      t.base = BaseType::kList;
      if (inner == "record") {  // its fields come from `fields:` (LoadRecord)
        t.elem = BaseType::kRecord;
        return t;
      }
      if (EnumRead e = read_enum(inner, t.elem); e != EnumRead::kNone)
        return e == EnumRead::kOk ? std::optional<TypeSpec>(t) : std::nullopt;
      t.elem = base_of(inner);
      if (t.elem == BaseType::kError) {
        Error("unknown-type", at, Msg::kLoadUnknownElementType, fmt::arg("type", inner)).help = DidYouMean(inner, kTypes);
        return std::nullopt;
      }
      return t;
    }
    t.base = base_of(s);
    if (t.base == BaseType::kError) {
      Error("unknown-type", at, Msg::kLoadUnknownType, fmt::arg("type", utf8::Printable(s))).help =
          s == "enum" ? SayBoth(Msg::kLoadHelpEnumValues) : DidYouMean(s, kTypes);
      return std::nullopt;
    }
    return t;
  }

  std::optional<Rational> Bound(const DocNode& n, const char* what) {
    auto v = ParseYen(Scalar(n, what));
    if (!v) Error("bad-number", n, Msg::kLoadNotNumber, fmt::arg("key", what));
    return v;
  }

  // `topic: place | legal-form | industry | size`: what `ask` asks first.
  FactTopic Topic(const DocNode& n) {
    std::string t = Scalar(n, "topic");
    if (t == "place") return FactTopic::kPlace;
    if (t == "legal-form") return FactTopic::kForm;
    if (t == "industry") return FactTopic::kIndustry;
    if (t == "size") return FactTopic::kSize;
    Error("bad-value", n, Msg::kLoadNotTopic, fmt::arg("topic", utf8::Printable(t))).help = SayBoth(Msg::kLoadHelpTopics);
    return FactTopic::kProgram;
  }

  void LoadFacts(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, Msg::kPartFact, [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      FactDecl f;
      f.name = name;
      f.loc = LocOf(kn);
      const DocNode* type_node = &body;
      if (body.IsMap()) {
        CheckKeys(body, {"type", "min", "max", "ask", "label", "topic", "note", "values", "labels", "derive", "fields",
                         "name_field", "max_items", "statement"},
                  Msg::kPartFact);
        type_node = body.Get("type");
        if (!type_node) {
          Error("missing-key", kn, Msg::kLoadFactNeedsType, fmt::arg("name", name));
          return;
        }
        if (auto* m = body.Get("min")) f.min = Bound(*m, "min");
        if (auto* m = body.Get("max")) f.max = Bound(*m, "max");
        if (f.min && f.max && Rational::Compare(*f.max, *f.min) < 0)
          Error("bad-value", *body.Get("max"), Msg::kLoadMinAboveMax, fmt::arg("min", f.min->ToGroupedString()),
                fmt::arg("max", f.max->ToGroupedString()), fmt::arg("name", name));
        if (auto* a = body.Get("ask")) {
          f.ask = Text(*a);
          f.ask_loc = LocOf(*a);
        }
        if (auto* l = body.Get("label")) f.label = Text(*l);
        if (auto* st = body.Get("statement")) {
          f.statement = Text(*st);
          f.statement_loc = LocOf(*st);
        }
        if (auto* t = body.Get("topic")) f.topic = Topic(*t);
        if (auto* n = body.Get("note")) f.note = Scalar(*n, "note");
        if (auto* d = body.Get("derive")) f.derive = ParseExpr(*d);
      } else if (!body.IsScalar()) {
        Error("bad-type", body, Msg::kLoadExpectedType);
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
      if (!f.statement.Empty() && f.type.base != BaseType::kBool)
        Error("bad-value", *body.Get("statement"), Msg::kLoadStatementNotBool, fmt::arg("name", name),
              fmt::arg("type", utf8::Printable(type_text)));
      if (const DocNode* labels = body.IsMap() ? body.Get("labels") : nullptr) LoadLabels(*labels, f.type);
      if (f.type.elem == BaseType::kRecord) {
        if (!LoadRecord(body.IsMap() ? &body : nullptr, kn, name, f.type)) return;
      } else if (body.IsMap()) {
        for (const char* key : {"fields", "name_field", "max_items"})
          if (const DocNode* k = body.Get(key)) Error("bad-type", *k, Msg::kLoadFieldsOnlyRecords, fmt::arg("key", key));
      }
      if (f.type.enum_def && f.type.enum_def->kind != EnumKind::kPlain) f.topic = FactTopic::kPlace;
      out.facts.push_back(std::move(f));
    });
  }

  // The fields of a `list[record]` fact, each declared like a fact of a single-value type, and
  // `name_field:` and `max_items:`.
  bool LoadRecord(const DocNode* body, const DocNode& key, const std::string& name, TypeSpec& type) {
    const DocNode* fields = body ? body->Get("fields") : nullptr;
    if (!fields) {
      Error("missing-key", key, Msg::kLoadRecordNeedsFields, fmt::arg("name", name));
      return false;
    }
    RuleFile declared;
    LoadFacts(*fields, declared);
    auto def = std::make_shared<RecordDef>();
    for (auto& f : declared.facts) {
      if (f.type.base == BaseType::kList || f.derive.root) {
        Error("bad-type", f.loc, Msg::kLoadFieldType, fmt::arg("field", f.name), fmt::arg("type", TypeSpecName(f.type)));
        continue;
      }
      def->fields.push_back({f.name, f.type, f.min, f.max, f.ask, f.label});
    }
    if (const DocNode* n = body->Get("name_field")) {
      std::string field = Scalar(*n, "name_field");
      def->name_field = def->IndexOf(field);
      if (def->name_field < 0 || def->fields[static_cast<size_t>(def->name_field)].type.base != BaseType::kText) {
        std::vector<std::string> names;
        for (const auto& f : def->fields) names.push_back(f.name);
        Error("bad-value", *n, Msg::kLoadNameField, fmt::arg("field", utf8::Printable(field))).help = DidYouMean(field, names);
        def->name_field = -1;
      }
    }
    if (const DocNode* n = body->Get("max_items")) {
      auto max = Rational::Parse(Scalar(*n, "max_items"));
      if (!max || !max->IsInteger() || max->num() < 1 || max->num() > kMaxRecords) {
        Error("bad-value", *n, Msg::kLoadMaxItems, fmt::arg("max", kMaxRecords));
      } else {
        def->max_items = static_cast<uint32_t>(max->num());
      }
    }
    type.record = std::move(def);
    return true;
  }

  // `labels: { manufacturing: { ja: 製造業, en: Manufacturing }, … }` for an enum's values.
  void LoadLabels(const DocNode& v, TypeSpec& type) {
    if (!type.enum_def) {
      Error("bad-type", v, Msg::kLoadLabelsNotEnum);
      return;
    }
    if (type.enum_def->kind != EnumKind::kPlain) {
      Error("bad-type", v, Msg::kLoadLabelsOfPlaces);
      return;
    }
    if (!v.IsMap()) {
      Error("expected-map", v, Msg::kLoadLabelsNotMap);
      return;
    }
    auto def = std::make_shared<EnumDef>(*type.enum_def);
    def->labels.assign(def->values.size(), LocalText{});
    std::set<std::string> seen;
    for (const auto& [k, body] : v.entries) {
      std::string value = k.IsScalar() ? k.scalar : "";
      int i = def->IndexOf(value);
      if (i < 0) {
        Error("bad-enum", k, Msg::kLoadNotEnumValue, fmt::arg("value", utf8::Printable(value))).help =
            DidYouMean(value, def->values);
        continue;
      }
      if (!seen.insert(value).second) {
        Error("duplicate-key", k, Msg::kLoadLabelTwice, fmt::arg("value", value));
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
      Error("expected-list", v, Msg::kLoadThemesNotList);
      return;
    }
    std::vector<std::string> known;
    for (const auto& t : KnownThemes()) known.emplace_back(t.id);
    for (const DocNode* item : items) {
      std::string id = Scalar(*item, "themes");
      if (!ThemeLabel(id)) {
        LocalText suggestion = DidYouMean(id, known);
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        Error("bad-value", *item, Msg::kLoadNotTheme, fmt::arg("id", utf8::Printable(id))).help =
            suggestion.Empty() ? SayBoth(Msg::kLoadHelpThemes, fmt::arg("themes", list)) : suggestion;
        continue;
      }
      if (std::find(out.themes.begin(), out.themes.end(), id) != out.themes.end()) {
        Error("duplicate-key", *item, Msg::kLoadThemeTwice, fmt::arg("id", id));
        continue;
      }
      out.themes.push_back(id);
    }
  }

  // A text people read first, which says nothing to one of them unless given in both languages.
  LocalText TextInBoth(const DocNode& n) {
    LocalText t = Text(n);
    if (t.ja.empty() || t.en.empty()) Error("missing-key", n, Msg::kLoadBenefitSaysBoth);
    return t;
  }

  // Whether `v`, a section of the file, is a map (else the error `not_map`); its keys are
  // checked against `allowed`.
  bool Section(const DocNode& v, Msg not_map, const std::vector<std::string>& allowed, Msg part) {
    if (!v.IsMap()) {
      Error("expected-map", v, not_map);
      return false;
    }
    CheckKeys(v, allowed, part);
    return true;
  }

  // The text in both languages under `key` of `map`; the error `missing` when there is none.
  LocalText NeededTextInBoth(const DocNode& map, const char* key, Msg missing) {
    if (const DocNode* n = map.Get(key)) return TextInBoth(*n);
    Error("missing-key", map, missing);
    return {};
  }

  // `benefit:` — what the applicant gets, in words (`says:`, both languages), in numbers
  // (`gives:`), and the share of the costs the applicant bears (`cost_share:`, 自己負担).
  void LoadBenefit(const DocNode& v, RuleFile& out) {
    if (!Section(v, Msg::kLoadBenefitNotMap, {"says", "gives", "cost_share", "note"}, Msg::kPartBenefitSection)) return;
    BenefitDecl b;
    b.loc = LocOf(v);
    b.says = NeededTextInBoth(v, "says", Msg::kLoadBenefitNeedsSays);
    if (auto* n = v.Get("note")) b.note = Text(*n);
    if (auto* n = v.Get("cost_share")) {
      std::string text = Trim(Scalar(*n, "cost_share"));
      bool percent = !text.empty() && text.back() == '%';
      auto r = Rational::Parse(percent ? Trim(text.substr(0, text.size() - 1)) : text);
      if (r && percent) r = Rational::Div(*r, Rational(100));
      if (r && Rational::Compare(*r, Rational(0)) >= 0 && Rational::Compare(*r, Rational(1)) <= 0) b.cost_share = r;
      else Error("bad-value", *n, Msg::kLoadBadCostShare);
    }
    if (auto* n = v.Get("gives")) {
      if (!n->IsSeq()) Error("expected-list", *n, Msg::kLoadGivesNotList);
      else
        for (const auto& item : n->items) LoadBenefitItem(item, b);
    }
    out.benefit = std::move(b);
  }

  void LoadBenefitItem(const DocNode& item, BenefitDecl& b) {
    if (!Section(item, Msg::kLoadGivesItemNotMap, {"what", "up_to", "count", "unit"}, Msg::kPartBenefitItem)) return;
    BenefitItem bi;
    bi.loc = LocOf(item);
    bi.what = NeededTextInBoth(item, "what", Msg::kLoadGivesNeedsWhat);
    const DocNode* up_to = item.Get("up_to");
    const DocNode* count = item.Get("count");
    if (up_to && count) Error("bad-value", *count, Msg::kLoadGivesUpToOrCount);
    if (const DocNode* a = up_to ? up_to : count) {
      auto r = Rational::Parse(Trim(Scalar(*a, up_to ? "up_to" : "count")));
      if (r && Rational::Compare(*r, Rational(0)) > 0) bi.amount = r;
      else Error("bad-number", *a, Msg::kLoadGivesBadAmount);
      bi.up_to = up_to != nullptr;
    }
    if (auto* u = item.Get("unit")) {
      bi.unit = Trim(Scalar(*u, "unit"));
      if (!BenefitUnitLabel(bi.unit)) {
        std::vector<std::string> ids;
        for (const auto& known : BenefitUnits()) ids.emplace_back(known.id);
        Error("bad-value", *u, Msg::kLoadGivesBadUnit, fmt::arg("unit", utf8::Printable(bi.unit))).help = DidYouMean(bi.unit, ids);
      }
    } else if (up_to || count) {
      Error("missing-key", item, Msg::kLoadGivesNeedsUnit);
    }
    b.items.push_back(std::move(bi));
  }

  void LoadApply(const DocNode& v, RuleFile& out) {
    if (!Section(v, Msg::kLoadApplyNotMap, {"where", "url", "how", "documents", "deadline", "note"}, Msg::kPartApplySection))
      return;
    ApplyDecl a;
    a.loc = LocOf(v);
    if (auto* n = v.Get("where")) a.where = Text(*n);
    if (auto* n = v.Get("how")) a.how = Text(*n);
    if (auto* n = v.Get("note")) a.note = Text(*n);
    if (auto* n = v.Get("url")) {
      a.url = Scalar(*n, "url");
      if (a.url.rfind("https://", 0) != 0 && a.url.rfind("http://", 0) != 0)
        Error("bad-value", *n, Msg::kLoadBadUrl);
    }
    if (auto* n = v.Get("documents")) {
      if (!n->IsSeq()) Error("expected-list", *n, Msg::kLoadDocumentsNotList);
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
          Error("expected-map", *item, Msg::kLoadDeadlineNotMap);
          continue;
        }
        CheckKeys(*item, {"by", "text"}, Msg::kPartDeadline);
        DeadlineDecl d;
        d.loc = LocOf(*item);
        if (auto* by = item->Get("by")) d.by = ParseExpr(*by);
        else Error("missing-key", *item, Msg::kLoadDeadlineNeedsBy);
        if (auto* t = item->Get("text")) d.text = Text(*t);
        else Error("missing-key", *item, Msg::kLoadDeadlineNeedsText);
        a.deadlines.push_back(std::move(d));
      }
    }
    out.apply = std::move(a);
  }

  void LoadParams(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, Msg::kPartParameter, [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      ParamDecl p;
      p.name = name;
      p.loc = LocOf(kn);
      if (body.IsMap()) {
        for (const auto& [dk, dv] : body.entries) {
          auto d = ParseDate(dk.IsScalar() ? dk.scalar : "");
          if (!d) {
            Error("bad-date", dk, Msg::kLoadParamNeedsDate);
            continue;
          }
          p.values.push_back(ParamValue{d, ParseExpr(dv)});
        }
        std::stable_sort(p.values.begin(), p.values.end(),
                         [](const ParamValue& a, const ParamValue& b) { return *a.from < *b.from; });
        for (size_t i = 1; i < p.values.size(); ++i)
          if (*p.values[i].from == *p.values[i - 1].from)
            Error("duplicate-key", kn, Msg::kLoadParamSameDate, fmt::arg("name", name));
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
      Error("expected-map", body, Msg::kLoadRowNotMap);
      return row;
    }
    std::set<std::string> seen;
    for (const auto& [ck, cv] : body.entries) {
      if (!ck.IsScalar() || !IsIdentifier(ck.scalar)) {
        Error("bad-name", ck, Msg::kLoadBadColumnName);
        continue;
      }
      if (!seen.insert(ck.scalar).second) {
        Error("duplicate-key", ck, Msg::kLoadColumnTwice, fmt::arg("column", ck.scalar));
        continue;
      }
      row.cells.emplace_back(ck.scalar, ParseExpr(cv));
    }
    return row;
  }

  void LoadTables(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, Msg::kPartTable, [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      TableDecl t;
      t.name = name;
      t.loc = LocOf(kn);
      if (!Section(body, Msg::kLoadTableNotMap, {"key", "rows", "default", "note"}, Msg::kPartTable)) return;
      if (auto* k = body.Get("key")) {
        t.key = Scalar(*k, "key");
        t.key_loc = LocOf(*k);
      } else {
        Error("missing-key", kn, Msg::kLoadTableNeedsKey, fmt::arg("name", name));
      }
      if (auto* rows = body.Get("rows"); rows && rows->IsMap() && rows->entries.size() > limits_.max_rules) {
        Error("too-large", *rows, Msg::kLoadTableTooLarge, fmt::arg("name", name), fmt::arg("max", limits_.max_rules));
      } else if (rows && rows->IsMap()) {
        std::set<std::string> seen;
        for (const auto& [rk, rv] : rows->entries) {
          std::string key = rk.IsScalar() ? rk.scalar : "";
          if (!seen.insert(key).second) {
            Error("duplicate-key", rk, Msg::kLoadRowTwice, fmt::arg("key", key));
            continue;
          }
          t.rows.push_back(Row(key, rk, rv));
        }
      } else {
        Error("missing-key", kn, Msg::kLoadTableNeedsRows, fmt::arg("name", name));
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
      if (!IsRuleId(id)) Error("bad-id", *n, Msg::kLoadBadRuleId, fmt::arg("id", utf8::Printable(id)));
    } else {
      Error("missing-id", item, Msg::kLoadRuleNeedsId);
    }
    if (auto* n = item.Get("text")) text = Text(*n);
    if (auto* n = item.Get("cite")) cite = Scalar(*n, "cite");
    if (auto* n = item.Get("note")) note = Scalar(*n, "note");
  }

  // `key` is `requirements` or `exclusions`, a list of `part`s.
  void LoadRules(const DocNode& v, std::vector<RuleDecl>& out, const std::string& key, Msg part) {
    if (v.IsNull()) return;
    const LocalText what = Noun(part);
    if (!v.IsSeq()) {
      Error("expected-list", v, Msg::kLoadRulesNotList, fmt::arg("key", key));
      return;
    }
    if (TooMany(v, v.items.size(), what)) return;
    for (const auto& item : v.items) {
      if (!item.IsMap()) {
        Error("expected-map", item, Msg::kLoadRuleNotMap, fmt::arg("what", what));
        continue;
      }
      CheckKeys(item, {"id", "rule", "text", "cite", "note"}, part);
      RuleDecl r;
      LoadRuleCommon(item, r.id, r.loc, r.text, r.cite, r.note);
      if (auto* n = item.Get("rule")) {
        r.expr = ParseExpr(*n);
      } else {
        Error("missing-key", item, Msg::kLoadRuleNeedsRule, fmt::arg("what", what));
        r.expr.file = &file_;
        r.expr.offsets.assign(1, item.offset);
      }
      out.push_back(std::move(r));
    }
  }

  void LoadScoring(const DocNode& v, RuleFile& out) {
    if (v.IsNull()) return;
    if (!v.IsSeq()) {
      Error("expected-list", v, Msg::kLoadScoringNotList);
      return;
    }
    if (TooMany(v, v.items.size(), Noun(Msg::kPartScoringItem))) return;
    for (const auto& item : v.items) {
      if (!item.IsMap()) {
        Error("expected-map", item, Msg::kLoadScoringItemNotMap);
        continue;
      }
      CheckKeys(item, {"id", "points", "when", "text", "cite", "note", "group"}, Msg::kPartScoringItem);
      ScoreDecl s;
      std::string note;
      LoadRuleCommon(item, s.id, s.loc, s.text, s.cite, note);
      if (auto* n = item.Get("points")) s.points = ParseExpr(*n);
      else Error("missing-key", item, Msg::kLoadScoringNeedsPoints);
      if (auto* n = item.Get("when")) s.when = ParseExpr(*n);
      else Error("missing-key", item, Msg::kLoadScoringNeedsWhen);
      if (auto* n = item.Get("group")) s.group = Scalar(*n, "group");
      out.scoring.push_back(std::move(s));
    }
  }

  void LoadScoreGroups(const DocNode& v, RuleFile& out) {
    ForEachNamed(v, Msg::kPartScoreGroup, [&](const std::string& name, const DocNode& kn, const DocNode& body) {
      ScoreGroup g;
      g.name = name;
      g.loc = LocOf(kn);
      if (!Section(body, Msg::kLoadScoreGroupNotMap, {"max_items", "max_counted", "pick", "text"}, Msg::kPartScoreGroup))
        return;
      auto whole = [&](const char* key, int64_t least, Msg bad) -> std::optional<int64_t> {
        const DocNode* m = body.Get(key);
        if (!m) return std::nullopt;
        auto r = Rational::Parse(Scalar(*m, key));
        if (r && r->IsInteger() && r->num() >= least) return r->num();
        Error("bad-number", *m, bad);
        return std::nullopt;
      };
      g.max_items = whole("max_items", 0, Msg::kLoadMaxItemsNotWhole);
      g.max_counted = whole("max_counted", 1, Msg::kLoadMaxCountedNotWhole);
      if (!body.Get("max_items") && !body.Get("max_counted")) Error("missing-key", kn, Msg::kLoadScoreGroupNeedsMax);
      if (auto* pk = body.Get("pick")) {
        std::string s = Scalar(*pk, "pick");
        if (s == "highest") g.pick = ScorePick::kHighest;
        else if (s == "first") g.pick = ScorePick::kFirst;
        else Error("bad-value", *pk, Msg::kLoadBadPick).help = DidYouMean(s, std::vector<std::string>{"highest", "first"});
        if (!body.Get("max_counted")) Error("missing-key", *pk, Msg::kLoadPickNeedsMaxCounted);
      } else if (body.Get("max_counted")) {
        // Which items count is the program's to say, never the engine's guess.
        Error("missing-key", kn, Msg::kLoadMaxCountedNeedsPick);
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
        Error("bad-id", n, Msg::kLoadBadProgramId, fmt::arg("id", utf8::Printable(id)));
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
      Error("expected-list", v, Msg::kLoadProgramIdsNotList, fmt::arg("key", what));
    }
  }

  void LoadCombine(const DocNode& v, RuleFile& out) {
    if (!Section(v, Msg::kLoadCombineNotMap, {"not_with", "deduct", "text", "cite", "note"}, Msg::kPartCombineSection))
      return;
    CombineDecl c;
    c.loc = LocOf(v);
    if (auto* n = v.Get("not_with")) ProgramIds(*n, "not_with", c.not_with, c.not_with_locs);
    if (auto* d = v.Get("deduct")) {
      if (!d->IsMap()) {
        Error("expected-map", *d, Msg::kLoadDeductNotMap);
      } else {
        CheckKeys(*d, {"programs", "fact"}, Msg::kPartDeductSection);
        c.deduct = true;
        if (auto* p = d->Get("programs")) ProgramIds(*p, "programs", c.deduct_from, c.deduct_from_locs);
        else Error("missing-key", *d, Msg::kLoadDeductNeedsPrograms);
        if (auto* f = d->Get("fact")) {
          c.deduct_fact = Scalar(*f, "fact");
          c.deduct_fact_loc = LocOf(*f);
        }
      }
    }
    if (!v.Get("not_with") && !v.Get("deduct")) Error("missing-key", v, Msg::kLoadCombineNeedsOne);
    if (auto* t = v.Get("text")) c.text = Text(*t);
    if (auto* t = v.Get("cite")) c.cite = Scalar(*t, "cite");
    out.combine = std::move(c);
  }

  void LoadRanking(const DocNode& v, RuleFile& out) {
    if (!Section(v, Msg::kLoadRankingNotMap, {"tie_break", "last", "note"}, Msg::kPartRankingSection)) return;
    RankingDecl r;
    r.loc = LocOf(v);
    if (auto* tb = v.Get("tie_break")) {
      std::vector<const DocNode*> items;
      if (tb->IsSeq()) {
        for (const auto& item : tb->items) items.push_back(&item);
      } else if (tb->IsScalar()) {
        items.push_back(tb);
      } else {
        Error("expected-list", *tb, Msg::kLoadTieBreakNotList);
      }
      for (const DocNode* item : items) {
        std::string text = Trim(Scalar(*item, "tie_break"));
        TieBreakKey key;
        key.loc = LocOf(*item);
        auto space = text.find(' ');
        key.name = Trim(text.substr(0, space));
        std::string dir = space == std::string::npos ? "asc" : Trim(text.substr(space + 1));
        if (!IsIdentifier(key.name) || (dir != "asc" && dir != "desc")) {
          Error("bad-name", *item, Msg::kLoadBadTieBreak);
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
        Error("bad-value", *l, Msg::kLoadBadLast).help = DidYouMean(s, std::vector<std::string>{"none", "partial", "skip", "proportional"});
    }
    out.ranking = std::move(r);
  }

  void CheckDuplicateIds(const RuleFile& out) {
    std::set<std::string> seen;
    auto check = [&](const std::string& id, const SourceLoc& loc) {
      if (id.empty()) return;
      if (!seen.insert(id).second) Error("duplicate-id", loc, Msg::kLoadRuleIdTwice, fmt::arg("id", id));
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

std::unique_ptr<RuleFile> LoadRuleFile(const SourceFile& file, std::vector<Diagnostic>& diags, const LoadLimits& limits,
                                       const std::string& cache_dir) {
  DocNode root;
  if (!ParseDocCached(file, root, diags, DocLimits{}, cache_dir)) return nullptr;
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

const std::vector<BenefitUnit>& BenefitUnits() {
  static const std::vector<BenefitUnit> units = {
      {"visits", {"回", "visits"}},     {"times", {"回", "times"}},     {"sessions", {"回", "sessions"}},
      {"hours", {"時間", "hours"}},     {"days", {"日", "days"}},       {"months", {"か月", "months"}},
      {"years", {"年", "years"}},       {"booths", {"小間", "booths"}}, {"people", {"名", "people"}},
      {"experts", {"名", "experts"}},   {"pages", {"ページ", "pages"}},
  };
  return units;
}

namespace {
const LocalText* LabelOf(const std::vector<Labelled>& known, std::string_view id) {
  for (const auto& k : known)
    if (k.id == id) return &k.label;
  return nullptr;
}
}  // namespace

const LocalText* BenefitUnitLabel(std::string_view id) { return LabelOf(BenefitUnits(), id); }

const LocalText* ThemeLabel(std::string_view id) { return LabelOf(KnownThemes(), id); }

const char* ScorePickName(ScorePick p) { return p == ScorePick::kFirst ? "first" : "highest"; }

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
