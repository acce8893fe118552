// SPDX-License-Identifier: Apache-2.0
#include "io/applicant.hpp"

#include <set>

#include "common/diagnose.hpp"
#include "common/utf8.hpp"
#include "compile/ruleset.hpp"
#include "io/applicant_json.hpp"
#include "syntax/doc.hpp"

namespace elig {
namespace {

template <class... Args>
Diagnostic Error(const SourceFile& f, const DocNode& at, std::string code, Msg id, const Args&... args) {
  return Diagnose(Severity::kError, std::move(code), NodeLoc(f, at), id, args...);
}

RawValue ToRaw(const SourceFile& f, const DocNode& n) {
  RawValue v;
  v.loc = f.Loc(n.offset, n.IsScalar() ? std::max<size_t>(1, n.scalar.size()) : 1);
  if (n.IsScalar()) {
    v.type = RawValue::Type::kScalar;
    v.text = n.scalar;
    v.quoted = n.quoted;
    // YAML's null words in plain scalars are an unknown fact.
    if (!n.quoted && (n.scalar == "~" || n.scalar == "null" || n.scalar == "Null" || n.scalar == "NULL"))
      v.type = RawValue::Type::kNull;
  } else if (n.IsSeq()) {
    v.type = RawValue::Type::kList;
    for (const auto& item : n.items) v.items.push_back(ToRaw(f, item));
  } else if (n.IsMap()) {  // a record in a list of records: its fields
    v.type = RawValue::Type::kMap;
    for (const auto& [k, item] : n.entries) {
      v.keys.push_back(k.IsScalar() ? k.scalar : std::string());
      v.items.push_back(ToRaw(f, item));
    }
  }
  return v;
}

}  // namespace

bool ParseApplicant(const SourceFile& file, Applicant& out, std::vector<Diagnostic>& diags) {
  if (LooksLikeJson(file.path(), file.text())) return ParseApplicantJson(file, out, diags);
  DocNode root;
  DocLimits limits;
  limits.max_depth = 16;
  // An applicant is tens of facts; lists stop at 10,000 items. A tiny alias bomb must not
  // expand to the rule files' two million nodes (a few hundred megabytes).
  limits.max_nodes = 200'000;
  if (!ParseDoc(file, root, diags, limits)) return false;
  return ApplicantFromDoc(file, root, out, diags);
}

bool ApplicantFromDoc(const SourceFile& file, const DocNode& root, Applicant& out, std::vector<Diagnostic>& diags) {
  out.source = file.path();
  if (!root.IsMap()) {
    diags.push_back(Error(file, root, "expected-map", Msg::kApplicantNotMap));
    return false;
  }
  const DocNode* facts = &root;
  bool ok = true;
  if (const DocNode* nested = root.Get("facts")) {
    if (!nested->IsMap()) {
      diags.push_back(Error(file, *nested, "expected-map", Msg::kApplicantFactsNotMap));
      return false;
    }
    facts = nested;
  }
  // Beside `facts:`, only `id`, `as_of` and `note`: a fact there would be silently left out.
  std::set<std::string> top;
  for (const auto& [k, v] : root.entries) {
    if (!k.IsScalar()) continue;
    bool special = k.scalar == "id" || k.scalar == "as_of" || k.scalar == "note" || k.scalar == "facts";
    if (special && !top.insert(k.scalar).second) {
      diags.push_back(Error(file, k, "duplicate-key", Msg::kApplicantKeyTwice, fmt::arg("key", k.scalar)));
      ok = false;
      continue;
    }
    if (facts != &root && !special) {
      diags.push_back(Error(file, k, "mixed-facts", Msg::kApplicantMixedFacts));
      ok = false;
      continue;
    }
    if (k.scalar == "id") out.id = v.IsScalar() ? v.scalar : "";
    if (k.scalar == "as_of") {
      auto d = v.IsScalar() ? ParseDate(v.scalar) : std::nullopt;
      if (!d) {
        diags.push_back(Error(file, v, "bad-date", Msg::kApplicantBadAsOf, fmt::arg("example", "`2026-06-01`")));
        ok = false;
      } else {
        out.as_of = d;
      }
    }
  }
  std::set<std::string> seen;
  for (const auto& [k, v] : facts->entries) {
    if (!k.IsScalar()) {
      diags.push_back(Error(file, k, "bad-name", Msg::kApplicantFactNameNotText));
      ok = false;
      continue;
    }
    if (facts == &root && (k.scalar == "id" || k.scalar == "as_of" || k.scalar == "note")) continue;
    if (!seen.insert(k.scalar).second) {
      diags.push_back(Error(file, k, "duplicate-key", Msg::kApplicantFactTwice, fmt::arg("fact", utf8::Printable(k.scalar))));
      ok = false;
      continue;
    }
    if (v.IsMap()) {
      diags.push_back(Error(file, v, "bad-value", Msg::kApplicantFactIsMap, fmt::arg("fact", utf8::Printable(k.scalar))));
      ok = false;
      continue;
    }
    RawFact rf;
    rf.name = k.scalar;
    rf.loc = file.Loc(k.offset, std::max<size_t>(1, k.scalar.size()));
    rf.value = ToRaw(file, v);
    out.facts.push_back(std::move(rf));
  }
  return ok;
}

bool ReadApplicantFile(const std::string& path, SourceSet& sources, Applicant& out, std::vector<Diagnostic>& diags) {
  std::string text;
  LocalText error;
  // One applicant is a few kilobytes; the YAML reader needs some 300 bytes of memory per
  // value, so a 16 MiB one-line list would take gigabytes before any limit could count it.
  constexpr size_t kMaxApplicantBytes = 1024 * 1024;
  if (!ReadFileLimited(path, kMaxApplicantBytes, text, error)) {
    Diagnostic d;
    d.code = "io";
    d.message = std::move(error);
    d.loc.file = path;
    diags.push_back(std::move(d));
    return false;
  }
  // Standard input is named as people know it in messages and as the applicant's id.
  const std::string name = path == "-" ? "<stdin>" : path;
  const SourceFile& f = sources.Add(name, std::move(text));
  if (out.id.empty()) out.id = name;
  bool ok = ParseApplicant(f, out, diags);
  if (out.id.empty()) out.id = name;
  return ok;
}

}  // namespace elig
