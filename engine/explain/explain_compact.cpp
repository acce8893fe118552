// SPDX-License-Identifier: Apache-2.0
// The compact decision JSON (docs/json.md, "Compact explanation"): every value a
// decision holds, and none of the texts its program holds. A reason is its site's index
// in the program (CompiledProgram::reason_sites) with the values compared; rules are
// given in the program's order. ReadCompactJson rebuilds the Decision, so the full JSON
// and the text are rendered from it exactly as from the decision itself
// (tests/test_explain_compact.cpp holds them byte for byte).
#include <charconv>
#include <climits>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/catalog.hpp"
#include "common/json_depth.hpp"
#include "explain/explain.hpp"
#include "explain/json_writer.hpp"

namespace elig {

namespace {

constexpr std::string_view kFormat = "elig-compact-1";

// Pieces written through a raw pointer into room reserved beforehand: numbers, dates,
// results and the literal punctuation of the shape, whose length is bounded.
template <size_t N>
char* Put(char* p, const char (&s)[N]) {
  std::memcpy(p, s, N - 1);
  return p + N - 1;
}
// A whole number. It writes 20 bytes whatever its length (one fixed-size copy, no length
// to work out first) and returns the end of its digits: callers reserve for 20.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
char* PutInt(char* p, int64_t v) {
  if (v >= 0 && v < 100) {  // sites, small counts: most of the numbers written
    if (v < 10) {
      *p = static_cast<char>('0' + v);
      return p + 1;
    }
    std::memcpy(p, kDigitPairs + 2 * v, 2);
    return p + 2;
  }
  char tmp[40];
  char* end = tmp + 20;
  char* q = end;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (u > UINT32_MAX) {
    q -= 2;
    std::memcpy(q, kDigitPairs + 2 * (u % 100), 2);
    u /= 100;
  }
  // Below 2^32 (most amounts of money): 32-bit division, which is cheaper.
  auto w = static_cast<uint32_t>(u);
  while (w >= 100) {
    q -= 2;
    std::memcpy(q, kDigitPairs + 2 * (w % 100), 2);
    w /= 100;
  }
  if (w >= 10) {
    q -= 2;
    std::memcpy(q, kDigitPairs + 2 * w, 2);
  } else {
    *--q = static_cast<char>('0' + w);
  }
  if (v < 0) *--q = '-';
  std::memcpy(p, q, 20);  // q >= tmp, q + 20 <= tmp + 40
  return p + (end - q);
}
char* PutTri(char* p, Tri t) {
  switch (t) {
    case Tri::kFalse: return Put(p, "\"false\"");
    case Tri::kTrue: return Put(p, "\"true\"");
    case Tri::kUnknown: return Put(p, "\"unknown\"");
    case Tri::kError: break;
  }
  return Put(p, "\"error\"");
}
char* PutBool(char* p, bool b) { return b ? Put(p, "true") : Put(p, "false"); }
// "t:n" or "t:n/d" in quotes: exact, never a float. At most 45 bytes.
char* PutTaggedRational(char* p, char tag, const Rational& r) {
  *p++ = '"';
  *p++ = tag;
  *p++ = ':';
  p = PutInt(p, r.num());
  if (!r.IsInteger()) {
    *p++ = '/';
    p = PutInt(p, r.den());
  }
  *p++ = '"';
  return p;
}
// A plain number (a score, points, an award): whole as a JSON number, else "q:n/d".
char* PutNumber(char* p, const Rational& r) { return r.IsInteger() ? PutInt(p, r.num()) : PutTaggedRational(p, 'q', r); }
char* PutDate(char* p, Date d) {  // at most 24 bytes
  // The same day again (every decision of a batch has its as_of): the digits of last time.
  thread_local int32_t last_days = INT32_MIN;
  thread_local char last[24];
  thread_local size_t last_size = 0;
  if (d.days != last_days) {
    last_size = static_cast<size_t>(WriteDate(d, last) - last);
    last_days = d.days;
  }
  std::memcpy(p, last, sizeof last);  // one fixed-size copy: callers reserve for 24
  return p + last_size;
}
// Values whose JSON has a bound on its length (kMaxBounded): all but texts and lists.
constexpr size_t kMaxBounded = 48;
bool Bounded(const Value& v) { return v.kind != VKind::kText && v.kind != VKind::kList && v.kind != VKind::kRecord; }
char* PutBounded(char* p, const Value& v) {
  switch (v.kind) {
    case VKind::kBool: return PutBool(p, v.b);
    case VKind::kNumber: return v.yen ? PutTaggedRational(p, 'y', v.num) : PutNumber(p, v.num);
    case VKind::kDate:
      p = Put(p, "\"d:");
      p = PutDate(p, Date{v.i});
      *p++ = '"';
      return p;
    case VKind::kEnum:
      p = Put(p, "\"e:");
      p = PutInt(p, v.i);
      *p++ = '"';
      return p;
    case VKind::kError: return Put(p, "\"!\"");
    case VKind::kUnknown:
    case VKind::kText:
    case VKind::kList:
    case VKind::kRecord: break;
  }
  return Put(p, "null");
}

// Writes the compact JSON straight into a buffer: its shape is fixed, so the commas
// are known where they go and no writer state is kept.
class CompactWriter {
 public:
  explicit CompactWriter(JsonBuffer& b) : b_(b) {}

  template <size_t N>
  void Lit(const char (&s)[N]) {
    b_.Commit(Put(b_.Reserve(N), s));
  }
  void Char(char c) { b_ += c; }
  void Int(int64_t v) { b_.Commit(PutInt(b_.Reserve(20), v)); }
  void Number(const Rational& r) { b_.Commit(PutNumber(b_.Reserve(kMaxBounded), r)); }
  void Bool(bool v) { b_.Commit(PutBool(b_.Reserve(5), v)); }
  void Date(elig::Date d) { b_.Commit(PutDate(b_.Reserve(24), d)); }
  void Str(std::string_view s) { WriteJsonString(b_, s); }

  void Value(const elig::Value& v) {
    if (Bounded(v)) {
      b_.Commit(PutBounded(b_.Reserve(kMaxBounded), v));
    } else if (v.kind == VKind::kText) {
      WriteJsonString(b_, v.text ? std::string_view(*v.text) : std::string_view(), "t:");
    } else {
      Char('[');
      if (v.list)
        for (size_t k = 0; k < v.list->items.size(); ++k) {
          if (k) Char(',');
          Value(v.list->items[k]);
        }
      Char(']');
    }
  }

  // [site, result, left, right(, hint)]
  void Reason(const CompiledProgram& prog, const elig::Reason& r, bool first) {
    const bool bounded = Bounded(r.left) && Bounded(r.right) && (!r.hint || Bounded(*r.hint));
    char* p = b_.Reserve(32 + 3 * kMaxBounded);
    if (!first) *p++ = ',';
    *p++ = '[';
    p = PutInt(p, r.s - prog.ReasonSites().data());
    *p++ = ',';
    p = PutTri(p, r.result);
    *p++ = ',';
    if (bounded) {  // the usual case: the whole reason through the pointer
      p = PutBounded(p, r.left);
      *p++ = ',';
      p = PutBounded(p, r.right);
      if (r.hint) {
        *p++ = ',';
        p = PutBounded(p, *r.hint);
      }
      *p++ = ']';
      b_.Commit(p);
      return;
    }
    b_.Commit(p);
    Value(r.left);
    Char(',');
    Value(r.right);
    if (r.hint) {
      Char(',');
      Value(*r.hint);
    }
    Char(']');
  }

  // [result, [reason…]] then, only when not their defaults, points, missing facts, error.
  void Rule(const CompiledProgram& p, const RuleResult& rr, bool first) {
    char* at = b_.Reserve(16);
    if (!first) *at++ = ',';
    *at++ = '[';
    at = PutTri(at, rr.result);
    b_.Commit(Put(at, ",["));
    for (size_t k = 0; k < rr.reasons.size(); ++k) Reason(p, rr.reasons[k], k == 0);
    Char(']');
    if (rr.points != Rational(0) || !rr.missing.empty() || !rr.error.empty()) {
      Char(',');
      Number(rr.points);
      if (!rr.missing.empty() || !rr.error.empty()) {
        Char(',');
        Names(p, rr.missing);
        if (!rr.error.empty()) {
          Char(',');
          Str(rr.error);
        }
      }
    }
    Char(']');
  }
  void Rules(const CompiledProgram& p, const std::vector<RuleResult>& rules) {
    for (size_t k = 0; k < rules.size(); ++k) Rule(p, rules[k], k == 0);
    Char(']');
  }
  void Names(const CompiledProgram& p, const std::vector<uint32_t>& facts) {
    Char('[');
    for (size_t k = 0; k < facts.size(); ++k) {
      if (k) Char(',');
      Str(p.facts[facts[k]].name);
    }
    Char(']');
  }
  void Strings(const std::vector<std::string>& items) {
    for (size_t k = 0; k < items.size(); ++k) {
      if (k) Char(',');
      Str(items[k]);
    }
    Char(']');
  }

 private:
  JsonBuffer& b_;
};

}  // namespace

void AppendCompactJson(const Decision& d, std::string& out) {
  const CompiledProgram& p = *d.program;
  thread_local JsonBuffer buffer;
  buffer.resize(0);
  CompactWriter w(buffer);
  // The first members name the program: written once per program and thread, then copied.
  thread_local uint64_t head_serial = 0;
  thread_local const CompiledProgram* head_program = nullptr;
  thread_local JsonBuffer head;
  if (head_program != &p || head_serial != p.serial || p.serial == 0) {
    head.resize(0);
    CompactWriter h(head);
    head.append("{\"format\":\"");
    head.append(kFormat);
    h.Lit("\",\"program\":");
    h.Str(p.id);
    h.Lit(",\"version\":");
    h.Str(p.version);
    head_program = &p;
    head_serial = p.serial;
  }
  buffer.append(head.view());
  w.Lit(",\"as_of\":\"");
  w.Date(d.as_of);
  switch (d.outcome) {
    case Outcome::kEligible: w.Lit("\",\"outcome\":\"eligible\",\"window_open\":"); break;
    case Outcome::kIneligible: w.Lit("\",\"outcome\":\"ineligible\",\"window_open\":"); break;
    case Outcome::kUndetermined: w.Lit("\",\"outcome\":\"undetermined\",\"window_open\":"); break;
    case Outcome::kClosed: w.Lit("\",\"outcome\":\"closed\",\"window_open\":"); break;
  }
  w.Bool(d.window_open);
  w.Lit(",\"requirements\":[");
  w.Rules(p, d.requirements);
  w.Lit(",\"exclusions\":[");
  w.Rules(p, d.exclusions);
  w.Lit(",\"scoring\":[");
  w.Rules(p, d.scoring);
  w.Lit(",\"score\":");
  w.Number(d.score);
  w.Lit(",\"score_complete\":");
  w.Bool(d.score_complete);
  if (!d.voided_groups.empty()) {
    w.Lit(",\"voided_groups\":[");
    w.Strings(d.voided_groups);
  }
  if (!d.not_counted.empty()) {
    w.Lit(",\"not_counted\":[");
    w.Strings(d.not_counted);
  }
  w.Lit(",\"award\":");
  if (d.award) w.Number(*d.award);
  else w.Lit("null");
  if (!d.award_error.empty()) {
    w.Lit(",\"award_error\":");
    w.Str(d.award_error);
  }
  if (!d.missing.empty()) {
    w.Lit(",\"missing_facts\":");
    w.Names(p, d.missing);
  }
  if (!d.moot.empty()) {
    w.Lit(",\"moot_facts\":");
    w.Names(p, d.moot);
  }
  if (!d.input_issues.empty()) {
    w.Lit(",\"input_issues\":[");
    for (size_t k = 0; k < d.input_issues.size(); ++k) {
      const InputIssue& i = d.input_issues[k];
      if (k) w.Char(',');
      w.Char('[');
      w.Str(i.fact);
      w.Char(',');
      w.Str(i.message.en);
      w.Char(',');
      w.Str(i.loc.file);
      w.Char(',');
      w.Int(i.loc.line);
      w.Char(',');
      w.Int(i.loc.column);
      // The Japanese after the place, so that a reader of five elements reads the English.
      if (!i.message.ja.empty() && i.message.ja != i.message.en) {
        w.Char(',');
        w.Str(i.message.ja);
      }
      w.Char(']');
    }
    w.Char(']');
  }
  if (!d.errors.empty()) {
    w.Lit(",\"errors\":[");
    w.Strings(d.errors);
  }
  w.Char('}');
  out.append(buffer.view());
}

std::string RenderCompactJson(const Decision& d) {
  std::string out;
  AppendCompactJson(d, out);
  return out;
}

// ---- reading it back ----

namespace {

using nlohmann::json;

// Where a compact JSON is wrong: thrown inside the reader, caught at its entry.
struct Bad {
  LocalText what;
};

// The catalog's phrase `id` as a Bad, in both languages.
template <class... Args>
Bad Fault(Msg id, const Args&... args) {
  return Bad{SayBoth(id, args...)};
}
// (fmt::arg keeps a reference to its value: `where` must outlive the phrase made with it.)
auto Where(const std::string& where) { return fmt::arg("where", where); }

// Deeper than any decision nests (lists in lists are the deepest part), and shallow
// enough that the recursive parser cannot exhaust the stack on hostile input.
constexpr size_t kMaxDepth = 32;

void CheckDepth(std::string_view text) {
  if (JsonTooDeep(text, kMaxDepth)) throw Fault(Msg::kCompactTooDeep, fmt::arg("max", kMaxDepth));
}

class Reader {
 public:
  Reader(const CompiledProgram& p, CompactDecision& out) : p_(p), out_(out) {}

  void Read(const json& j) {
    if (!j.is_object()) throw Fault(Msg::kCompactNotObject);
    if (Str(j, "format") != kFormat) throw Fault(Msg::kCompactWrongFormat, fmt::arg("got", Str(j, "format")), fmt::arg("want", kFormat));
    if (Str(j, "program") != p_.id)
      throw Fault(Msg::kCompactOtherProgram, fmt::arg("got", Str(j, "program")), fmt::arg("program", p_.id));
    if (Str(j, "version") != p_.version)
      throw Fault(Msg::kCompactOtherVersion, fmt::arg("got", Str(j, "version")), fmt::arg("program", p_.id),
                  fmt::arg("version", p_.version));
    Decision& d = out_.decision;
    d = Decision{};
    d.program = &p_;
    auto date = ParseDate(Str(j, "as_of"));
    if (!date) throw Fault(Msg::kCompactNotDate, fmt::arg("key", "as_of"));
    d.as_of = *date;
    d.outcome = OutcomeOf(Str(j, "outcome"));
    d.window_open = Bool(j, "window_open");
    Rules(At(j, "requirements"), "requirements", p_.requirements, d.requirements);
    Rules(At(j, "exclusions"), "exclusions", p_.exclusions, d.exclusions);
    Rules(At(j, "scoring"), "scoring", p_.scoring, d.scoring);
    d.score = Num(At(j, "score"), "score");
    d.score_complete = Bool(j, "score_complete");
    d.voided_groups = Strings(j, "voided_groups");
    d.not_counted = Strings(j, "not_counted");
    const json& award = At(j, "award");
    if (!award.is_null()) d.award = Num(award, "award");
    if (j.contains("award_error")) d.award_error = Str(j, "award_error");
    if (j.contains("missing_facts")) d.missing = Facts(At(j, "missing_facts"), "missing_facts");
    if (j.contains("moot_facts")) d.moot = Facts(At(j, "moot_facts"), "moot_facts");
    if (j.contains("input_issues")) {
      const json& issues = At(j, "input_issues");
      if (!issues.is_array()) throw Fault(Msg::kCompactNotArray, fmt::arg("key", "input_issues"));
      for (const json& i : issues) {
        if (!i.is_array() || (i.size() != 5 && i.size() != 6) || !i[0].is_string() || !i[1].is_string() ||
            !i[2].is_string() || !i[3].is_number_unsigned() || !i[4].is_number_unsigned() ||
            (i.size() == 6 && !i[5].is_string()))
          throw Fault(Msg::kCompactBadIssue);
        InputIssue issue;
        issue.fact = i[0].get<std::string>();
        issue.message.en = i[1].get<std::string>();
        issue.loc.file = i[2].get<std::string>();
        issue.loc.line = Narrow(i[3], "input_issues");
        issue.loc.column = Narrow(i[4], "input_issues");
        if (i.size() == 6) issue.message.ja = i[5].get<std::string>();
        d.input_issues.push_back(std::move(issue));
      }
    }
    d.errors = Strings(j, "errors");
    Consistent(d);
  }

 private:
  // What elig decides follows from the rules' results: a decision that says otherwise was
  // edited or damaged, and rendering it would explain an answer elig never gave.
  void Consistent(const Decision& d) const {
    auto contradiction = [](const LocalText& what) { return Fault(Msg::kCompactContradicts, fmt::arg("what", what)); };
    const char* const outcome_name = OutcomeName(d.outcome);
    auto outcome = fmt::arg("outcome", outcome_name);
    bool open = (!p_.window_from || *p_.window_from <= d.as_of) && (!p_.window_to || d.as_of <= *p_.window_to);
    if (d.window_open != open)
      throw contradiction(SayBoth(open ? Msg::kCompactClosedButInside : Msg::kCompactOpenButOutside,
                                  fmt::arg("date", FormatDate(d.as_of))));
    if ((d.outcome == Outcome::kClosed) != !open)
      throw contradiction(SayBoth(open ? Msg::kCompactOutcomeButOpen : Msg::kCompactOutcomeButClosed, outcome));
    LocalText failed, unsettled;
    auto note = [&](const std::vector<RuleResult>& results, Tri refuses, Msg refused, Msg open_result) {
      for (const auto& rr : results) {
        if (rr.result == refuses && failed.Empty()) failed = SayBoth(refused, fmt::arg("id", rr.rule->id));
        if ((rr.result == Tri::kUnknown || rr.result == Tri::kError) && unsettled.Empty())
          unsettled = SayBoth(open_result, fmt::arg("id", rr.rule->id), fmt::arg("result", TriName(rr.result)));
      }
    };
    note(d.requirements, Tri::kFalse, Msg::kCompactRequirementFails, Msg::kCompactRequirementIs);
    note(d.exclusions, Tri::kTrue, Msg::kCompactExclusionApplies, Msg::kCompactExclusionIs);
    // A score that errs, or whose unknown items may yet err once their facts are given
    // (eval/settle.hpp), leaves an applicant who meets every rule undetermined.
    bool score_error = !d.score_complete;
    if (open) {
      Outcome want = !failed.Empty() ? Outcome::kIneligible : !unsettled.Empty() ? Outcome::kUndetermined : Outcome::kEligible;
      bool ok = d.outcome == want || (want == Outcome::kEligible && d.outcome == Outcome::kUndetermined && score_error);
      if (!ok) {
        LocalText why = !failed.Empty()     ? failed
                        : !unsettled.Empty() ? SayBoth(Msg::kCompactNothingFails, fmt::arg("why", unsettled))
                                             : SayBoth(Msg::kCompactAllHold);
        throw contradiction(SayBoth(Msg::kCompactOutcomeBut, outcome, fmt::arg("why", why)));
      }
    }
    if (!failed.Empty() && !(d.award && *d.award == Rational(0)) && (d.award || p_.award >= 0 || !p_.benefit))
      throw contradiction(SayBoth(Msg::kCompactRefusedAward, fmt::arg("why", failed)));
    if (d.award && Rational::Compare(*d.award, Rational(0)) < 0)
      throw contradiction(SayBoth(Msg::kCompactAwardBelowZero, fmt::arg("award", d.award->ToString())));
    if (d.award && !d.award_error.empty()) throw contradiction(SayBoth(Msg::kCompactAwardAndError));
    if (d.score_complete) {
      Rational sum;
      for (const auto& rr : d.scoring) {
        if (rr.result != Tri::kTrue) continue;
        if (std::find(d.not_counted.begin(), d.not_counted.end(), rr.rule->id) != d.not_counted.end()) continue;
        auto next = Rational::Add(sum, rr.points);
        if (!next) throw contradiction(SayBoth(Msg::kCompactPointsOverflow));
        sum = *next;
      }
      if (!d.voided_groups.empty()) sum = Rational(0);
      if (!(sum == d.score))
        throw contradiction(
            SayBoth(Msg::kCompactScoreSum, fmt::arg("score", d.score.ToString()), fmt::arg("sum", sum.ToString())));
    }
  }

  static const json& At(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) throw Fault(Msg::kCompactMissing, fmt::arg("key", key));
    return *it;
  }
  static std::string Str(const json& j, const char* key) {
    const json& v = At(j, key);
    if (!v.is_string()) throw Fault(Msg::kCompactNotString, fmt::arg("key", key));
    return v.get<std::string>();
  }
  static bool Bool(const json& j, const char* key) {
    const json& v = At(j, key);
    if (!v.is_boolean()) throw Fault(Msg::kCompactNotBool, fmt::arg("key", key));
    return v.get<bool>();
  }
  static uint32_t Narrow(const json& v, const char* what) {
    uint64_t n = v.get<uint64_t>();
    if (n > UINT32_MAX) throw Fault(Msg::kCompactOutOfRange, fmt::arg("where", what));
    return static_cast<uint32_t>(n);
  }
  static std::vector<std::string> Strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.contains(key)) return out;
    const json& v = At(j, key);
    if (!v.is_array()) throw Fault(Msg::kCompactNotArray, fmt::arg("key", key));
    for (const json& s : v) {
      if (!s.is_string()) throw Fault(Msg::kCompactNotTexts, fmt::arg("key", key));
      out.push_back(s.get<std::string>());
    }
    return out;
  }
  static Outcome OutcomeOf(const std::string& s) {
    for (Outcome o : {Outcome::kEligible, Outcome::kIneligible, Outcome::kUndetermined, Outcome::kClosed})
      if (s == OutcomeName(o)) return o;
    throw Fault(Msg::kCompactNoOutcome, fmt::arg("got", s));
  }
  static Tri TriOf(const json& v, const std::string& where) {
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      for (Tri t : {Tri::kFalse, Tri::kTrue, Tri::kUnknown, Tri::kError})
        if (s == TriName(t)) return t;
    }
    throw Fault(Msg::kCompactNotTri, Where(where));
  }
  // "n" or "n/d", exact.
  static Rational RationalText(std::string_view s, const std::string& where) {
    auto slash = s.find('/');
    int64_t num = 0, den = 1;
    auto whole = [&](std::string_view t, int64_t& v) {
      auto r = std::from_chars(t.data(), t.data() + t.size(), v);
      return !t.empty() && r.ec == std::errc() && r.ptr == t.data() + t.size();
    };
    bool ok = slash == std::string_view::npos ? whole(s, num) : whole(s.substr(0, slash), num) && whole(s.substr(slash + 1), den);
    std::optional<Rational> r;
    if (ok) r = Rational::Make(num, den);
    if (!r) throw Fault(Msg::kCompactNotExact, Where(where), fmt::arg("text", s));
    return *r;
  }
  static Rational Num(const json& v, const std::string& where) {
    if (v.is_number_integer()) {
      // INT64_MIN is outside what a Rational holds (Rational::Make refuses it).
      std::optional<Rational> r;
      if (!v.is_number_unsigned() || v.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX))
        r = Rational::Make(v.get<int64_t>(), 1);
      if (!r) throw Fault(Msg::kCompactOutOfRange, Where(where));
      return *r;
    }
    if (v.is_string()) {
      std::string_view s = v.get_ref<const std::string&>();
      if (s.size() > 2 && s.substr(0, 2) == "q:") return RationalText(s.substr(2), where);
    }
    throw Fault(Msg::kCompactNotNumber, Where(where));
  }

  // `records`: the value is a list of records (its site reads a `list[record]` fact), each
  // written as the array of its fields; read back, each is a record again.
  Value ValueOf(const json& v, const std::string& where, bool records = false) {
    switch (v.type()) {
      case json::value_t::null: return Value::Unknown();
      case json::value_t::boolean: return Value::Bool(v.get<bool>());
      case json::value_t::number_integer:
      case json::value_t::number_unsigned: return Value::Number(Num(v, where));
      case json::value_t::array: {
        ValueList& list = out_.storage.lists.emplace_back();
        for (const json& item : v) {
          Value x = ValueOf(item, where);
          if (records && x.kind == VKind::kList) x.kind = VKind::kRecord;
          list.items.push_back(x);
        }
        return Value::List(&list);
      }
      case json::value_t::string: {
        std::string_view s = v.get_ref<const std::string&>();
        if (s == "!") return Value::Error();
        if (s.size() >= 2 && s[1] == ':') {
          std::string_view body = s.substr(2);
          switch (s[0]) {
            case 'y': return Value::Number(RationalText(body, where), true);
            case 'q': return Value::Number(RationalText(body, where));
            case 't': return Value::Text(&out_.storage.texts.emplace_back(body));
            case 'd':
              if (auto date = ParseDate(body)) return Value::OfDate(*date);
              break;
            case 'e': {
              int32_t i = 0;
              auto r = std::from_chars(body.data(), body.data() + body.size(), i);
              if (!body.empty() && r.ec == std::errc() && r.ptr == body.data() + body.size() && i >= 0) return Value::Enum(i);
              break;
            }
            default: break;
          }
        }
        throw Fault(Msg::kCompactNotValueText, Where(where), fmt::arg("text", s));
      }
      default: break;
    }
    throw Fault(Msg::kCompactNotValue, Where(where));
  }

  std::vector<uint32_t> Facts(const json& v, const std::string& where) {
    if (!v.is_array()) throw Fault(Msg::kCompactFactsNotArray, Where(where));
    std::vector<uint32_t> out;
    for (const json& name : v) {
      int slot = name.is_string() ? p_.FindFact(name.get<std::string>()) : -1;
      if (slot < 0) throw Fault(Msg::kCompactNotFact, Where(where), fmt::arg("name", name.dump()), fmt::arg("program", p_.id));
      out.push_back(static_cast<uint32_t>(slot));
    }
    return out;
  }

  void Rules(const json& v, const char* key, const std::vector<CompiledRule>& rules, std::vector<RuleResult>& out) {
    if (!v.is_array() || v.size() != rules.size())
      throw Fault(Msg::kCompactRuleCount, fmt::arg("key", key), fmt::arg("n", rules.size()));
    out.resize(rules.size());
    for (size_t k = 0; k < rules.size(); ++k) {
      const json& r = v[k];
      const std::string where = std::string(key) + " `" + rules[k].id + "`";
      if (!r.is_array() || r.size() < 2 || r.size() > 5 || !r[1].is_array())
        throw Fault(Msg::kCompactRuleShape, Where(where));
      RuleResult& rr = out[k];
      rr.rule = &rules[k];
      rr.result = TriOf(r[0], where);
      for (const json& reason : r[1]) {
        if (!reason.is_array() || reason.size() < 4 || reason.size() > 5 || !reason[0].is_number_integer())
          throw Fault(Msg::kCompactReasonShape, Where(where));
        int64_t site = reason[0].get<int64_t>();
        if (site < 0 || static_cast<uint64_t>(site) >= p_.ReasonSites().size())
          throw Fault(Msg::kCompactReasonSite, Where(where), fmt::arg("site", site));
        // Read in order, so a reason with several bad members is refused for its first
        // (a function's arguments are evaluated in no set order).
        const ReasonSite& at = p_.ReasonSites()[static_cast<size_t>(site)];
        Tri result = TriOf(reason[1], where);
        Value left = ValueOf(reason[2], where, at.fact_read && at.fact_record);
        Value right = ValueOf(reason[3], where);
        Reason& x = rr.reasons.emplace_back(&at, result, left, right);
        if (reason.size() == 5) x.hint = ValueOf(reason[4], where);
      }
      if (r.size() > 2) rr.points = Num(r[2], where);
      if (r.size() > 3) rr.missing = Facts(r[3], where);
      if (r.size() > 4) {
        if (!r[4].is_string()) throw Fault(Msg::kCompactErrorNotText, Where(where));
        rr.error = r[4].get<std::string>();
      }
    }
  }

  const CompiledProgram& p_;
  CompactDecision& out_;
};

}  // namespace

bool ReadCompactJson(const CompiledProgram& prog, std::string_view compact, CompactDecision& out, std::string& error,
                     Lang lang) {
  try {
    CheckDepth(compact);
    json j = json::parse(compact);
    out.storage = FactValues{};
    Reader(prog, out).Read(j);
    return true;
  } catch (const Bad& bad) {
    error = Say(lang, Msg::kCompactNotOf, fmt::arg("program", prog.id), fmt::arg("why", bad.what));
  } catch (const json::exception& e) {
    error = Say(lang, Msg::kCompactNotJson, fmt::arg("error", e.what()));
  }
  return false;
}

}  // namespace elig
