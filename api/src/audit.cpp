// SPDX-License-Identifier: Apache-2.0
// The audit flag of the C API: elig_rules_audit_open attaches an SQLite audit log
// (engine/store/audit.hpp, docs/storage.md) to a rules handle; elig_evaluate with
// ELIG_EVAL_AUDIT appends each decision to it, as `elig check --audit` does.
#include <mutex>
#include <unordered_map>

#include "capi.hpp"
#include "common/utf8.hpp"
#include "store/audit.hpp"

namespace elig::capi {

struct AuditSink {
  std::mutex mu;  // evaluations on many threads append one at a time
  std::unique_ptr<store::AuditLog> log;
  std::string path;
  Lang lang = Lang::kJa;
  // The hash of each program's rule sources, stored in the log on first use.
  std::unordered_map<const CompiledProgram*, std::string> rules_sha256;
};

std::shared_ptr<AuditSink> NewAuditSink() { return std::make_shared<AuditSink>(); }

int AuditAppend(AuditSink& sink, const RuleSet& rules, const Decision& d, const Applicant& a, std::string& error) {
  std::lock_guard<std::mutex> lock(sink.mu);
  if (!sink.log) {
    error = "ELIG_EVAL_AUDIT needs an audit log: call elig_rules_audit_open first";
    return ELIG_MISUSE;
  }
  auto it = sink.rules_sha256.find(d.program);
  if (it == sink.rules_sha256.end()) {
    std::string sha;
    store::Status st = sink.log->AddRules(store::AuditSourcesOf(rules, *d.program), sha);
    if (!st.ok()) {
      error = "audit log " + sink.path + ": " + st.message.en;
      return ELIG_IO;
    }
    it = sink.rules_sha256.emplace(d.program, sha).first;
  }
  store::Status st = sink.log->Append({store::MakeAuditRecord(d, it->second, a, sink.lang, "api")});
  if (!st.ok()) {
    error = "audit log " + sink.path + ": " + st.message.en;
    return ELIG_IO;
  }
  return ELIG_OK;
}

}  // namespace elig::capi

extern "C" {

int elig_rules_audit_open(elig_rules* rules, const char* path, int lang) {
  elig::Lang l;
  if (!rules || !path || !*path || !elig::capi::ToLang(lang, l) || !rules->audit) return ELIG_MISUSE;
  return elig::capi::Guard([&] {
    elig::capi::AuditSink& sink = *rules->audit;
    std::lock_guard<std::mutex> lock(sink.mu);
    elig::store::Status st;
    auto log = elig::store::AuditLog::Open(path, st);
    if (!log) {
      rules->errmsg = "audit log " + elig::utf8::Printable(path) + ": " + st.message.en;
      return ELIG_IO;
    }
    sink.log = std::move(log);
    sink.path = elig::utf8::Printable(path);
    sink.lang = l;
    sink.rules_sha256.clear();
    return ELIG_OK;
  });
}

}  // extern "C"
