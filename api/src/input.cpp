// SPDX-License-Identifier: Apache-2.0
// Inputs: typed binders, JSON documents, and evaluation.
#include <algorithm>
#include <cstring>

#include "capi.hpp"
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

// The fact's slot, or -1 with a message that suggests the nearest name.
int FindFact(elig_input* in, const std::string& name) {
  int slot = in->prog->FindFact(name);
  if (slot >= 0) return slot;
  elig::utf8::Nearest near(name);
  for (const auto& f : in->prog->facts) near.Offer(f.name);
  in->errmsg = "the program `" + in->prog->id + "` has no fact `" + elig::utf8::Printable(name) + "`";
  if (!near.best().empty()) in->errmsg += "; " + near.Help();
  return -1;
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

int Set(elig_input* in, const char* fact, Binder binder, elig::RawValue raw) {
  int slot = FindFact(in, fact);
  if (slot < 0) return ELIG_UNKNOWN_FACT;
  const elig::CompiledFact& f = in->prog->facts[static_cast<size_t>(slot)];
  if (!Accepts(binder, f.spec.base)) {
    in->errmsg = "`" + f.name + "` is a " + elig::TypeSpecName(f.spec) + " fact; " + BinderName(binder);
    return ELIG_TYPE;
  }
  if (int rc = Check(in, f, raw); rc != ELIG_OK) return rc;
  Store(in->applicant, f.name, std::move(raw));
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

int elig_input_new(const elig_program* program, elig_input** out) {
  if (out) *out = nullptr;
  if (!program || !out) return ELIG_MISUSE;
  return Guard([&] {
    auto in = std::make_unique<elig_input>();
    in->set = program->set;
    in->prog = program->prog;
    in->applicant.id = "api";
    *out = in.release();
    return ELIG_OK;
  });
}

void elig_input_free(elig_input* input) {
  try {
    delete input;
  } catch (...) {
  }
}

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
    if (FindFact(input, fact) < 0) return ELIG_UNKNOWN_FACT;
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
      int slot = input->prog->FindFact(f.name);
      if (slot < 0) {
        if (!strict) continue;  // as `elig check`: a fact no program asks for is not this program's business
        FindFact(input, f.name);
        return ELIG_UNKNOWN_FACT;
      }
      if (strict)
        if (int rc = Check(input, input->prog->facts[static_cast<size_t>(slot)], f.value); rc != ELIG_OK) return rc;
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
    if (input->prog != program->prog) {
      input->errmsg = "the input was made for the program `" + input->prog->id + "`, not `" + program->prog->id + "`";
      return ELIG_MISUSE;
    }
    elig::Date date;
    if (as_of) {
      auto d = elig::ParseDate(as_of);
      if (!d) {
        input->errmsg = "as_of `" + elig::utf8::Printable(as_of) + "` is not a real date (YYYY-MM-DD)";
        return ELIG_VALUE;
      }
      date = *d;
    } else {
      date = input->applicant.as_of ? *input->applicant.as_of : elig::Today();
    }
    auto dec = std::make_unique<elig_decision>();
    dec->set = program->set;
    // Bound in place: the decision's values point into these facts.
    dec->facts = elig::Bind(*program->prog, input->applicant);
    elig::ScreenOptions options;
    options.as_of = date;
    // An audited decision keeps its reasons: the log stores the explanation.
    bool trace = !(flags & ELIG_EVAL_NO_TRACE) || (flags & ELIG_EVAL_AUDIT);
    options.path = trace ? elig::ScreenPath::kReasons : elig::ScreenPath::kRules;
    elig::ScreenScratch scratch;
    elig::Screening screening;
    elig::Screen({program->prog}, &dec->facts, options, scratch, screening);
    dec->decision = std::move(screening.programs.front().decision);
    if (const auto& final_award = screening.programs.front().final_award) dec->final_award = final_award->ToString();
    if (flags & ELIG_EVAL_AUDIT) {
      // Logged before it is returned: a decision the log could not keep is not given out.
      int rc = program->audit ? elig::capi::AuditAppend(*program->audit, *program->set, dec->decision, input->applicant,
                                                        input->errmsg)
                              : ELIG_MISUSE;
      if (rc != ELIG_OK) return rc;
    }
    dec->as_of = elig::FormatDate(date);
    dec->score = dec->decision.score.ToString();
    if (dec->decision.award) dec->award = dec->decision.award->ToString();
    *out = dec.release();
    return ELIG_OK;
  });
}

}  // extern "C"
