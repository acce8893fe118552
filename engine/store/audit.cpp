// SPDX-License-Identifier: Apache-2.0
#include "store/audit.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "common/catalog.hpp"
#include "common/utf8.hpp"
#include "explain/explain.hpp"
#include "store/schema.hpp"
#include "common/sha256.hpp"

#ifndef ELIG_VERSION
#error "ELIG_VERSION is CMake's project(VERSION): the top CMakeLists.txt defines it for elig_store"
#endif

namespace elig::store {
namespace {

using ojson = nlohmann::ordered_json;

const std::string kGenesis(64, '0');

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

// Length-prefixed fields: no two different rows serialize alike.
void Field(std::string& out, const std::string& s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
  out += ';';
}
void Field(std::string& out, const std::optional<std::string>& s) {
  if (s) Field(out, *s);
  else out += "-;";
}

std::string RowHash(const AuditRow& r) {
  const AuditRecord& c = r.record;
  std::string s = "elig-audit-v1;";
  Field(s, std::to_string(r.id));
  Field(s, r.time);
  Field(s, c.program);
  Field(s, c.version);
  Field(s, c.rules_sha256);
  Field(s, r.engine_version);
  Field(s, c.as_of);
  Field(s, c.applicant_id);
  Field(s, c.inputs);
  Field(s, c.outcome);
  Field(s, c.score);
  Field(s, c.award);
  Field(s, c.lang);
  Field(s, c.explanation);
  Field(s, c.origin);
  Field(s, c.origin_seq ? std::optional<std::string>(std::to_string(*c.origin_seq)) : std::nullopt);
  Field(s, r.prev_sha256);
  return Sha256Hex(s);
}

const char* kRowColumns =
    "id, time, program, version, rules_sha256, engine_version, as_of, applicant_id, inputs, outcome, score, award, "
    "lang, explanation, origin, origin_seq, prev_sha256, row_sha256";

AuditRow ReadRow(const Stmt& s) {
  AuditRow r;
  r.id = s.Int(0);
  r.time = s.Text(1);
  r.record.program = s.Text(2);
  r.record.version = s.Text(3);
  r.record.rules_sha256 = s.Text(4);
  r.engine_version = s.Text(5);
  r.record.as_of = s.Text(6);
  r.record.applicant_id = s.Text(7);
  r.record.inputs = s.Text(8);
  r.record.outcome = s.Text(9);
  r.record.score = s.Text(10);
  r.record.award = s.AsText(11);
  r.record.lang = s.Text(12);
  r.record.explanation = s.Text(13);
  r.record.origin = s.Text(14);
  if (!s.IsNull(15)) r.record.origin_seq = s.Int(15);
  r.prev_sha256 = s.Text(16);
  r.row_sha256 = s.Text(17);
  return r;
}

std::string ToHex(std::string_view s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool FromHex(const std::string& hex, std::string& out) {
  if (hex.size() % 2) return false;
  out.clear();
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

bool TextFromJson(const ojson& j, std::string& out) {
  if (j.is_string()) {
    out = j.get<std::string>();
    return true;
  }
  if (j.is_object() && j.contains("hex") && j["hex"].is_string()) return FromHex(j["hex"].get<std::string>(), out);
  return false;
}

bool RawFromJson(const ojson& j, RawValue& out, bool in_list) {
  if (j.is_null()) {
    out.type = RawValue::Type::kNull;
    return true;
  }
  if (j.is_array()) {
    if (in_list) return false;
    out.type = RawValue::Type::kList;
    for (const auto& item : j) {
      RawValue iv;
      if (!RawFromJson(item, iv, true)) return false;
      out.items.push_back(std::move(iv));
    }
    return true;
  }
  out.type = RawValue::Type::kScalar;
  return TextFromJson(j, out.text);
}

}  // namespace

const char* EngineVersion() { return ELIG_VERSION; }

std::string ExactText(const Rational& r) { return r.ToString(); }

namespace {

// Written by hand, not through a JSON tree: a batch writes this for every applicant.
void AppendJsonText(std::string& out, const std::string& s) {
  if (utf8::FindInvalid(s)) {
    out += "{\"hex\":\"" + ToHex(s) + "\"}";
    return;
  }
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      static const char* kDigits = "0123456789abcdef";
      out += "\\u00";
      out += kDigits[u >> 4];
      out += kDigits[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendRawJson(std::string& out, const RawValue& v) {
  switch (v.type) {
    case RawValue::Type::kNull: out += "null"; return;
    case RawValue::Type::kScalar: AppendJsonText(out, v.text); return;
    case RawValue::Type::kList:
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        AppendRawJson(out, v.items[i]);
      }
      out += ']';
      return;
    case RawValue::Type::kMap:  // a record: its fields
      out += '{';
      for (size_t i = 0; i < v.items.size() && i < v.keys.size(); ++i) {
        if (i) out += ',';
        AppendJsonText(out, v.keys[i]);
        out += ':';
        AppendRawJson(out, v.items[i]);
      }
      out += '}';
      return;
  }
  out += "null";
}

}  // namespace

std::string InputsJson(const Applicant& a) {
  std::string out;
  out.reserve(64 + 32 * a.facts.size());
  out += "{\"id\":";
  AppendJsonText(out, a.id);
  out += ",\"as_of\":";
  out += a.as_of ? "\"" + FormatDate(*a.as_of) + "\"" : std::string("null");
  out += ",\"facts\":{";
  // A fact given twice counts with its last value (as Bind does); a JSON object holds one.
  std::vector<std::string_view> names;
  for (const auto& f : a.facts) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  bool dups = std::adjacent_find(names.begin(), names.end()) != names.end();
  std::map<std::string, size_t> last;
  if (dups)
    for (size_t i = 0; i < a.facts.size(); ++i) last[a.facts[i].name] = i;
  bool first = true;
  for (size_t i = 0; i < a.facts.size(); ++i) {
    const RawFact& f = a.facts[i];
    if (dups && last[f.name] != i) continue;
    std::string name = utf8::FindInvalid(f.name) ? "\xEF\xBF\xBD" : f.name;
    if (!first) out += ',';
    first = false;
    AppendJsonText(out, name);
    out += ':';
    AppendRawJson(out, f.value);
  }
  out += "}}";
  return out;
}

bool ApplicantFromInputsJson(const std::string& json, Applicant& out, LocalText& error) {
  ojson j = ojson::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = SayBoth(Msg::kAuditInputsNotObject);
    return false;
  }
  out = Applicant{};
  if (j.contains("id") && !TextFromJson(j["id"], out.id)) {
    error = SayBoth(Msg::kAuditInputsIdNotText);
    return false;
  }
  if (j.contains("as_of") && j["as_of"].is_string()) out.as_of = ParseDate(j["as_of"].get<std::string>());
  if (!j.contains("facts") || !j["facts"].is_object()) {
    error = SayBoth(Msg::kAuditInputsNoFacts);
    return false;
  }
  for (const auto& [name, value] : j["facts"].items()) {
    RawFact f;
    f.name = name;
    if (!RawFromJson(value, f.value, false)) {
      error = SayBoth(Msg::kAuditInputsBadValue, fmt::arg("fact", name));
      return false;
    }
    out.facts.push_back(std::move(f));
  }
  return true;
}

AuditRecord MakeAuditRecord(const Decision& d, const std::string& rules_sha256, const Applicant& a, Lang lang,
                            std::string origin, std::optional<int64_t> origin_seq) {
  AuditRecord r;
  r.program = d.program->id;
  r.version = d.program->version;
  r.rules_sha256 = rules_sha256;
  r.as_of = FormatDate(d.as_of);
  r.applicant_id = a.id;
  r.inputs = InputsJson(a);
  r.outcome = OutcomeName(d.outcome);
  r.score = ExactText(d.score);
  if (d.award) r.award = ExactText(*d.award);
  r.lang = lang == Lang::kJa ? "ja" : "en";
  r.explanation = RenderJson(d, lang);
  r.origin = std::move(origin);
  r.origin_seq = origin_seq;
  return r;
}

std::vector<AuditSource> AuditSourcesOf(const RuleSet& rules, const CompiledProgram& program) {
  namespace fs = std::filesystem;
  std::vector<AuditSource> out;
  fs::path root = fs::path(rules.root()).lexically_normal();
  for (const auto& path : program.source_paths) {
    const SourceFile* f = rules.sources().Find(path);
    if (!f) continue;
    std::string rel = path;
    if (!rules.root().empty()) {
      fs::path r = fs::path(path).lexically_normal().lexically_relative(root);
      if (!r.empty() && *r.begin() != "..") rel = r.generic_string();
    }
    out.push_back({rel, f->text()});
  }
  std::sort(out.begin(), out.end(), [](const AuditSource& a, const AuditSource& b) { return a.path < b.path; });
  return out;
}

std::unique_ptr<AuditLog> AuditLog::Open(const std::string& path, Status& st, OpenMode mode) {
  auto db = Db::Open(path, mode, st);
  if (!db) return nullptr;
  st = mode == OpenMode::kReadOnly ? CheckSchema(*db) : EnsureSchema(*db);
  if (!st.ok()) return nullptr;
  auto log = std::unique_ptr<AuditLog>(new AuditLog());
  log->db_ = std::move(db);
  return log;
}

std::string RuleSetHash(const std::vector<AuditSource>& sources, std::string* files_json) {
  ojson files = ojson::array();
  std::vector<std::pair<std::string, std::string>> hashed;
  for (const auto& s : sources) hashed.emplace_back(s.path, Sha256Hex(s.text));
  std::sort(hashed.begin(), hashed.end());
  hashed.erase(std::unique(hashed.begin(), hashed.end()), hashed.end());
  for (const auto& [path, hash] : hashed) files.push_back(ojson::array({path, hash}));
  std::string files_text = files.dump(-1, ' ', false, ojson::error_handler_t::replace);
  if (files_json) *files_json = files_text;
  return Sha256Hex(files_text);
}

Status AuditLog::AddRules(const std::vector<AuditSource>& sources, std::string& rules_sha256) {
  std::string files_text;
  rules_sha256 = RuleSetHash(sources, &files_text);
  Status st = db_->Begin();
  if (!st.ok()) return st;
  {
    Stmt src(*db_, "INSERT OR IGNORE INTO audit_sources(sha256, text) VALUES (?, ?)", st);
    if (!st.ok()) return db_->Rollback(), st;
    for (const auto& s : sources) {
      src.Bind(1, Sha256Hex(s.text)).Bind(2, s.text);
      if (!(st = src.Run()).ok()) return db_->Rollback(), st;
    }
    Stmt set(*db_, "INSERT OR IGNORE INTO audit_rule_sets(sha256, files) VALUES (?, ?)", st);
    if (!st.ok()) return db_->Rollback(), st;
    set.Bind(1, rules_sha256).Bind(2, files_text);
    if (!(st = set.Run()).ok()) return db_->Rollback(), st;
  }
  return db_->Commit();
}

Status AuditLog::Append(const std::vector<AuditRecord>& records) {
  if (records.empty()) return Status::Ok();
  Status st = db_->Begin();
  if (!st.ok()) return st;
  auto fail = [&](Status s) {
    db_->Rollback();
    return s;
  };
  int64_t last_id = 0;
  std::string last_hash = kGenesis;
  {
    Stmt last(*db_, "SELECT id, row_sha256 FROM audit ORDER BY id DESC LIMIT 1", st);
    if (!st.ok()) return fail(st);
    if (last.Step(st)) {
      last_id = last.Int(0);
      last_hash = last.Text(1);
    }
    if (!st.ok()) return fail(st);
  }
  Stmt ins(*db_, std::string("INSERT INTO audit(") + kRowColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           st);
  if (!st.ok()) return fail(st);
  std::string engine = EngineVersion();
  for (const auto& rec : records) {
    AuditRow row;
    row.id = ++last_id;
    row.time = NowUtc();
    row.engine_version = engine;
    row.record = rec;
    row.prev_sha256 = last_hash;
    row.row_sha256 = RowHash(row);
    last_hash = row.row_sha256;
    ins.Bind(1, row.id).Bind(2, row.time).Bind(3, rec.program).Bind(4, rec.version).Bind(5, rec.rules_sha256);
    ins.Bind(6, engine).Bind(7, rec.as_of).Bind(8, rec.applicant_id).Bind(9, rec.inputs).Bind(10, rec.outcome);
    ins.Bind(11, rec.score).Bind(12, rec.award).Bind(13, rec.lang).Bind(14, rec.explanation).Bind(15, rec.origin);
    if (rec.origin_seq) ins.Bind(16, *rec.origin_seq);
    else ins.BindNull(16);
    ins.Bind(17, row.prev_sha256).Bind(18, row.row_sha256);
    if (!(st = ins.Run()).ok()) return fail(st);
  }
  Stmt head(*db_,
            "INSERT INTO audit_head(one, rows, last_id, last_sha256) VALUES (1, ?, ?, ?) "
            "ON CONFLICT(one) DO UPDATE SET rows = rows + ?, last_id = excluded.last_id, last_sha256 = excluded.last_sha256",
            st);
  if (!st.ok()) return fail(st);
  auto n = static_cast<int64_t>(records.size());
  head.Bind(1, n).Bind(2, last_id).Bind(3, last_hash).Bind(4, n);
  if (!(st = head.Run()).ok()) return fail(st);
  return db_->Commit();
}

int64_t AuditLog::LastSeq(const std::string& origin, Status& st) {
  Stmt s(*db_, "SELECT max(origin_seq) FROM audit WHERE origin = ?", st);
  if (!st.ok()) return -1;
  s.Bind(1, origin);
  if (!s.Step(st) || s.IsNull(0)) return -1;
  return s.Int(0);
}

Status AuditLog::History(const std::string& applicant_id, std::vector<AuditRow>& out) {
  Status st;
  Stmt s(*db_, std::string("SELECT ") + kRowColumns + " FROM audit WHERE applicant_id = ? ORDER BY id", st);
  if (!st.ok()) return st;
  s.Bind(1, applicant_id);
  while (s.Step(st)) out.push_back(ReadRow(s));
  return st;
}

namespace {

// Rebuilds rule sets from their stored sources, a few at a time.
class Replayer {
 public:
  explicit Replayer(Db& db) : db_(db) {}

  // The rule set with this hash, or null with `why`.
  const RuleSet* Get(const std::string& rules_sha256, LocalText& why) {
    if (auto it = cache_.find(rules_sha256); it != cache_.end()) {
      why = it->second.second;
      return it->second.first.get();
    }
    if (cache_.size() >= 32) cache_.clear();  // a log spans few rule versions; bound memory anyway
    auto& slot = cache_[rules_sha256];
    Status st;
    Stmt set(db_, "SELECT files FROM audit_rule_sets WHERE sha256 = ?", st);
    if (!st.ok()) return Fail(slot, why, st.message);
    set.Bind(1, rules_sha256);
    if (!set.Step(st)) return Fail(slot, why, SayBoth(Msg::kAuditRuleSetNotStored, fmt::arg("hash", rules_sha256.substr(0, 12))));
    ojson files = ojson::parse(set.Text(0), nullptr, false);
    if (files.is_discarded() || !files.is_array()) return Fail(slot, why, SayBoth(Msg::kAuditRuleSetUnreadable));
    std::map<std::string, std::string> texts;
    Stmt src(db_, "SELECT text FROM audit_sources WHERE sha256 = ?", st);
    if (!st.ok()) return Fail(slot, why, st.message);
    for (const auto& f : files) {
      if (!f.is_array() || f.size() != 2 || !f[0].is_string() || !f[1].is_string())
        return Fail(slot, why, SayBoth(Msg::kAuditRuleSetUnreadable));
      src.Bind(1, f[1].get<std::string>());
      if (!src.Step(st)) return Fail(slot, why, SayBoth(Msg::kAuditSourceNotStored, fmt::arg("file", f[0].get<std::string>())));
      texts[f[0].get<std::string>()] = src.Text(0);
      src.Reset();
    }
    slot.first = RuleSet::LoadTexts(texts);
    if (!slot.first->ok()) {
      slot.second = slot.first->diagnostics().empty()
                        ? SayBoth(Msg::kAuditRulesDoNotCompile, fmt::arg("error", "?"))
                        : SayBoth(Msg::kAuditRulesDoNotCompile, fmt::arg("error", slot.first->diagnostics().front().message));
    }
    why = slot.second;
    return slot.first.get();
  }

 private:
  const RuleSet* Fail(std::pair<std::unique_ptr<RuleSet>, LocalText>& slot, LocalText& why, LocalText message) {
    slot.first.reset();
    slot.second = std::move(message);
    why = slot.second;
    return nullptr;
  }

  Db& db_;
  std::map<std::string, std::pair<std::unique_ptr<RuleSet>, LocalText>> cache_;
};

// An award as stored, or the word for none.
LocalText Show(const std::optional<std::string>& s) { return s ? LocalText{*s, *s} : SayBoth(Msg::kDiffNoAward); }

// "row 4" or "rows 4 to 6".
LocalText RowsText(int64_t from, int64_t to) {
  return from == to ? SayBoth(Msg::kAuditRow, fmt::arg("row", from))
                    : SayBoth(Msg::kAuditRows, fmt::arg("from", from), fmt::arg("to", to));
}

// The phrases joined with the list separator of each language.
LocalText JoinBoth(const std::vector<LocalText>& parts) {
  LocalText out;
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    std::string joined;
    for (size_t k = 0; k < parts.size(); ++k) joined += (k ? Say(lang, Msg::kListSeparator) : "") + parts[k].Get(lang);
    (lang == Lang::kJa ? out.ja : out.en) = std::move(joined);
  }
  return out;
}

void StripLocations(ojson& j) {
  if (j.is_object()) {
    j.erase("location");
    for (auto& [k, v] : j.items()) StripLocations(v);
  } else if (j.is_array()) {
    for (auto& v : j) StripLocations(v);
  }
}

// Two explanations say the same: equal but for `location`s, which name the files as they
// were when decided (a rules directory, an applicant file) and not as replayed from the log.
bool SameExplanation(const std::string& a, const std::string& b) {
  ojson x = ojson::parse(a, nullptr, false), y = ojson::parse(b, nullptr, false);
  if (x.is_discarded() || y.is_discarded()) return a == b;
  StripLocations(x);
  StripLocations(y);
  return x == y;
}

}  // namespace

std::optional<AuditHead> ParseAuditHead(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 18) return std::nullopt;
  AuditHead h;
  for (size_t i = 0; i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    h.seq = h.seq * 10 + (text[i] - '0');
  }
  h.sha256 = text.substr(colon + 1);
  if (h.sha256.size() != 64) return std::nullopt;
  for (char c : h.sha256)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  return h;
}

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

template <class... Args>
Status KeyError(Msg id, const Args&... args) {
  return Status::Error(kError, SayBoth(id, args...));
}

// An Ed25519 key from a PEM file: the private key, or the public one.
Pkey ReadEd25519(const std::string& path, bool private_key, Status& st) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
  if (!bio) {
    st = KeyError(Msg::kAuditCannotReadKey, fmt::arg("path", path));
    return nullptr;
  }
  Pkey key(private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                       : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    st = KeyError(private_key ? Msg::kAuditNoPrivateKey : Msg::kAuditNoPublicKey, fmt::arg("path", path));
    return nullptr;
  }
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    st = KeyError(Msg::kAuditNotEd25519, fmt::arg("path", path));
    return nullptr;
  }
  st = Status::Ok();
  return key;
}

std::string HeadMessage(const AuditHead& head) { return "elig-audit-head-v1\n" + head.Text(); }

}  // namespace

Status SignAuditHead(const AuditHead& head, const std::string& private_key_pem, std::string& signature_base64) {
  Status st;
  Pkey key = ReadEd25519(private_key_pem, true, st);
  if (!key) return st;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::string message = HeadMessage(head);
  unsigned char sig[64];
  size_t len = sizeof sig;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    return KeyError(Msg::kAuditCannotSign, fmt::arg("path", private_key_pem));
  unsigned char b64[4 * ((sizeof sig + 2) / 3) + 1];
  int n = EVP_EncodeBlock(b64, sig, static_cast<int>(len));
  signature_base64.assign(reinterpret_cast<const char*>(b64), static_cast<size_t>(n));
  return Status::Ok();
}

Status VerifyAuditHeadSignature(const AuditHead& head, const std::string& signature_base64, const std::string& public_key_pem) {
  Status st;
  Pkey key = ReadEd25519(public_key_pem, false, st);
  if (!key) return st;
  // An Ed25519 signature is 64 bytes: 88 base64 characters, the last two `=`.
  if (signature_base64.size() != 88 || signature_base64.substr(86) != "==")
    return KeyError(Msg::kAuditSignatureForm);
  unsigned char sig[66];
  if (EVP_DecodeBlock(sig, reinterpret_cast<const unsigned char*>(signature_base64.data()), 88) != 66)
    return KeyError(Msg::kAuditSignatureBase64);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::string message = HeadMessage(head);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return KeyError(Msg::kAuditCannotVerify, fmt::arg("path", public_key_pem));
  if (EVP_DigestVerify(ctx.get(), sig, 64, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    return KeyError(Msg::kAuditSignatureMismatch, fmt::arg("head", head.Text()), fmt::arg("path", public_key_pem));
  return Status::Ok();
}

namespace {

// One verification of a log: the stored sources, then the chain row by row (with the
// replay), then the head.
class Verifier {
 public:
  Verifier(Db& db, VerifyReport& report, const VerifyOptions& options)
      : db_(db), report_(report), options_(options), replayer_(db) {}

  // 1. Stored sources and rule sets against their hashes.
  Status CheckSources() {
    Status st;
    std::set<std::string> altered_sources;  // hashes of sources whose text no longer matches
    {
      Stmt s(db_, "SELECT sha256, text FROM audit_sources ORDER BY sha256", st);
      if (!st.ok()) return st;
      while (s.Step(st)) {
        ++report_.sources;
        if (Sha256Hex(s.Text(1)) != s.Text(0)) altered_sources.insert(s.Text(0));
      }
      if (!st.ok()) return st;
    }
    Stmt s(db_, "SELECT sha256, files FROM audit_rule_sets ORDER BY sha256", st);
    if (!st.ok()) return st;
    while (s.Step(st)) {
      std::string hash = s.Text(0), files = s.Text(1);
      if (Sha256Hex(files) != hash) set_problems_[hash].push_back(SayBoth(Msg::kAuditListOfFiles));
      ojson j = ojson::parse(files, nullptr, false);
      if (!j.is_array()) continue;
      for (const auto& f : j)
        if (f.is_array() && f.size() == 2 && f[1].is_string() && altered_sources.count(f[1].get<std::string>())) {
          std::string path = f[0].is_string() ? f[0].get<std::string>() : "?";
          set_problems_[hash].push_back(LocalText{path, path});
        }
    }
    return st;
  }

  // 2. The chain, row by row, with the replay.
  Status CheckRows() {
    Status st;
    Stmt rows(db_, std::string("SELECT ") + kRowColumns + " FROM audit ORDER BY id", st);
    if (!st.ok()) return st;
    while (rows.Step(st)) {
      AuditRow r = ReadRow(rows);
      ++report_.rows;
      CheckLink(r);
      if (auto it = set_problems_.find(r.record.rules_sha256);
          it != set_problems_.end() && !first_row_of_set_.count(it->first))
        first_row_of_set_[it->first] = r.id;
      if (options_.replay) Replay(r);
    }
    if (!st.ok()) return st;
    ReportAlteredSets();
    return st;
  }

  // 3. The head: rows removed from the end leave no gap, but the head remembers.
  Status CheckHead() {
    Status st;
    Stmt h(db_, "SELECT rows, last_id, last_sha256 FROM audit_head WHERE one = 1", st);
    if (!st.ok()) return st;
    if (h.Step(st)) {
      int64_t rows_n = h.Int(0), last_id = h.Int(1);
      std::string last_hash = h.Text(2);
      // Rows deleted in the middle were reported as gaps; the head must account for the rest.
      if (last_id != prev_id_ || last_hash != prev_hash_ || rows_n != report_.rows + missing_in_gaps_) {
        if (last_id > prev_id_)
          Problem(prev_id_ + 1, "deleted",
                  SayBoth(Msg::kAuditDeletedAtEnd, fmt::arg("rows", RowsText(prev_id_ + 1, last_id)), fmt::arg("count", rows_n)));
        else
          Problem(prev_id_, "head",
                  SayBoth(Msg::kAuditHeadMismatch, fmt::arg("rows", rows_n), fmt::arg("last", last_id),
                          fmt::arg("have", report_.rows), fmt::arg("have_last", prev_id_)));
      }
    } else if (st.ok() && report_.rows > 0) {
      Problem(0, "head", SayBoth(Msg::kAuditHeadMissing));
    }
    return st;
  }

  // The head published elsewhere (VerifyOptions::expect_head), and the report's end.
  void Finish() {
    if (options_.expect_head && !expected_seen_ && options_.expect_head->seq > 0) {
      const AuditHead& h = *options_.expect_head;
      if (h.seq > prev_id_)
        Problem(prev_id_ + 1, "cut",
                SayBoth(Msg::kAuditCut, fmt::arg("last", prev_id_), fmt::arg("seq", h.seq), fmt::arg("head", h.Text()),
                        fmt::arg("from", prev_id_ + 1), fmt::arg("to", h.seq)));
      else
        Problem(h.seq, "cut", SayBoth(Msg::kAuditHeadRowMissing, fmt::arg("seq", h.seq), fmt::arg("head", h.Text())));
    }
    if (options_.expect_head && options_.expect_head->seq == 0 && options_.expect_head->sha256 != kGenesis)
      Problem(0, "head",
              SayBoth(Msg::kAuditHeadRowZero, fmt::arg("head", options_.expect_head->Text()), fmt::arg("genesis", kGenesis)));
    report_.head_sha256 = prev_hash_;
    report_.head_seq = prev_id_;
    std::stable_sort(report_.problems.begin(), report_.problems.end(),
                     [](const VerifyProblem& a, const VerifyProblem& b) { return a.row < b.row; });
  }

 private:
  void Problem(int64_t row, std::string kind, LocalText message) {
    if (report_.problems.size() < options_.max_problems)
      report_.problems.push_back({row, std::move(kind), std::move(message)});
  }

  // The row's own hash and its link to the row before.
  void CheckLink(const AuditRow& r) {
    if (options_.expect_head && r.id == options_.expect_head->seq) {
      expected_seen_ = true;
      if (r.row_sha256 != options_.expect_head->sha256)
        Problem(r.id, "head",
                SayBoth(Msg::kAuditNotHeadRow, fmt::arg("row", r.id), fmt::arg("head", options_.expect_head->Text()),
                        fmt::arg("hash", r.row_sha256)));
    }
    bool gap = r.id != prev_id_ + 1;
    if (gap) {
      missing_in_gaps_ += r.id - prev_id_ - 1;
      Problem(prev_id_ + 1, "deleted",
              SayBoth(Msg::kAuditDeletedGap, fmt::arg("rows", RowsText(prev_id_ + 1, r.id - 1)), fmt::arg("prev", prev_id_),
                      fmt::arg("next", r.id)));
    }
    if (RowHash(r) != r.row_sha256)
      Problem(r.id, "edited", SayBoth(Msg::kAuditEdited, fmt::arg("row", r.id)));
    if (r.prev_sha256 != prev_hash_ && !gap)
      Problem(r.id, "chain", SayBoth(Msg::kAuditChain, fmt::arg("row", r.id), fmt::arg("prev", prev_id_)));
    prev_id_ = r.id;
    prev_hash_ = r.row_sha256;
  }

  // Decides the row again from its stored rules and inputs.
  void Replay(const AuditRow& r) {
    LocalText why;
    const RuleSet* rs = replayer_.Get(r.record.rules_sha256, why);
    const CompiledProgram* prog = rs ? rs->Find(r.record.program) : nullptr;
    if (!prog) {
      if (why.Empty()) why = SayBoth(Msg::kAuditReplayNoProgram, fmt::arg("program", r.record.program));
      Problem(r.id, "replay", SayBoth(Msg::kAuditCannotReplay, fmt::arg("row", r.id), fmt::arg("why", why)));
      return;
    }
    Applicant a;
    auto as_of = ParseDate(r.record.as_of);
    if (!ApplicantFromInputsJson(r.record.inputs, a, why) || !as_of) {
      if (as_of == std::nullopt) why = SayBoth(Msg::kAuditReplayBadAsOf);
      Problem(r.id, "replay", SayBoth(Msg::kAuditCannotReplay, fmt::arg("row", r.id), fmt::arg("why", why)));
      return;
    }
    FactValues facts = Bind(*prog, a);
    EvalOptions eo;
    eo.as_of = *as_of;
    Decision d = Decide(*prog, facts, eo);
    ++report_.replayed;
    std::optional<std::string> award = d.award ? std::optional<std::string>(ExactText(*d.award)) : std::nullopt;
    std::vector<LocalText> diffs;
    auto differs = [&](Msg id, const auto& old_value, const auto& new_value) {
      diffs.push_back(SayBoth(id, fmt::arg("old", old_value), fmt::arg("new", new_value)));
    };
    if (OutcomeName(d.outcome) != r.record.outcome) differs(Msg::kDiffOutcome, r.record.outcome, std::string(OutcomeName(d.outcome)));
    if (ExactText(d.score) != r.record.score) differs(Msg::kDiffScore, r.record.score, ExactText(d.score));
    if (award != r.record.award) differs(Msg::kDiffAward, Show(r.record.award), Show(award));
    if (prog->version != r.record.version) differs(Msg::kAuditDiffVersion, r.record.version, prog->version);
    // The explanation text is compared only under the engine that wrote it.
    if (diffs.empty() && r.engine_version == EngineVersion() &&
        !SameExplanation(RenderJson(d, r.record.lang == "ja" ? Lang::kJa : Lang::kEn), r.record.explanation))
      diffs.push_back(SayBoth(Msg::kAuditDiffExplanation));
    if (!diffs.empty())
      Problem(r.id, "replay", SayBoth(Msg::kAuditReplaysDifferently, fmt::arg("row", r.id), fmt::arg("diffs", JoinBoth(diffs))));
  }

  // A rule set with an altered source, at the first row that used it.
  void ReportAlteredSets() {
    for (const auto& [hash, paths] : set_problems_) {
      auto first = first_row_of_set_.find(hash);
      const std::string short_hash = hash.substr(0, 12);
      const LocalText files = JoinBoth(paths);
      auto h = fmt::arg("hash", short_hash);
      auto f = fmt::arg("files", files);
      if (first != first_row_of_set_.end())
        Problem(first->second, "source", SayBoth(Msg::kAuditRulesAlteredFirstRow, h, f, fmt::arg("row", first->second)));
      else
        Problem(0, "source", SayBoth(Msg::kAuditRulesAltered, h, f));
    }
  }

  Db& db_;
  VerifyReport& report_;
  const VerifyOptions& options_;
  Replayer replayer_;
  std::map<std::string, std::vector<LocalText>> set_problems_;  // rule set hash -> paths altered
  std::map<std::string, int64_t> first_row_of_set_;
  int64_t prev_id_ = 0, missing_in_gaps_ = 0;
  std::string prev_hash_ = kGenesis;
  bool expected_seen_ = false;
};

}  // namespace

Status VerifyAudit(AuditLog& log, VerifyReport& report, const VerifyOptions& options) {
  report = VerifyReport{};
  Verifier v(log.db(), report, options);
  Status st;
  if (!(st = v.CheckSources()).ok() || !(st = v.CheckRows()).ok() || !(st = v.CheckHead()).ok()) return st;
  v.Finish();
  return Status::Ok();
}

}  // namespace elig::store
