// SPDX-License-Identifier: Apache-2.0
// The handles behind elig.h and the guard every entry point runs in, so that
// no C++ exception ever crosses the C API.
#pragma once

#include <array>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "compile/ruleset.hpp"
#include "elig.h"
#include "eval/ask.hpp"
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

// The texts a fact's accessors give that the compiled fact does not hold as text.
struct elig_fact_texts {
  std::string type_name;  // "yen", "enum[a, b]"
  std::string min, max;   // exact, "" when not declared
};

struct elig_program {
  std::shared_ptr<const elig::RuleSet> set;
  std::shared_ptr<elig::capi::AuditSink> audit;
  const elig::CompiledProgram* prog = nullptr;
  std::vector<elig_fact_texts> fact_texts;  // per fact
  std::string window_open, window_close;    // "YYYY-MM-DD", "" when not stated
};

struct elig_input {
  std::shared_ptr<const elig::RuleSet> set;
  // The program the input is for; null for an input of every program (elig_input_new_rules).
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
  // The facts the decision's values point into (an evaluation's, or a screening's), kept alive here.
  std::shared_ptr<const void> bound;
  elig::Decision decision;
  std::string as_of, score, award;
  std::optional<std::string> final_award;  // after 併給制限 (the program alone): nullopt when not determinable
  std::string json[2][2];  // [lang][pretty], rendered on first request
  std::string compact_json;  // ELIG_JSON_COMPACT_DECISION, rendered on first request
  std::string text[2];
  std::vector<std::string> error_text[2];  // [lang][index], said on first request
};

struct elig_screening {
  std::shared_ptr<const elig::RuleSet> set;
  // The decisions' values point into these facts (bound[k] for program k): never moved.
  std::shared_ptr<const std::vector<elig::FactValues>> bound;
  elig::Screening screening;
  std::string applicant, as_of;
  struct Texts {
    std::string score, award;
    std::optional<std::string> final_award;
  };
  std::vector<Texts> texts;  // per program
  std::string json[2];       // per language, rendered on first request
};

struct elig_question {
  std::shared_ptr<const elig::RuleSet> set;
  elig::Question question;
  elig_program declaration;  // the program whose declaration of the fact is asked
  size_t index = 0;          // the fact's index in it
  std::string text[2];       // per language
  // Its items: the question's own fact alone, or the yes/no facts of a checklist (NextAsk),
  // each with what a ticked box says, per language.
  std::vector<elig::Question> items;
  std::vector<std::array<std::string, 2>> statements;
};

namespace elig::capi {

// The one destructor of a handle: harmless on NULL; nothing escapes it.
template <class T>
void Free(T* handle) noexcept {
  try {
    delete handle;
  } catch (...) {
  }
}

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

// Fills `cache` with `render()` on first use and points *out at it.
template <class F>
int Cached(std::string& cache, const char** out, F&& render) noexcept {
  return Guard([&] {
    if (cache.empty()) cache = render();
    *out = cache.c_str();
    return ELIG_OK;
  });
}

// *out = the size of `list`; ELIG_MISUSE when the handle (`given`) or `out` is missing.
template <class List>
int SizeOf(bool given, const List* list, size_t* out) {
  if (!given || !out) return ELIG_MISUSE;
  *out = list->size();
  return ELIG_OK;
}

// Runs `read` on item `index` of `list`: ELIG_MISUSE when the handle (`given`) is missing,
// ELIG_RANGE past the end.
template <class List, class F>
int ItemOf(bool given, const List* list, size_t index, F&& read) {
  if (!given) return ELIG_MISUSE;
  if (index >= list->size()) return ELIG_RANGE;
  return read((*list)[index]);
}

// Sets *out to `text`: ELIG_MISUSE when `out` is NULL.
inline int Give(const char** out, const std::string& text) {
  if (!out) return ELIG_MISUSE;
  *out = text.c_str();
  return ELIG_OK;
}

// Sets whichever of the two out pointers is not NULL.
inline int GiveEither(const char** a, const std::string& a_text, const char** b, const std::string& b_text) {
  if (a) *a = a_text.c_str();
  if (b) *b = b_text.c_str();
  return ELIG_OK;
}

int FactTypeCode(BaseType t);
int OutcomeCode(Outcome o);

// Fills `p` for `prog` of `set` (the texts its accessors give).
void OpenProgram(const std::shared_ptr<const RuleSet>& set, const CompiledProgram& prog, elig_program& p);

// A decision handle for a screened program: its decision (whose values point into `bound`)
// and the screening's final award.
std::unique_ptr<elig_decision> NewDecision(const std::shared_ptr<const RuleSet>& set, ProgramScreening&& ps,
                                           std::shared_ptr<const void> bound);

// The as-of date: `text`, else the input's "as_of", else today; false (ELIG_VALUE, the
// input's errmsg says why) for a text that is not a real date.
bool AsOf(elig_input* in, const char* text, Date& out);

// The programs `count` ids name (every program when 0), with `theme` when not null;
// a result code, with the input's errmsg on error.
int ChoosePrograms(const elig_rules* rules, elig_input* in, size_t count, const char* const* ids, const char* theme,
                   std::vector<const CompiledProgram*>& out);

// The audit sink every rules handle gets (empty until elig_rules_audit_open).
std::shared_ptr<AuditSink> NewAuditSink();
// Appends one decision to the attached log. ELIG_MISUSE when none is attached,
// ELIG_IO when the log cannot be written; `error` says why.
int AuditAppend(AuditSink& sink, const RuleSet& rules, const Decision& d, const Applicant& a, std::string& error);

}  // namespace elig::capi
