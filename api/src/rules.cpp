// SPDX-License-Identifier: Apache-2.0
// Version, result codes and rule sets.
#include <iterator>
#include <map>
#include <string>

#include "capi.hpp"

using elig::capi::Guard;

namespace {

constexpr const char* kNullRules = "elig: the rules handle is NULL";

// Fills the handle's message and rendered issues; returns the open call's code.
int Summarize(elig_rules& r, const std::string& what) {
  const auto& diags = r.set->diagnostics();
  r.issues_text = elig::RenderAll(diags, &r.set->sources(), false);
  size_t errors = 0;
  const elig::Diagnostic* first = nullptr;
  bool io = false;
  for (const auto& d : diags) {
    if (d.severity != elig::Severity::kError) continue;
    ++errors;
    if (!first) first = &d;
    io |= d.code == "io" || d.code == "no-rules";
  }
  if (!first) return ELIG_OK;
  // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on `"literal" + std::string&&`.
  std::string& m = r.errmsg;
  m = what;
  m.append(" have ").append(std::to_string(errors)).append(errors == 1 ? " error" : " errors");
  m.append("; the first: ").append(first->loc.file);
  if (first->loc.line)
    m.append(":").append(std::to_string(first->loc.line)).append(":").append(std::to_string(first->loc.column));
  m.append(": error[").append(first->code).append("]: ").append(first->message.Get(elig::Lang::kEn));
  return io ? ELIG_IO : ELIG_RULES;
}

}  // namespace

extern "C" {

int elig_libversion_number(void) { return ELIG_VERSION_NUMBER; }

const char* elig_libversion(void) { return ELIG_VERSION; }

const char* elig_errstr(int code) {
  switch (code) {
    case ELIG_OK: return "no error";
    case ELIG_MISUSE: return "the API was called wrongly (a NULL handle or argument, a bad constant or flag)";
    case ELIG_NOMEM: return "out of memory";
    case ELIG_INTERNAL: return "internal error in elig; please report it";
    case ELIG_IO: return "the rules cannot be read";
    case ELIG_RULES: return "the rule files have errors";
    case ELIG_NOTFOUND: return "no program with that id";
    case ELIG_UNKNOWN_FACT: return "the program declares no fact of that name";
    case ELIG_TYPE: return "the value's type does not fit the fact's type";
    case ELIG_VALUE: return "the value is malformed or out of range";
    case ELIG_JSON: return "the JSON document is malformed or not an applicant";
    case ELIG_RANGE: return "index past the end";
    case ELIG_ABSENT: return "there is no value";
    default: return "unknown result code";
  }
}

const char* elig_outcome_name(int outcome) {
  switch (outcome) {
    case ELIG_ELIGIBLE: return "eligible";
    case ELIG_INELIGIBLE: return "ineligible";
    case ELIG_UNDETERMINED: return "undetermined";
    case ELIG_CLOSED: return "closed";
    default: return nullptr;
  }
}

int elig_rules_open_dir(const char* dir, elig_rules** out) {
  if (out) *out = nullptr;
  if (!dir || !out) return ELIG_MISUSE;
  return Guard([&] {
    auto r = std::make_unique<elig_rules>();
    r->set = elig::RuleSet::LoadDir(dir);
    r->audit = elig::capi::NewAuditSink();
    int rc = Summarize(*r, std::string("the rules under `") + dir + "`");
    *out = r.release();
    return rc;
  });
}

int elig_rules_open_texts(size_t count, const char* const* paths, const char* const* texts, elig_rules** out) {
  if (out) *out = nullptr;
  if (!out || (count && (!paths || !texts))) return ELIG_MISUSE;
  for (size_t i = 0; i < count; ++i)
    if (!paths[i] || !texts[i]) return ELIG_MISUSE;
  return Guard([&] {
    std::map<std::string, std::string> files;
    for (size_t i = 0; i < count; ++i) files[paths[i]] = texts[i];
    // Two texts under one path would silently drop one.
    if (files.size() != count) return ELIG_MISUSE;
    auto r = std::make_unique<elig_rules>();
    r->set = elig::RuleSet::LoadTexts(files);
    r->audit = elig::capi::NewAuditSink();
    int rc = Summarize(*r, "the rule texts");
    *out = r.release();
    return rc;
  });
}

void elig_rules_free(elig_rules* rules) { elig::capi::Free(rules); }

const char* elig_rules_errmsg(const elig_rules* rules) { return rules ? rules->errmsg.c_str() : kNullRules; }

int elig_rules_issue_count(const elig_rules* rules, size_t* out) {
  if (!rules || !out) return ELIG_MISUSE;
  *out = rules->set->diagnostics().size();
  return ELIG_OK;
}

int elig_rules_issue(const elig_rules* rules, size_t index, int* severity, const char** file, uint32_t* line,
                     uint32_t* column, const char** code, const char** message) {
  if (!rules) return ELIG_MISUSE;
  const auto& diags = rules->set->diagnostics();
  if (index >= diags.size()) return ELIG_RANGE;
  const elig::Diagnostic& d = diags[index];
  if (severity)
    *severity = d.severity == elig::Severity::kError     ? ELIG_SEVERITY_ERROR
                : d.severity == elig::Severity::kWarning ? ELIG_SEVERITY_WARNING
                                                         : ELIG_SEVERITY_NOTE;
  if (file) *file = d.loc.file.c_str();
  if (line) *line = d.loc.line;
  if (column) *column = d.loc.column;
  if (code) *code = d.code.c_str();
  if (message) *message = d.message.Get(elig::Lang::kEn).c_str();
  return ELIG_OK;
}

int elig_rules_issues_text(const elig_rules* rules, const char** out) {
  if (!rules || !out) return ELIG_MISUSE;
  *out = rules->issues_text.c_str();
  return ELIG_OK;
}

int elig_rules_program_count(const elig_rules* rules, size_t* out) {
  return elig::capi::SizeOf(rules != nullptr, rules ? &rules->set->programs() : nullptr, out);
}

int elig_rules_program_id(const elig_rules* rules, size_t index, const char** out) {
  return elig::capi::ItemOf(rules && out, rules ? &rules->set->programs() : nullptr, index,
                            [&](const auto& program) { return elig::capi::Give(out, program->id); });
}

int elig_rules_limit(const elig_rules* rules, int index, const char** name, uint64_t* value) {
  if (!rules) return ELIG_MISUSE;
  // Rules open through the API with the loader's defaults, as `elig check` opens them.
  const elig::RuleSetOptions o;
  const std::pair<const char*, uint64_t> limits[] = {
      {"max_files", o.max_files},
      {"max_file_bytes", o.max_file_bytes},
      {"max_rules", o.load.max_rules},
      {"max_text_bytes", o.load.max_text_bytes},
      {"max_expr_depth", o.load.expr.max_depth},
      {"max_expr_bytes", o.load.expr.max_length},
      {"max_expr_nodes", o.load.expr.max_nodes},
      {"max_define_depth", o.check.max_depth},
      {"max_instructions", o.compile.max_instructions},
  };
  if (index < 0 || static_cast<size_t>(index) >= std::size(limits)) return ELIG_RANGE;
  if (name) *name = limits[index].first;
  if (value) *value = limits[index].second;
  return ELIG_OK;
}

}  // extern "C"
