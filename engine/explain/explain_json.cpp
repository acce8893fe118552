// SPDX-License-Identifier: Apache-2.0
// The decision JSON (docs/json.md), streamed by JsonWriter. Every object's keys
// are written in sorted (byte) order: the shape elig has always printed, which
// tests/test_explain_json.cpp holds byte for byte against an nlohmann::json oracle.
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"
#include "explain/explain.hpp"
#include "explain/json_writer.hpp"
#include "explain/views.hpp"

namespace elig {

namespace {

// Bytes the string writer must look at: control characters, '"', '\\', and every
// byte of a multi-byte sequence (validated as it is met). Everything else is copied in runs.
struct SpecialBytes {
  bool table[256] = {};
  constexpr SpecialBytes() {
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    table[static_cast<unsigned char>('"')] = true;
    table[static_cast<unsigned char>('\\')] = true;
    for (int c = 0x80; c < 0x100; ++c) table[c] = true;
  }
};
constexpr SpecialBytes kSpecial;

}  // namespace

void WriteJsonString(JsonBuffer& out_, std::string_view s, std::string_view prefix) {
  const size_t mark = out_.size();
  out_ += '"';
  out_.append(prefix);
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!kSpecial.table[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      // The common well-formed sequences inline (two bytes; three bytes outside the
      // lead bytes E0 and ED, whose second byte is restricted); the rest through utf8::.
      auto cont = [&](size_t k) { return k < s.size() && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80; };
      if (c >= 0xC2 && c <= 0xDF && cont(i + 1)) {
        i += 2;
        continue;
      }
      if (c >= 0xE1 && c <= 0xEF && c != 0xED && cont(i + 1) && cont(i + 2)) {
        i += 3;
        continue;
      }
      size_t n = utf8::SequenceLength(s, i);
      if (n == 0) {
        // Rare (a fact's text that is not UTF-8): nlohmann's own replacement, exactly.
        out_.resize(mark);
        out_ += nlohmann::json(std::string(prefix) + std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += n;
      continue;
    }
    out_.append(s.data() + run, i - run);
    run = ++i;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static const char* hex = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out_.append(esc, 6);
      }
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

namespace {

// An exact number: an integer as a JSON number, a fraction as text ("2/3"), never a float.
void Number(JsonWriter& w, const Rational& r) {
  if (r.IsInteger()) w.Int(r.num());
  else w.String(r.ToString());
}

// `record`: a list of records' fields, whose enums name their values.
void WriteValue(JsonWriter& w, const Value& v, const EnumDef* e, const RecordDef* record = nullptr) {
  switch (v.kind) {
    case VKind::kUnknown: w.Null(); return;
    case VKind::kError: w.String("error"); return;
    case VKind::kBool: w.Bool(v.b); return;
    case VKind::kNumber: Number(w, v.num); return;
    case VKind::kText: w.String(v.text ? std::string_view(*v.text) : std::string_view()); return;
    case VKind::kDate: w.String(FormatDate(Date{v.i})); return;
    case VKind::kEnum: w.String(FormatValue(v, Lang::kEn, e)); return;
    case VKind::kList:
      w.BeginArray();
      if (v.list)
        for (const auto& item : v.list->items) WriteValue(w, item, e, record);
      w.EndArray();
      return;
    case VKind::kRecord:  // a record: its fields in declared order
      w.BeginArray();
      if (v.list)
        for (size_t k = 0; k < v.list->items.size(); ++k) {
          const FieldDef* field = FieldOf(record, k);
          WriteValue(w, v.list->items[k], field ? field->type.enum_def.get() : nullptr);
        }
      w.EndArray();
      return;
  }
  w.Null();
}

void WriteLoc(JsonWriter& w, const SourceLoc& l) {
  if (l.file.empty()) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("column");
  w.UInt(l.column);
  w.Member("file", l.file);
  w.Key("line");
  w.UInt(l.line);
  w.EndObject();
}

void NullOr(JsonWriter& w, std::string_view s) {
  if (s.empty()) w.Null();
  else w.String(s);
}

const char* RuleResultName(Tri t, bool exclusion) {
  if (!exclusion) return t == Tri::kTrue ? "pass" : t == Tri::kFalse ? "fail" : t == Tri::kError ? "error" : "unknown";
  return t == Tri::kTrue ? "applies" : t == Tri::kFalse ? "does-not-apply" : t == Tri::kError ? "error" : "unknown";
}

// The parts of the decision JSON that no decision changes, cut where a decision's own values
// go in. Indented output writes them in place; compact output renders them once per program
// (below) and splices the bytes in.
void RuleCiteError(JsonWriter& w, const CompiledRule& r) {
  w.Member("cite", r.cite);
  w.Key("error");
}
void RuleIdToMissing(JsonWriter& w, const CompiledRule& r) {
  w.Member("id", r.id);
  w.Key("location");
  WriteLoc(w, r.loc);
  w.Key("missing");
}
void RuleNoteResult(JsonWriter& w, const CompiledRule& r) {
  if (!r.note.empty()) w.Member("note", r.note);
  w.Key("result");
}
void RuleTail(JsonWriter& w, const CompiledRule& r, Lang lang) {
  w.Member("rule", r.expr_text);
  w.Member("text", r.text.Get(lang));
  w.Member("text_en", r.text.en);
  w.Member("text_ja", r.text.ja);
}
void ScoreHead(JsonWriter& w, const CompiledRule& r) {
  w.Key("group");
  NullOr(w, r.group);
  w.Member("id", r.id);
  w.Key("points");
}
void ScoreTail(JsonWriter& w, const CompiledRule& r, Lang lang) { w.Member("text", r.text.Get(lang)); }
void ProgramObject(JsonWriter& w, const CompiledProgram& p, Lang lang) {
  w.BeginObject();
  w.Member("basis", p.basis);
  w.Member("id", p.id);
  w.Member("title", p.title.Get(lang));
  w.Member("title_en", p.title.en);
  w.Member("title_ja", p.title.ja);
  w.Member("version", p.version);
  w.EndObject();
}

// What a program's decisions share in the compact JSON, rendered once per program by the
// same writer and spliced in (JsonWriter::RawMembers): the rule and program texts are most
// of an explanation's bytes. [0] English, [1] Japanese.
struct RuleJson {
  std::string cite_error;     // ,"cite":"…","error":
  std::string id_to_missing;  // ,"id":"…","location":{…},"missing":
  std::string note_result;    // [,"note":"…"],"result":
  std::string tail[2];        // ,"rule":"…","text":"…","text_en":"…","text_ja":"…"
};
struct ScoreJson {
  std::string head;     // "group":…,"id":"…","points":
  std::string tail[2];  // ,"text":"…"
};
struct ProgramJson {
  std::string program[2];  // the "program" object
  std::vector<RuleJson> requirements, exclusions;
  std::vector<ScoreJson> scoring;
};

size_t LangIndex(Lang lang) { return lang == Lang::kJa ? 1 : 0; }

// The members `body` writes, as compact JSON without the braces around them.
template <class Body>
std::string MembersJson(Body&& body) {
  JsonWriter w(false);
  w.BeginObject();
  body(w);
  return w.Take().substr(1);
}

RuleJson MakeRuleJson(const CompiledRule& r) {
  RuleJson j;
  j.cite_error = "," + MembersJson([&](JsonWriter& w) { RuleCiteError(w, r); });
  j.id_to_missing = "," + MembersJson([&](JsonWriter& w) { RuleIdToMissing(w, r); });
  j.note_result = "," + MembersJson([&](JsonWriter& w) { RuleNoteResult(w, r); });
  for (Lang lang : {Lang::kEn, Lang::kJa})
    j.tail[LangIndex(lang)] = "," + MembersJson([&](JsonWriter& w) { RuleTail(w, r, lang); });
  return j;
}

std::shared_ptr<const ProgramJson> MakeProgramJson(const CompiledProgram& p) {
  auto j = std::make_shared<ProgramJson>();
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    JsonWriter w(false);
    ProgramObject(w, p, lang);
    j->program[LangIndex(lang)] = w.Take();
  }
  for (const auto& r : p.requirements) j->requirements.push_back(MakeRuleJson(r));
  for (const auto& r : p.exclusions) j->exclusions.push_back(MakeRuleJson(r));
  for (const auto& r : p.scoring) {
    ScoreJson sj;
    sj.head = MembersJson([&](JsonWriter& w) { ScoreHead(w, r); });
    for (Lang lang : {Lang::kEn, Lang::kJa})
      sj.tail[LangIndex(lang)] = "," + MembersJson([&](JsonWriter& w) { ScoreTail(w, r, lang); });
    j->scoring.push_back(std::move(sj));
  }
  return j;
}

// The program's fragments, worked out once per program and kept here, outside the program:
// a process-wide table keyed by the program's address and serial (a new program at a freed
// address has another serial), holding the last kCacheSize programs, with each thread's last
// program in front of it so that a batch takes no lock per decision. A program with serial 0
// (not built by Compile) is worked out each time.
const ProgramJson& ProgramJsonOf(const CompiledProgram& p) {
  using Key = std::pair<const CompiledProgram*, uint64_t>;
  thread_local Key last{nullptr, 0};
  thread_local std::shared_ptr<const ProgramJson> last_json;
  const Key key{&p, p.serial};
  if (p.serial != 0 && key == last && last_json) return *last_json;
  if (p.serial == 0) {
    last = {nullptr, 0};
    last_json = MakeProgramJson(p);
    return *last_json;
  }
  constexpr size_t kCacheSize = 1024;
  static std::mutex mu;
  static std::map<Key, std::shared_ptr<const ProgramJson>> cache;
  static std::deque<Key> order;  // oldest first
  std::shared_ptr<const ProgramJson> json;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(key); it != cache.end()) json = it->second;
  }
  if (!json) {
    json = MakeProgramJson(p);  // outside the lock: two threads may both make it, and keep one
    std::lock_guard<std::mutex> lock(mu);
    auto [it, added] = cache.emplace(key, json);
    json = it->second;
    if (added) {
      order.push_back(key);
      if (order.size() > kCacheSize) {
        cache.erase(order.front());
        order.pop_front();
      }
    }
  }
  last = key;
  last_json = std::move(json);
  return *last_json;
}

// The rule's shared fragments, when it is one of `rules` (else null: rendered in full).
template <class T>
const T* FragmentOf(const std::vector<CompiledRule>& rules, const std::vector<T>& fragments, const CompiledRule* r) {
  std::less<const CompiledRule*> before;  // a total order, also for pointers into other arrays
  if (rules.empty() || before(r, rules.data()) || !before(r, rules.data() + rules.size())) return nullptr;
  auto k = static_cast<size_t>(r - rules.data());
  return k < fragments.size() ? &fragments[k] : nullptr;
}

void WriteRule(JsonWriter& w, const Decision& d, const RuleResult& rr, bool exclusion, Lang lang, const RuleJson* rj) {
  const CompiledRule& r = *rr.rule;
  w.BeginObject();
  w.Key("because");
  w.BeginArray();
  for (const auto& reason : rr.reasons) {
    w.BeginObject();
    w.Member("expr", reason.expr());
    w.Key("fact");
    NullOr(w, reason.fact());
    w.Key("hint");
    if (reason.hint) WriteValue(w, *reason.hint, reason.right_enum());
    else w.Null();
    w.Key("left");
    WriteValue(w, reason.left, reason.left_enum(), reason.left_record());
    w.Member("op", reason.op());
    w.Member("result", TriName(reason.result));
    w.Key("right");
    if (reason.s->fact_read) w.Null();
    else WriteValue(w, reason.right, reason.right_enum());
    w.Member("text", RenderReason(reason, lang));
    w.EndObject();
  }
  w.EndArray();
  if (rj) w.RawMembers(rj->cite_error, true);
  else RuleCiteError(w, r);
  NullOr(w, rr.error);
  if (rj) w.RawMembers(rj->id_to_missing, true);
  else RuleIdToMissing(w, r);
  w.BeginArray();
  for (uint32_t f : rr.missing) w.String(d.program->facts[f].name);
  w.EndArray();
  if (rj) w.RawMembers(rj->note_result, true);
  else RuleNoteResult(w, r);
  w.String(RuleResultName(rr.result, exclusion));
  if (rj) w.RawMembers(rj->tail[LangIndex(lang)], false);
  else RuleTail(w, r, lang);
  w.EndObject();
}

void WriteRules(JsonWriter& w, const Decision& d, const std::vector<RuleResult>& results, bool exclusion, Lang lang,
                const std::vector<CompiledRule>& rules, const std::vector<RuleJson>* fragments) {
  w.BeginArray();
  for (const auto& r : results) WriteRule(w, d, r, exclusion, lang, fragments ? FragmentOf(rules, *fragments, r.rule) : nullptr);
  w.EndArray();
}

}  // namespace

void AmountJson(JsonWriter& w, const std::optional<Rational>& award, Lang lang) {
  if (!award) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Member("exact", award->ToString());
  w.Member("text", FormatYen(*award, lang));
  w.Key("yen");
  if (award->IsInteger()) w.Int(award->num());
  else w.Null();
  w.EndObject();
}

void BenefitJson(JsonWriter& w, const BenefitDecl* b, Lang lang) {
  if (!b) return w.Null();
  w.BeginObject();
  w.Key("cost_share");
  if (b->cost_share) w.String(b->cost_share->ToString());
  else w.Null();
  w.Key("details");
  w.BeginArray();
  for (const auto& line : BenefitDetails(*b, lang)) w.String(line);
  w.EndArray();
  w.Key("items");
  w.BeginArray();
  for (const auto& item : b->items) {
    w.BeginObject();
    w.Key("amount");
    if (!item.amount) w.Null();
    else if (item.amount->IsInteger()) w.Int(item.amount->num());
    else w.String(item.amount->ToString());
    w.Key("unit");
    if (item.unit.empty()) w.Null();
    else w.String(item.unit);
    w.Key("up_to");
    w.Bool(item.up_to);
    w.Member("what", item.what.Get(lang));
    w.EndObject();
  }
  w.EndArray();
  w.Key("note");
  if (b->note.Empty()) w.Null();
  else w.String(b->note.Get(lang));
  w.Member("says", b->says.Get(lang));
  w.EndObject();
}

void CombineJson(JsonWriter& w, const CombinedView& v, Lang lang) {
  w.BeginArray();
  for (const auto& n : v.notes) {
    w.BeginObject();
    w.Member("cite", n.cite);
    w.Member("declared_by", n.declared_by);
    w.Member("kind", CombineKindName(n.kind));
    w.Member("other", n.other);
    w.Member("rule_text", n.text.Get(lang));
    w.Member("text", RenderCombineNote(n, lang));
    w.EndObject();
  }
  w.EndArray();
}

namespace {

std::string DecisionJson(const Decision& d, Lang lang, bool pretty, const ProgramScreening* screened) {
  const CompiledProgram& p = *d.program;
  // Compact output splices the program's shared fragments; indented output is for people
  // (the CLI) and is written in full.
  const ProgramJson* pj = pretty ? nullptr : &ProgramJsonOf(p);
  JsonWriter w(pretty);
  w.BeginObject();
  w.Member("as_of", FormatDate(d.as_of));
  w.Key("award");
  if (d.award && GivesMoney(p)) {
    w.BeginObject();
    w.Member("exact", d.award->ToString());
    w.Member("formula", p.award_text);
    w.Member("text", FormatYen(*d.award, lang));
    w.Key("yen");
    if (d.award->IsInteger()) w.Int(d.award->num());
    else w.Null();
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("award_note");
  if (p.award < 0) w.String(p.award_note.Get(lang));
  else w.Null();
  w.Key("benefit");
  BenefitJson(w, p.benefit ? &*p.benefit : nullptr, lang);
  if (screened) {
    w.Key("combine");
    CombineJson(w, screened->combined, lang);
  }
  w.Key("errors");
  w.BeginArray();
  for (const auto& e : d.errors) w.String(e);
  w.EndArray();
  w.Key("exclusions");
  WriteRules(w, d, d.exclusions, true, lang, p.exclusions, pj ? &pj->exclusions : nullptr);
  if (screened) {
    w.Key("final_award");
    AmountJson(w, screened->final_award, lang);
  }
  w.Key("input_issues");
  w.BeginArray();
  for (const auto& i : d.input_issues) {
    w.BeginObject();
    w.Member("fact", i.fact);
    w.Key("location");
    WriteLoc(w, i.loc);
    w.Member("message", i.message.Get(lang));
    w.EndObject();
  }
  w.EndArray();
  w.Member("lang", lang == Lang::kJa ? "ja" : "en");
  w.Key("missing_facts");
  w.BeginArray();
  for (uint32_t f : d.missing) {
    w.BeginObject();
    w.Member("ask", p.facts[f].ask.Get(lang));
    w.Member("name", p.facts[f].name);
    w.Member("type", TypeSpecName(p.facts[f].spec));
    w.EndObject();
  }
  w.EndArray();
  if (!d.moot.empty()) {  // unknown facts that no value of can change the outcome (or the award)
    w.Key("moot_facts");
    w.BeginArray();
    for (uint32_t f : d.moot) {
      w.BeginObject();
      w.Member("label", FactName(p.facts[f], lang, Audience::kApplicant));
      w.Member("name", p.facts[f].name);
      w.Member("type", TypeSpecName(p.facts[f].spec));
      w.EndObject();
    }
    w.EndArray();
  }
  w.Member("outcome", OutcomeName(d.outcome));
  w.Key("program");
  if (pj) w.RawValue(pj->program[LangIndex(lang)]);
  else ProgramObject(w, p, lang);
  w.Key("requirements");
  WriteRules(w, d, d.requirements, false, lang, p.requirements, pj ? &pj->requirements : nullptr);
  w.Key("score");
  w.BeginObject();
  w.Key("complete");
  w.Bool(d.score_complete);
  w.Key("items");
  w.BeginArray();
  for (const auto& s : d.scoring) {
    const ScoreJson* sj = pj ? FragmentOf(p.scoring, pj->scoring, s.rule) : nullptr;
    w.BeginObject();
    if (sj) w.RawMembers(sj->head, true);
    else ScoreHead(w, *s.rule);
    if (s.result == Tri::kTrue) Number(w, s.points);
    else w.Int(0);
    w.Member("result", TriName(s.result));
    if (sj) w.RawMembers(sj->tail[LangIndex(lang)], false);
    else ScoreTail(w, *s.rule, lang);
    w.EndObject();
  }
  w.EndArray();
  w.Key("not_counted");
  w.BeginArray();
  for (const auto& id : d.not_counted) w.String(id);
  w.EndArray();
  w.Key("total");
  Number(w, d.score);
  w.Key("voided_groups");
  w.BeginArray();
  for (const auto& g : d.voided_groups) w.String(g);
  w.EndArray();
  w.EndObject();
  w.Key("window");
  w.BeginObject();
  w.Key("from");
  if (p.window_from) w.String(FormatDate(*p.window_from));
  else w.Null();
  w.Key("open");
  w.Bool(d.window_open);
  w.Key("to");
  if (p.window_to) w.String(FormatDate(*p.window_to));
  else w.Null();
  w.EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace

std::string RenderJson(const Decision& d, Lang lang, bool pretty) { return DecisionJson(d, lang, pretty, nullptr); }

std::string RenderJson(const ProgramScreening& ps, Lang lang, bool pretty) {
  return DecisionJson(ps.decision, lang, pretty, &ps);
}

}  // namespace elig
