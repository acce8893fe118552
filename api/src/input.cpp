// SPDX-License-Identifier: Apache-2.0
// Inputs: typed binders, JSON documents, and evaluation.
#include <algorithm>
#include <cstring>

#include "capi.hpp"
#include "common/catalog.hpp"
#include "common/utf8.hpp"
#include "io/applicant_json.hpp"

using elig::capi::Guard;
using elig::capi::GuardInput;

namespace {

constexpr const char* kNullInput = "elig: the input handle is NULL";

enum class Binder : uint8_t { kInt, kDecimal, kText, kBool, kDate, kList };

const char* BinderName(Binder b) {
  switch (b) {
    case Binder::kInt: return "elig_input_set_int takes int, yen and decimal facts";
    case Binder::kDecimal: return "elig_input_set_decimal takes decimal, int and yen facts";
    case Binder::kText: return "elig_input_set_text takes text and enum facts";
    case Binder::kBool: return "elig_input_set_bool takes bool facts";
    case Binder::kDate: return "elig_input_set_date takes date facts";
    case Binder::kList: return "elig_input_set_list takes list facts";
  }
  return "";
}

bool Accepts(Binder b, elig::BaseType t) {
  using elig::BaseType;
  switch (b) {
    case Binder::kInt:
    case Binder::kDecimal: return t == BaseType::kInt || t == BaseType::kYen || t == BaseType::kDecimal;
    case Binder::kText: return t == BaseType::kText || t == BaseType::kEnum;
    case Binder::kBool: return t == BaseType::kBool;
    case Binder::kDate: return t == BaseType::kDate;
    case Binder::kList: return t == BaseType::kList;
  }
  return false;
}

// Runs `f` on the input's program, or on every program of its rules (elig_input_new_rules).
template <class F>
void EachProgram(const elig_input* in, F&& f) {
  if (in->prog) f(*in->prog);
  else
    for (const auto& p : in->set->programs()) f(*p);
}

// The declarations of fact `name` in the input's programs. None: with `explain`, the input's
// errmsg says so and suggests the nearest name (which costs an edit distance per fact: a JSON
// document's facts that no program asks for are skipped without it).
std::vector<const elig::CompiledFact*> Declarations(elig_input* in, const std::string& name, bool explain = true) {
  std::vector<const elig::CompiledFact*> out;
  EachProgram(in, [&](const elig::CompiledProgram& p) {
    int slot = p.FindFact(name);
    if (slot >= 0) out.push_back(&p.facts[static_cast<size_t>(slot)]);
  });
  if (!out.empty() || !explain) return out;
  elig::utf8::Nearest near(name);
  EachProgram(in, [&](const elig::CompiledProgram& p) {
    for (const auto& f : p.facts) near.Offer(f.name);
  });
  in->errmsg = in->prog ? "the program `" + in->prog->id + "` has no fact `" + elig::utf8::Printable(name) + "`"
                        : "no program of the rules has a fact `" + elig::utf8::Printable(name) + "`";
  if (!near.best().empty())
    in->errmsg += "; " + elig::Say(elig::Lang::kEn, elig::Msg::kDiagDidYouMean, fmt::arg("name", near.best()));
  return out;
}

void Store(elig::Applicant& applicant, const std::string& name, elig::RawValue value) {
  for (auto& f : applicant.facts)
    if (f.name == name) {
      f.value = std::move(value);
      return;
    }
  elig::RawFact f;
  f.name = name;
  f.value = std::move(value);
  applicant.facts.push_back(std::move(f));
}

// Checks `raw` against the fact exactly as evaluation will bind it: ELIG_TYPE
// for a list given for a single value (or the reverse), ELIG_VALUE otherwise.
int Check(elig_input* in, const elig::CompiledFact& fact, const elig::RawValue& raw) {
  if (raw.type == elig::RawValue::Type::kNull) return ELIG_OK;
  bool want_list = fact.spec.base == elig::BaseType::kList;
  if (want_list != (raw.type == elig::RawValue::Type::kList)) {
    in->errmsg = "`" + fact.name + "` is " + elig::TypeSpecName(fact.spec) + (want_list ? "; give a list" : "; give a single value");
    return ELIG_TYPE;
  }
  elig::FactValues scratch;
  std::string error;
  if (!elig::ParseFactValue(fact, raw, scratch, error)) {
    in->errmsg = "`" + fact.name + "`: " + error;
    return ELIG_VALUE;
  }
  return ELIG_OK;
}

// Checks `raw` against every declaration of the fact, as evaluation binds it in each program.
int CheckAll(elig_input* in, const std::vector<const elig::CompiledFact*>& decls, const elig::RawValue& raw) {
  for (const elig::CompiledFact* f : decls)
    if (int rc = Check(in, *f, raw); rc != ELIG_OK) return rc;
  return ELIG_OK;
}

int Set(elig_input* in, const char* fact, Binder binder, elig::RawValue raw) {
  auto decls = Declarations(in, fact);
  if (decls.empty()) return ELIG_UNKNOWN_FACT;
  for (const elig::CompiledFact* f : decls)
    if (!Accepts(binder, f->spec.base)) {
      in->errmsg = "`" + f->name + "` is a " + elig::TypeSpecName(f->spec) + " fact; " + BinderName(binder);
      return ELIG_TYPE;
    }
  if (int rc = CheckAll(in, decls, raw); rc != ELIG_OK) return rc;
  Store(in->applicant, fact, std::move(raw));
  return ELIG_OK;
}

// Reads a JSON applicant with the reader `elig check` uses (io/applicant_json.hpp); false
// with a message in `error`: the first problem, with its line and column when the JSON
// itself is broken.
bool ReadJson(const char* json, size_t limit, elig::Applicant& out, std::string& error) {
  size_t size = strnlen(json, limit + 1);
  if (size > limit) {
    error = "the document is larger than " + std::to_string(limit) +
            " bytes; elig_input_set_json_limit raises the limit";
    return false;
  }
  elig::SourceFile file("", std::string(json, size));
  std::vector<elig::Diagnostic> diags;
  if (elig::ParseApplicantJson(file, out, diags)) return true;
  if (diags.empty()) {
    error = "the document is not an applicant";
    return false;
  }
  const elig::Diagnostic& d = diags.front();
  error = d.code == "bad-json" || d.code == "too-deep"
              ? "line " + std::to_string(d.loc.line) + ", column " + std::to_string(d.loc.column) + ": " + d.message.Get(elig::Lang::kEn)
              : d.message.Get(elig::Lang::kEn);
  return false;
}

elig::RawValue Scalar(std::string text) {
  elig::RawValue v;
  v.type = elig::RawValue::Type::kScalar;
  v.text = std::move(text);
  v.quoted = true;
  return v;
}

}  // namespace

extern "C" {

}  // extern "C"

namespace {

int NewInput(const std::shared_ptr<const elig::RuleSet>& set, const elig::CompiledProgram* prog, elig_input** out) {
  return Guard([&] {
    auto in = std::make_unique<elig_input>();
    in->set = set;
    in->prog = prog;
    in->applicant.id = "api";
    *out = in.release();
    return ELIG_OK;
  });
}

}  // namespace

namespace elig::capi {

bool AsOf(elig_input* in, const char* text, Date& out) {
  if (!text) {
    out = in->applicant.as_of ? *in->applicant.as_of : Today();
    return true;
  }
  auto d = ParseDate(text);
  if (!d) {
    in->errmsg = "as_of `" + utf8::Printable(text) + "` is not a real date (YYYY-MM-DD)";
    return false;
  }
  out = *d;
  return true;
}

}  // namespace elig::capi

extern "C" {

int elig_input_new(const elig_program* program, elig_input** out) {
  if (out) *out = nullptr;
  if (!program || !out) return ELIG_MISUSE;
  return NewInput(program->set, program->prog, out);
}

int elig_input_new_rules(const elig_rules* rules, elig_input** out) {
  if (out) *out = nullptr;
  if (!rules || !out) return ELIG_MISUSE;
  return NewInput(rules->set, nullptr, out);
}

void elig_input_free(elig_input* input) { elig::capi::Free(input); }

const char* elig_input_errmsg(const elig_input* input) { return input ? input->errmsg.c_str() : kNullInput; }

int elig_input_clear(elig_input* input) {
  if (!input) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    input->applicant.facts.clear();
    input->applicant.as_of.reset();
    input->applicant.id = "api";
    return ELIG_OK;
  });
}

int elig_input_set_int(elig_input* input, const char* fact, int64_t value) {
  if (!input || !fact) return ELIG_MISUSE;
  return GuardInput(input, [&] { return Set(input, fact, Binder::kInt, Scalar(std::to_string(value))); });
}

int elig_input_set_decimal(elig_input* input, const char* fact, const char* value) {
  if (!input || !fact || !value) return ELIG_MISUSE;
  return GuardInput(input, [&] { return Set(input, fact, Binder::kDecimal, Scalar(value)); });
}

int elig_input_set_text(elig_input* input, const char* fact, const char* value) {
  if (!input || !fact || !value) return ELIG_MISUSE;
  return GuardInput(input, [&] { return Set(input, fact, Binder::kText, Scalar(value)); });
}

int elig_input_set_bool(elig_input* input, const char* fact, int value) {
  if (!input || !fact) return ELIG_MISUSE;
  return GuardInput(input, [&] { return Set(input, fact, Binder::kBool, Scalar(value ? "true" : "false")); });
}

int elig_input_set_date(elig_input* input, const char* fact, const char* value) {
  if (!input || !fact || !value) return ELIG_MISUSE;
  return GuardInput(input, [&] { return Set(input, fact, Binder::kDate, Scalar(value)); });
}

int elig_input_set_list(elig_input* input, const char* fact, size_t count, const char* const* items) {
  if (!input || !fact || (count && !items)) return ELIG_MISUSE;
  for (size_t i = 0; i < count; ++i)
    if (!items[i]) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    elig::RawValue list;
    list.type = elig::RawValue::Type::kList;
    for (size_t i = 0; i < count; ++i) list.items.push_back(Scalar(items[i]));
    return Set(input, fact, Binder::kList, std::move(list));
  });
}

int elig_input_set_unknown(elig_input* input, const char* fact) {
  if (!input || !fact) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    if (Declarations(input, fact).empty()) return ELIG_UNKNOWN_FACT;
    auto& facts = input->applicant.facts;
    facts.erase(std::remove_if(facts.begin(), facts.end(), [&](const elig::RawFact& f) { return f.name == fact; }),
                facts.end());
    return ELIG_OK;
  });
}

int elig_input_set_json(elig_input* input, const char* json, int flags) {
  if (!input || !json || (flags & ~ELIG_INPUT_STRICT)) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    elig::Applicant doc;
    std::string error;
    if (!ReadJson(json, input->json_limit, doc, error)) {
      input->errmsg = error;
      return ELIG_JSON;
    }
    bool strict = flags & ELIG_INPUT_STRICT;
    // Merge into a copy so that a failure leaves the input unchanged.
    elig::Applicant merged = input->applicant;
    for (auto& f : doc.facts) {
      auto decls = Declarations(input, f.name, strict);
      if (decls.empty()) {
        if (!strict) continue;  // as `elig check`: a fact no program asks for is not this program's business
        return ELIG_UNKNOWN_FACT;
      }
      if (strict)
        if (int rc = CheckAll(input, decls, f.value); rc != ELIG_OK) return rc;
      Store(merged, f.name, std::move(f.value));
    }
    if (doc.as_of) merged.as_of = doc.as_of;
    if (!doc.id.empty()) merged.id = doc.id;
    input->applicant = std::move(merged);
    return ELIG_OK;
  });
}

int elig_input_set_json_limit(elig_input* input, size_t max_bytes) {
  if (!input || max_bytes == 0) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    input->json_limit = max_bytes;
    return ELIG_OK;
  });
}

int elig_evaluate(const elig_program* program, elig_input* input, const char* as_of, int flags, elig_decision** out) {
  if (out) *out = nullptr;
  if (!program || !input || !out || (flags & ~(ELIG_EVAL_NO_TRACE | ELIG_EVAL_AUDIT))) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    if (input->prog ? input->prog != program->prog : input->set != program->set) {
      input->errmsg = input->prog ? "the input was made for the program `" + input->prog->id + "`, not `" + program->prog->id + "`"
                                  : "the input was made for other rules than the program `" + program->prog->id + "`";
      return ELIG_MISUSE;
    }
    elig::Date date;
    if (!elig::capi::AsOf(input, as_of, date)) return ELIG_VALUE;
    // Bound in a shared place: the decision's values point into these facts.
    auto bound = std::make_shared<elig::FactValues>(elig::Bind(*program->prog, input->applicant));
    elig::ScreenOptions options;
    options.as_of = date;
    // An audited decision keeps its reasons: the log stores the explanation.
    bool trace = !(flags & ELIG_EVAL_NO_TRACE) || (flags & ELIG_EVAL_AUDIT);
    options.path = trace ? elig::ScreenPath::kReasons : elig::ScreenPath::kRules;
    elig::ScreenScratch scratch;
    elig::Screening screening;
    elig::Screen({program->prog}, bound.get(), options, scratch, screening);
    auto dec = elig::capi::NewDecision(program->set, std::move(screening.programs.front()), bound);
    if (flags & ELIG_EVAL_AUDIT) {
      // Logged before it is returned: a decision the log could not keep is not given out.
      int rc = program->audit ? elig::capi::AuditAppend(*program->audit, *program->set, dec->decision, input->applicant,
                                                        input->errmsg)
                              : ELIG_MISUSE;
      if (rc != ELIG_OK) return rc;
    }
    *out = dec.release();
    return ELIG_OK;
  });
}

}  // extern "C"
