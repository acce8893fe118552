// SPDX-License-Identifier: Apache-2.0
#include "io/applicant_list.hpp"

#include "common/diagnose.hpp"
#include "compile/ruleset.hpp"
#include "io/applicant.hpp"
#include "io/applicant_json.hpp"
#include "io/csv.hpp"
#include "io/jsonl.hpp"
#include "syntax/doc.hpp"

namespace elig {

ApplicantList ReadApplicantList(const std::string& path, const std::set<std::string>& list_facts, SourceSet& sources,
                                std::vector<Diagnostic>& diags) {
  ApplicantList out;
  if (path.ends_with(".jsonl") || path.ends_with(".ndjson") || path.ends_with(".csv")) {
    ReaderOptions ro;
    ro.list_facts = list_facts;
    auto stream = path.ends_with(".csv") ? OpenCsvFile(path, ro) : OpenJsonlFile(path, ro);
    InputRow row;
    while (stream->Next(row)) {
      for (const auto& issue : row.issues) {
        Diagnostic d;
        d.severity = row.readable ? Severity::kWarning : Severity::kError;
        d.code = row.readable ? "bad-value" : "bad-row";
        d.message = issue.fact.empty() ? issue.message
                                       : SayBoth(Msg::kApplicantFactProblem, fmt::arg("fact", issue.fact),
                                                 fmt::arg("message", issue.message));
        d.loc = issue.loc;
        if (d.loc.file.empty()) {
          d.loc.file = path;
          d.loc.line = static_cast<uint32_t>(row.line);
        }
        diags.push_back(std::move(d));
      }
      if (!row.readable) {
        out.ok = false;
        continue;
      }
      out.applicants.push_back(std::move(row.applicant));
    }
    if (!stream->error().Empty()) {
      Diagnostic d;
      d.code = "io";
      d.message = stream->error();
      d.loc.file = path;
      diags.push_back(std::move(d));
      out.ok = false;
    }
    return out;
  }
  // A YAML document is held whole in memory (hundreds of bytes per value): tens of
  // thousands of applicants fit; more belong in JSON Lines or CSV, which are streamed.
  constexpr size_t kMaxYamlBytes = 16 * 1024 * 1024;
  std::string text;
  LocalText error;
  bool too_large = false;
  if (!ReadFileLimited(path, kMaxYamlBytes, text, error, &too_large)) {
    Diagnostic d;
    d.code = "io";
    d.message = std::move(error);
    d.loc.file = path;
    if (too_large) d.help = SayBoth(Msg::kApplicantListTooLarge);
    diags.push_back(std::move(d));
    out.ok = false;
    return out;
  }
  const SourceFile& file = sources.Add(path, std::move(text));
  if (LooksLikeJson(path, file.text())) {
    out.ok = ParseApplicantListJson(file, out.applicants, diags);
    return out;
  }
  DocNode root;
  if (!ParseDoc(file, root, diags)) {
    out.ok = false;
    return out;
  }
  const DocNode* list = &root;
  if (root.IsMap() && root.Get("applicants")) list = root.Get("applicants");
  std::vector<const DocNode*> items;
  if (list->IsSeq()) {
    for (const auto& item : list->items) items.push_back(&item);
  } else if (list == &root && root.IsMap()) {
    items.push_back(&root);
  } else {
    Diagnostic d;
    d.code = "expected-list";
    d.message = SayBoth(Msg::kApplicantListNotList);
    d.loc = file.Loc(list->offset);
    diags.push_back(std::move(d));
    out.ok = false;
    return out;
  }
  for (const DocNode* item : items) {
    Applicant a;
    if (!ApplicantFromDoc(file, *item, a, diags)) {
      out.ok = false;
      continue;
    }
    if (a.id.empty()) a.id = path + ":" + std::to_string(file.Loc(item->offset).line);
    out.applicants.push_back(std::move(a));
  }
  return out;
}

}  // namespace elig
