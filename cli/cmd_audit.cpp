// SPDX-License-Identifier: Apache-2.0
// `elig audit verify|head|show`: check the audit log's chain and replay its decisions;
// print its head to keep elsewhere; show the history of one applicant.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "common/catalog.hpp"
#include "explain/explain.hpp"
#include "store/audit.hpp"

namespace elig::cli {
namespace {

// The log, read-only; null, with the error said and `exit` set, when it cannot be opened.
std::unique_ptr<store::AuditLog> OpenLog(const std::string& db, Lang lang, int& exit) {
  store::Status st;
  auto log = store::AuditLog::Open(db, st, store::OpenMode::kReadOnly);
  if (!log) {
    PrintError(lang, st.message);
    exit = kIoError;
  }
  return log;
}

void PrintVerifyReport(const std::string& db, const store::VerifyReport& report, const Common& c) {
  if (c.json()) {
    nlohmann::ordered_json j;
    j["ok"] = report.ok();
    j["rows"] = report.rows;
    j["replayed"] = report.replayed;
    j["sources"] = report.sources;
    j["head_sha256"] = report.head_sha256;
    j["head"] = store::AuditHead{report.head_seq, report.head_sha256}.Text();
    j["problems"] = nlohmann::ordered_json::array();
    for (const auto& p : report.problems)
      j["problems"].push_back({{"row", p.row}, {"kind", p.kind}, {"message", p.message.Get(c.language())}});
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    const Lang lang = c.language();
    for (const auto& p : report.problems) std::cout << db << ": " << p.kind << ": " << p.message.Get(lang) << "\n";
    const auto rows = fmt::arg("rows", report.rows), replayed = fmt::arg("replayed", report.replayed),
               sources = fmt::arg("sources", report.sources);
    if (report.ok()) std::cout << Say(lang, Msg::kCliAuditVerified, rows, replayed, sources) << "\n";
    else
      std::cout << Say(lang, Msg::kCliAuditNotVerified, rows, replayed, sources, fmt::arg("problems", report.problems.size()))
                << "\n";
    std::string head = report.head_sha256.empty() ? Say(lang, Msg::kCliAuditEmptyLog) : report.head_sha256;
    std::cout << Say(lang, Msg::kCliAuditHead, fmt::arg("head", head)) << "\n";
  }
}

void AddVerify(CLI::App* audit, int& exit) {
  struct VerifyOpts {
    Common c;
    std::string db;
    bool no_replay = false;
    std::string expect_head, head_signature, public_key;
  };
  auto v = std::make_shared<VerifyOpts>();
  auto* verify = AddCommand(*audit, "audit verify");
  verify->add_option("db", v->db, "the audit log (SQLite)")->required();
  verify->add_flag("--no-replay", v->no_replay, "check the chain and the sources only (fast)");
  verify->add_option("--expect-head", v->expect_head,
                     "SEQ:HASH, a head printed earlier by `elig audit head` and kept elsewhere: the log must still hold "
                     "that row with that hash (fails when rows were cut from the end or the log was rewritten)");
  auto* sig_opt = verify->add_option("--head-signature", v->head_signature,
                                     "the Ed25519 signature `elig audit head --sign-key` printed with that head");
  auto* pub_opt = verify->add_option("--public-key", v->public_key, "the signer's public key (PEM) to check --head-signature with");
  sig_opt->needs(pub_opt);
  pub_opt->needs(sig_opt);
  AddShared(verify, v->c, {Shared::kLang, Shared::kFormat});
  verify->callback([v, &exit] {
    const Lang lang = v->c.language();
    store::VerifyOptions vo;
    vo.replay = !v->no_replay;
    if (!v->expect_head.empty()) {
      vo.expect_head = store::ParseAuditHead(v->expect_head);
      if (!vo.expect_head) {
        SayError(lang, Msg::kCliAuditBadExpectHead, fmt::arg("head", v->expect_head));
        exit = kUsage;
        return;
      }
    }
    if (!v->head_signature.empty() && !vo.expect_head) {
      SayError(lang, Msg::kCliAuditSignatureNeedsHead);
      exit = kUsage;
      return;
    }
    auto log = OpenLog(v->db, lang, exit);
    if (!log) return;
    store::VerifyReport report;
    store::Status st = store::VerifyAudit(*log, report, vo);
    if (!st.ok()) {
      SayError(lang, Msg::kCliAuditCannotRead, fmt::arg("error", st.message));
      exit = kIoError;
      return;
    }
    // A head whose signature does not hold is not the head that was published.
    if (!v->head_signature.empty()) {
      store::Status sig = store::VerifyAuditHeadSignature(*vo.expect_head, v->head_signature, v->public_key);
      if (!sig.ok())
        report.problems.insert(report.problems.begin(), store::VerifyProblem{vo.expect_head->seq, "signature", sig.message});
    }
    PrintVerifyReport(v->db, report, v->c);
    exit = report.ok() ? kOk : kTestsFailed;
  });
}

void AddHead(CLI::App* audit, int& exit) {
  struct HeadOpts {
    Common c;
    std::string db, sign_key;
  };
  auto h = std::make_shared<HeadOpts>();
  auto* head = AddCommand(*audit, "audit head");
  head->add_option("db", h->db, "the audit log (SQLite)")->required();
  head->add_option("--sign-key", h->sign_key,
                   "an Ed25519 private key (PEM, kept away from the log): also print the head's signature, which "
                   "`audit verify --head-signature SIG --public-key PUB` checks");
  AddShared(head, h->c, {Shared::kLang, Shared::kFormat});
  head->callback([h, &exit] {
    const Lang lang = h->c.language();
    auto log = OpenLog(h->db, lang, exit);
    if (!log) return;
    store::Status st;
    store::VerifyReport report;
    store::VerifyOptions vo;
    vo.replay = false;
    if (!(st = store::VerifyAudit(*log, report, vo)).ok()) {
      SayError(lang, Msg::kCliAuditCannotRead, fmt::arg("error", st.message));
      exit = kIoError;
      return;
    }
    if (!report.ok()) {
      for (const auto& p : report.problems) std::cerr << h->db << ": " << p.kind << ": " << p.message.Get(lang) << "\n";
      SayError(lang, Msg::kCliAuditHeadRefused, fmt::arg("db", h->db));
      exit = kTestsFailed;
      return;
    }
    store::AuditHead out{report.head_seq, report.head_sha256};
    std::string signature;
    if (!h->sign_key.empty()) {
      if (!(st = store::SignAuditHead(out, h->sign_key, signature)).ok()) {
        PrintError(lang, st.message);
        exit = kIoError;
        return;
      }
    }
    if (h->c.json()) {
      nlohmann::ordered_json j;
      j["head"] = out.Text();
      j["seq"] = out.seq;
      j["sha256"] = out.sha256;
      j["rows"] = report.rows;
      if (!signature.empty()) j["signature"] = signature;
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << out.Text() << "\n";
      if (!signature.empty()) std::cout << signature << "\n";
    }
    exit = kOk;
  });
}

// The decisions about one applicant, oldest first.
void PrintHistory(const std::string& db, const std::string& applicant, const std::vector<store::AuditRow>& rows,
                  const Common& c) {
  Lang lang = c.language();
  if (c.json()) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
      nlohmann::ordered_json j;
      j["row"] = r.id;
      j["time"] = r.time;
      j["program"] = r.record.program;
      j["version"] = r.record.version;
      j["rules_sha256"] = r.record.rules_sha256;
      j["engine_version"] = r.engine_version;
      j["as_of"] = r.record.as_of;
      j["outcome"] = r.record.outcome;
      j["score"] = r.record.score;
      j["award"] = r.record.award ? nlohmann::ordered_json(*r.record.award) : nlohmann::ordered_json(nullptr);
      j["origin"] = r.record.origin;
      j["inputs"] = nlohmann::ordered_json::parse(r.record.inputs, nullptr, false);
      j["explanation"] = nlohmann::ordered_json::parse(r.record.explanation, nullptr, false);
      j["row_sha256"] = r.row_sha256;
      arr.push_back(std::move(j));
    }
    std::cout << arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    if (rows.empty()) std::cout << Say(lang, Msg::kCliAuditNoDecisions, fmt::arg("applicant", applicant), fmt::arg("db", db)) << "\n";
    for (const auto& r : rows) {
      std::string award = Say(lang, Msg::kNotDeterminable);
      if (r.record.award)
        if (auto a = Rational::Parse(*r.record.award)) award = FormatYen(*a, lang);
      Outcome o = r.record.outcome == "eligible"     ? Outcome::kEligible
                  : r.record.outcome == "ineligible" ? Outcome::kIneligible
                  : r.record.outcome == "closed"     ? Outcome::kClosed
                                                     : Outcome::kUndetermined;
      std::cout << Say(lang, Msg::kCliAuditRow, fmt::arg("row", r.id), fmt::arg("time", r.time),
                       fmt::arg("program", r.record.program), fmt::arg("version", r.record.version),
                       fmt::arg("as_of", r.record.as_of), fmt::arg("outcome", OutcomeLabel(o, lang)),
                       fmt::arg("score", r.record.score), fmt::arg("award", award))
                << "\n"
                << Say(lang, Msg::kCliAuditRowSource, fmt::arg("rules", r.record.rules_sha256.substr(0, 16)),
                       fmt::arg("engine", r.engine_version), fmt::arg("origin", r.record.origin.substr(0, r.record.origin.find(' '))))
                << (r.record.origin_seq ? Say(lang, Msg::kCliAuditRowInputRow, fmt::arg("n", *r.record.origin_seq + 1)) : "")
                << "\n";
    }
  }
}

void AddShow(CLI::App* audit, int& exit) {
  struct ShowOpts {
    Common c;
    std::string db, applicant;
  };
  auto s = std::make_shared<ShowOpts>();
  auto* show = AddCommand(*audit, "audit show");
  show->add_option("db", s->db, "the audit log (SQLite)")->required();
  show->add_option("--applicant,-a", s->applicant, "the applicant id")->required();
  AddShared(show, s->c, {Shared::kLang, Shared::kFormat});
  show->callback([s, &exit] {
    auto log = OpenLog(s->db, s->c.language(), exit);
    if (!log) return;
    store::Status st;
    std::vector<store::AuditRow> rows;
    if (!(st = log->History(s->applicant, rows)).ok()) {
      PrintError(s->c.language(), st.message);
      exit = kIoError;
      return;
    }
    PrintHistory(s->db, s->applicant, rows, s->c);
    exit = rows.empty() ? kIneligible : kOk;
  });
}

}  // namespace

void RegisterAudit(CLI::App& app, int& exit) {
  auto* audit = AddCommand(app, "audit");
  audit->require_subcommand(1);

  AddVerify(audit, exit);
  AddHead(audit, exit);
  AddShow(audit, exit);
}

}  // namespace elig::cli
