// SPDX-License-Identifier: Apache-2.0
// The audit log: every decision appended with what is needed to show, years
// later, exactly why it was made — time, program id and version, the SHA-256 of
// the exact rule sources (the sources themselves stored once, by hash), engine
// version, as-of date, the inputs, the outcome, score, award and explanation.
//
// Append-only: triggers refuse UPDATE and DELETE, and each row carries the hash
// of the previous row, so an edit or a deletion made around the triggers is
// detected by VerifyAudit, which also replays every decision from its stored
// rules and inputs. Schema and guarantees: docs/storage.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/types.hpp"
#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "store/sqlite.hpp"

namespace elig::store {

// The engine version recorded with every decision.
const char* EngineVersion();

// A rule file as used: its path relative to the rules root ("gunma/x.yaml") and its text.
struct AuditSource {
  std::string path;
  std::string text;
};

// One decision to append.
struct AuditRecord {
  std::string program, version;
  std::string rules_sha256;           // from AuditLog::AddRules
  std::string as_of;                  // YYYY-MM-DD
  std::string applicant_id;
  std::string inputs;                 // JSON, see InputsJson
  std::string outcome;                // eligible | ineligible | undetermined | closed
  std::string score;                  // exact decimal text
  std::optional<std::string> award;   // exact decimal text; nullopt: not determinable
  std::string lang;                   // "ja" or "en": the language of `explanation`
  std::string explanation;            // the decision JSON (docs/json.md)
  std::string origin;                 // "check", "batch <run key>", "api"
  std::optional<int64_t> origin_seq;  // batch: the applicant's position in the input
};

// A row as stored.
struct AuditRow {
  int64_t id = 0;
  std::string time;            // UTC, ISO 8601 with milliseconds
  std::string engine_version;
  AuditRecord record;
  std::string prev_sha256, row_sha256;
};

class AuditLog {
 public:
  // Creates the schema on first use; refuses a file whose schema is newer than this engine's.
  static std::unique_ptr<AuditLog> Open(const std::string& path, Status& st, OpenMode mode = OpenMode::kReadWriteCreate);

  // Stores each source once (keyed by its SHA-256) and the set of them; returns the
  // set's hash (the SHA-256 of its canonical file list).
  Status AddRules(const std::vector<AuditSource>& sources, std::string& rules_sha256);
  // Appends the records in one transaction, chaining each to the previous row.
  Status Append(const std::vector<AuditRecord>& records);
  // The largest origin_seq logged for `origin` (-1 when none): where a resumed batch goes on.
  int64_t LastSeq(const std::string& origin, Status& st);
  // The decisions about one applicant, oldest first.
  Status History(const std::string& applicant_id, std::vector<AuditRow>& out);
  Db& db() { return *db_; }

 private:
  std::unique_ptr<Db> db_;
};

struct VerifyProblem {
  int64_t row = 0;    // the audit row concerned; 0 when it is not one row (a stored source)
  std::string kind;   // "edited", "deleted", "chain", "source", "replay", "head", "cut", "unreadable"
  LocalText message;
};

struct VerifyReport {
  int64_t rows = 0;
  int64_t replayed = 0;
  int64_t sources = 0;
  std::string head_sha256;  // the hash of the last row: publish it to anchor the log
  int64_t head_seq = 0;     // the id of the last row (0: an empty log)
  std::vector<VerifyProblem> problems;
  bool ok() const { return problems.empty(); }
};

// A head published elsewhere: the row id and the hash of that row (`elig audit head`).
struct AuditHead {
  int64_t seq = 0;
  std::string sha256;
  std::string Text() const { return std::to_string(seq) + ":" + sha256; }
};
// "SEQ:HASH" (a row id and 64 lowercase hex digits); nullopt otherwise.
std::optional<AuditHead> ParseAuditHead(const std::string& text);

// Ed25519 signatures of a head, with keys held outside the log (PEM files, as
// `openssl genpkey -algorithm ed25519` writes them). The bytes signed are
// "elig-audit-head-v1\n" followed by head.Text(); the signature is base64.
Status SignAuditHead(const AuditHead& head, const std::string& private_key_pem, std::string& signature_base64);
// kOk when `signature_base64` is the signature of `head` by the key whose public half is in
// `public_key_pem`; otherwise a Status saying why (kError for a signature that does not match).
Status VerifyAuditHeadSignature(const AuditHead& head, const std::string& signature_base64, const std::string& public_key_pem);

struct VerifyOptions {
  bool replay = true;
  // The log must hold this row with this hash (then the chain carries it to the end): rows
  // cut from the end, or a log rewritten from that row, fail even when the head table was
  // changed to match.
  std::optional<AuditHead> expect_head;
  // Stop listing after this many problems: a log edited wholesale would print millions.
  size_t max_problems = 1000;
};

// Checks the chain (each row's hash and its link to the previous one, the head),
// every stored source against its hash, and replays every decision.
Status VerifyAudit(AuditLog& log, VerifyReport& report, const VerifyOptions& options = {});

// The rule files a program was compiled from, relative to the rules root.
std::vector<AuditSource> AuditSourcesOf(const RuleSet& rules, const CompiledProgram& program);

// The hash of a set of rule files: SHA-256 of the canonical list [[path, sha256 of text], …]
// sorted by path (that list is returned in `files_json`).
std::string RuleSetHash(const std::vector<AuditSource>& sources, std::string* files_json = nullptr);

// The applicant's facts as JSON: {"id": …, "as_of": …, "facts": {name: "text" | [..] | null}}.
// Text that is not valid UTF-8 is kept exactly, as {"hex": "…"}.
std::string InputsJson(const Applicant& a);
bool ApplicantFromInputsJson(const std::string& json, Applicant& out, LocalText& error);

// A record of one decision (the explanation rendered in `lang`).
AuditRecord MakeAuditRecord(const Decision& d, const std::string& rules_sha256, const Applicant& a, Lang lang,
                            std::string origin, std::optional<int64_t> origin_seq = std::nullopt);

// "2/3", "1000000": the exact text stored for a score or an award.
std::string ExactText(const Rational& r);

}  // namespace elig::store
