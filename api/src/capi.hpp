// SPDX-License-Identifier: Apache-2.0
// The handles behind elig.h and the guard every entry point runs in, so that
// no C++ exception ever crosses the C API.
#pragma once

#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "compile/ruleset.hpp"
#include "elig.h"
#include "eval/decision.hpp"
#include "eval/input.hpp"
#include "eval/screen.hpp"

namespace elig::capi {
struct AuditSink;  // audit.cpp: the log elig_rules_audit_open attaches
}

// A program, input or decision shares ownership of its rule set, so a host may
// free handles in any order (garbage-collected bindings cannot promise one).
struct elig_rules {
  std::shared_ptr<const elig::RuleSet> set;
  std::shared_ptr<elig::capi::AuditSink> audit;  // shared with its programs and inputs
  std::string errmsg;
  std::string issues_text;
};

struct elig_program {
  std::shared_ptr<const elig::RuleSet> set;
  std::shared_ptr<elig::capi::AuditSink> audit;
  const elig::CompiledProgram* prog = nullptr;
  std::vector<std::string> type_names;  // per fact, for elig_program_fact
};

struct elig_input {
  std::shared_ptr<const elig::RuleSet> set;
  const elig::CompiledProgram* prog = nullptr;
  // Raw facts in the order first given, bound at evaluation exactly as `elig check`
  // binds an applicant file, so both give the same decision.
  elig::Applicant applicant;
  std::string errmsg;
  // The largest document elig_input_set_json reads, as `elig check` limits an applicant file.
  size_t json_limit = 1024 * 1024;
};

struct elig_decision {
  std::shared_ptr<const elig::RuleSet> set;
  elig::FactValues facts;  // the decision's values point into it: never moved after Decide
  elig::Decision decision;
  std::string as_of, score, award;
  std::optional<std::string> final_award;  // after 併給制限 (the program alone): nullopt when not determinable
  std::string json[2][2];  // [lang][pretty], rendered on first request
  std::string compact_json;  // ELIG_JSON_COMPACT_DECISION, rendered on first request
  std::string text[2];
};

namespace elig::capi {

// Runs `body`; turns any escaping exception into a result code.
template <class F>
int Guard(F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return ELIG_NOMEM;
  } catch (...) {
    return ELIG_INTERNAL;
  }
}

// The same for calls on an input: the error text lands in the input.
template <class F>
int GuardInput(elig_input* in, F&& body) noexcept {
  try {
    in->errmsg.clear();
    return body();
  } catch (const std::bad_alloc&) {
    try {
      in->errmsg = "out of memory";
    } catch (...) {
    }
    return ELIG_NOMEM;
  } catch (const std::exception& e) {
    try {
      in->errmsg = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    return ELIG_INTERNAL;
  } catch (...) {
    return ELIG_INTERNAL;
  }
}

// ELIG_LANG_* to the engine's language; false for another value.
inline bool ToLang(int lang, Lang& out) {
  if (lang == ELIG_LANG_JA) out = Lang::kJa;
  else if (lang == ELIG_LANG_EN) out = Lang::kEn;
  else return false;
  return true;
}

int FactTypeCode(BaseType t);

// The audit sink every rules handle gets (empty until elig_rules_audit_open).
std::shared_ptr<AuditSink> NewAuditSink();
// Appends one decision to the attached log. ELIG_MISUSE when none is attached,
// ELIG_IO when the log cannot be written; `error` says why.
int AuditAppend(AuditSink& sink, const RuleSet& rules, const Decision& d, const Applicant& a, std::string& error);

}  // namespace elig::capi
