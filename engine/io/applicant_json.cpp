// SPDX-License-Identifier: Apache-2.0
#include "io/applicant_json.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/diagnose.hpp"
#include "common/json_depth.hpp"
#include "common/utf8.hpp"
#include "io/json_scalar.hpp"

namespace elig {
namespace {

using namespace json_detail;

bool IsSpecial(std::string_view key) { return key == "id" || key == "as_of" || key == "facts" || key == "note"; }

// Reads one applicant object into an InputRow; positions through JsonPlaces.
class ObjectReader {
 public:
  ObjectReader(std::string_view text, const JsonApplicantOptions& options, JsonPlaces& places, InputRow& row,
               std::vector<std::string>* codes)
      : text_(text), options_(options), places_(places), row_(row), codes_(codes) {}

  // The top-level object. False when the applicant is refused (the row is then unreadable).
  bool Top(od::object& obj) {
    SeenKeys seen;
    bool nested = false;
    std::optional<SourceLoc> first_flat;
    for (auto member : obj) {
      od::field field;
      std::string_view key;
      SourceLoc key_loc;
      od::json_type type;
      if (!Key(std::move(member), field, key, key_loc)) return false;
      od::value& v = field.value();
      SourceLoc loc = ValueLoc(v);
      if (auto e = v.type().get(type)) return Broken(e, loc);
      if (!Count(loc)) return false;
      if (!seen.Insert(key)) {
        if (IsSpecial(key))
          return Refuse("duplicate-key", SayBoth(Msg::kApplicantKeyTwice, fmt::arg("key", key)), key_loc);
        Duplicate(key, key_loc);
        continue;
      }
      if (key == "facts") {
        if (type != od::json_type::object)
          return Refuse("expected-map", SayBoth(Msg::kJsonFactsNotObject), loc);
        od::object inner;
        if (auto e = v.get_object().get(inner)) return Broken(e, loc);
        nested = true;
        if (!Facts(inner)) return false;
        continue;
      }
      if (key == "id" || key == "as_of" || key == "note") {
        if (!Special(key, v, loc)) return false;
        continue;
      }
      if (!first_flat) first_flat = key_loc;
      if (!Fact(key, key_loc, v)) return false;
    }
    if (nested && first_flat)
      return Refuse("mixed-facts", SayBoth(Msg::kApplicantMixedFacts), *first_flat);
    return true;
  }

  bool Refuse(const char* code, LocalText message, const SourceLoc& loc) {
    row_.readable = false;
    Issue({"", std::move(message), loc}, code);
    return false;
  }

  SourceLoc At(std::string_view token) {
    const char* begin = text_.data();
    if (token.data() < begin || token.data() > begin + text_.size()) return places_.At(0, 1);
    return places_.At(static_cast<size_t>(token.data() - begin), std::max<size_t>(1, TrimToken(token).size()));
  }

  bool Broken(simdjson::error_code e, const SourceLoc& loc) { return Refuse("bad-json", Why(e), loc); }

  // The document is no object (`e` is INCORRECT_TYPE), or broken.
  bool NotObject(simdjson::error_code e, const SourceLoc& loc) {
    if (e != simdjson::INCORRECT_TYPE) return Broken(e, loc);
    return Refuse("expected-map", SayBoth(Msg::kJsonNotObject, fmt::arg("example", R"({"capital": 10000000})")), loc);
  }

  void Issue(InputIssue issue, const char* code) {
    row_.issues.push_back(std::move(issue));
    if (codes_) codes_->push_back(code);
  }

 private:
  // A member of an object: its key and the key's place; false (refused) when the JSON is broken.
  bool Key(simdjson::simdjson_result<od::field>&& member, od::field& field, std::string_view& key, SourceLoc& key_loc) {
    if (auto e = std::move(member).get(field)) return Broken(e, places_.At(0, 1));
    const char* key_at = field.key().raw();  // before unescaped_key, which consumes it
    if (auto e = field.unescaped_key().get(key)) return Broken(e, KeyLoc(key_at));
    key_loc = KeyLoc(key_at, key);
    return true;
  }

  // The key's place: its opening quote.
  SourceLoc KeyLoc(const char* raw, std::string_view key = {}) {
    if (!raw || raw <= text_.data() || raw > text_.data() + text_.size()) return places_.At(0, 1);
    return places_.At(static_cast<size_t>(raw - 1 - text_.data()), key.size() + 2);
  }
  SourceLoc ValueLoc(od::value& v) { return At(v.raw_json_token()); }

  bool Count(const SourceLoc& loc) {
    if (++keys_ <= options_.max_fields) return true;
    return Refuse("too-large", SayBoth(Msg::kJsonTooManyKeys, fmt::arg("max", options_.max_fields)), loc);
  }

  // The members of `facts`: each one a fact.
  bool Facts(od::object& obj) {
    SeenKeys seen;
    for (auto member : obj) {
      od::field field;
      std::string_view key;
      SourceLoc key_loc;
      if (!Key(std::move(member), field, key, key_loc)) return false;
      od::value& v = field.value();
      if (!Count(key_loc)) return false;
      if (!seen.Insert(key)) {
        Duplicate(key, key_loc);
        continue;
      }
      if (!Fact(key, key_loc, v)) return false;
    }
    return true;
  }

  // A fact given twice counts as unknown: neither value is used.
  void Duplicate(std::string_view key, const SourceLoc& loc) {
    std::string name(key);
    auto& facts = row_.applicant.facts;
    facts.erase(std::remove_if(facts.begin(), facts.end(), [&](const RawFact& f) { return f.name == name; }), facts.end());
    Issue({name, SayBoth(Msg::kApplicantFactTwice, fmt::arg("fact", utf8::Printable(name))), loc}, "duplicate-key");
  }

  // One fact, built where it is kept and taken back if it cannot be one. False when the
  // JSON itself is broken.
  bool Fact(std::string_view key, const SourceLoc& key_loc, od::value& v) {
    RawFact& fact = row_.applicant.facts.emplace_back();
    LocalText why;
    bool broken = false;
    if (!ToRaw(v, fact.value, false, why, broken)) {
      SourceLoc at = fact.value.loc;
      row_.applicant.facts.pop_back();
      if (broken) return Refuse("bad-json", std::move(why), at);
      Issue({std::string(key), std::move(why), at}, "bad-value");
      return true;
    }
    fact.name.assign(key);
    fact.loc = key_loc;
    return true;
  }

  // `id`, `as_of` (as the CSV reader reads their columns) and `note` (a remark: read, and
  // left). False when the applicant is refused.
  bool Special(std::string_view key, od::value& v, const SourceLoc& loc) {
    RawValue raw;
    LocalText why;
    bool broken = false;
    if (!ToRaw(v, raw, false, why, broken)) {
      if (broken) return Refuse("bad-json", std::move(why), raw.loc);
      if (key == "note") return true;
      raw.type = RawValue::Type::kList;  // an object: as wrong as a list
    }
    if (key == "note") return true;
    std::string name(key);
    if (raw.type == RawValue::Type::kList) {
      if (key == "as_of")
        return Refuse("bad-date", SayBoth(Msg::kApplicantBadAsOf, fmt::arg("example", "\"2026-06-01\"")), loc);
      Issue({name, SayBoth(Msg::kJsonNotSingle, fmt::arg("key", name)), loc}, "bad-value");
      return true;
    }
    size_t before = row_.issues.size();
    input_detail::SpecialColumn(name, raw.type == RawValue::Type::kScalar ? raw.text : "", raw.loc, row_);
    for (size_t i = before; codes_ && i < row_.issues.size(); ++i) codes_->push_back("bad-date");
    return row_.readable;
  }

  // A JSON value as a fact value; false (with `why`) when it cannot be one, `broken` when
  // the JSON itself is.
  bool ToRaw(od::value& v, RawValue& out, bool in_list, LocalText& why, bool& broken) {
    out.loc = ValueLoc(v);
    auto broken_json = [&](simdjson::error_code e) {
      why = Why(e);
      broken = true;
      return false;
    };
    od::json_type type;
    if (auto e = v.type().get(type)) return broken_json(e);
    switch (type) {
      case od::json_type::string:
      case od::json_type::number:
      case od::json_type::boolean:
      case od::json_type::null: {
        std::string_view text;
        bool null = false;
        if (auto e = ScalarText(v, type, text, null)) return broken_json(e);
        if (null) {
          out.type = RawValue::Type::kNull;
          return true;
        }
        out.type = RawValue::Type::kScalar;
        out.text.assign(text);
        out.quoted = type == od::json_type::string;
        return true;
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = v.get_array().get(arr)) return broken_json(e);
        if (in_list) {
          why = SayBoth(Msg::kJsonListInList);
          return false;
        }
        out.type = RawValue::Type::kList;
        for (auto item : arr) {
          od::value iv;
          if (auto e = item.get(iv)) return broken_json(e);
          RawValue rv;
          if (!ToRaw(iv, rv, true, why, broken)) return false;
          out.items.push_back(std::move(rv));
        }
        return true;
      }
      case od::json_type::object: {
        if (!in_list) {
          why = SayBoth(Msg::kJsonFactIsObject);
          return false;
        }
        // A record in a list of records: its fields, each a single value.
        od::object obj;
        if (auto e = v.get_object().get(obj)) return broken_json(e);
        out.type = RawValue::Type::kMap;
        for (auto member : obj) {
          od::field field;
          if (auto e = std::move(member).get(field)) return broken_json(e);
          std::string_view key;
          if (auto e = field.unescaped_key().get(key)) return broken_json(e);
          out.keys.emplace_back(key);
          od::value fv = field.value();
          RawValue rv;
          if (!ToRaw(fv, rv, true, why, broken)) return false;
          out.items.push_back(std::move(rv));
        }
        return true;
      }
    }
    why = SayBoth(Msg::kJsonUnsupported);
    return false;
  }

  std::string_view text_;
  const JsonApplicantOptions& options_;
  JsonPlaces& places_;
  InputRow& row_;
  std::vector<std::string>* codes_;
  size_t keys_ = 0;
};

// Where the document ends the rest of the text is blank: empty, or the rest.
std::string_view AfterDocument(od::document& doc, std::string_view text) {
  if (auto loc = doc.current_location(); !loc.error()) {
    const char* at = loc.value_unsafe();
    if (at && at >= text.data() && at < text.data() + text.size()) {
      std::string_view rest(at, static_cast<size_t>(text.data() + text.size() - at));
      if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) return rest;
    }
  }
  return {};
}

// The thread's parser for texts up to a mebibyte (JSON lines, applicant files); a larger
// text gets its own, so that no thread keeps a large buffer after it.
simdjson::error_code Iterate(std::string_view text, size_t readable, od::parser& own, od::document& doc) {
  thread_local od::parser shared;
  od::parser& parser = text.size() <= 1024 * 1024 ? shared : own;
  return parser.iterate(simdjson::padded_string_view(text.data(), text.size(), readable)).get(doc);
}

// Places in a SourceFile whose text starts `skip` bytes before the JSON (a byte order mark).
class FilePlaces : public JsonPlaces {
 public:
  FilePlaces(const SourceFile& file, size_t skip) : file_(file), skip_(skip) {}
  SourceLoc At(size_t offset, size_t length) override { return file_.Loc(offset + skip_, length); }

 private:
  const SourceFile& file_;
  size_t skip_;
};

// Nesting past this is a mistake or an attack: an applicant is a map of values and lists.
constexpr size_t kMaxDepth = 16;

size_t BomSize(std::string_view text) { return text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0; }

void ToDiagnostics(const InputRow& row, const std::vector<std::string>& codes, std::vector<Diagnostic>& diags) {
  for (size_t i = 0; i < row.issues.size(); ++i) {
    const InputIssue& issue = row.issues[i];
    Diagnostic d;
    d.code = i < codes.size() ? codes[i] : "bad-value";
    d.message = issue.message;
    d.loc = issue.loc;
    diags.push_back(std::move(d));
  }
}

// Reads the one applicant object `v` of a document into `row`.
void ReadValue(od::value& v, std::string_view text, JsonPlaces& places, InputRow& row, std::vector<std::string>& codes) {
  JsonApplicantOptions options;
  ObjectReader reader(text, options, places, row, &codes);
  od::object obj;
  if (auto e = v.get_object().get(obj)) {
    reader.NotObject(e, reader.At(v.raw_json_token()));
    return;
  }
  if (!reader.Top(obj)) row.applicant.facts.clear();
}

}  // namespace

std::string PadJson(std::string_view text) {
  std::string padded;
  padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(text);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  return padded;
}

void ReadJsonApplicant(std::string_view text, size_t readable, const JsonApplicantOptions& options, JsonPlaces& places,
                       InputRow& row, std::vector<std::string>* codes) {
  ObjectReader reader(text, options, places, row, codes);
  od::parser own;
  od::document doc;
  if (auto e = Iterate(text, readable, own, doc)) {
    reader.Broken(e, places.At(0, 1));
    return;
  }
  od::object obj;
  if (auto e = doc.get_object().get(obj)) {
    reader.NotObject(e, places.At(0, 1));
    return;
  }
  if (!reader.Top(obj)) {
    row.applicant.facts.clear();
    return;
  }
  // Anything after the object (`{…} x`, or two objects) is broken JSON.
  if (std::string_view rest = AfterDocument(doc, text); !rest.empty()) {
    row.applicant.facts.clear();
    row.issues.clear();
    if (codes) codes->clear();
    reader.Refuse("bad-json", SayBoth(Msg::kJsonTextAfterObject), reader.At(rest.substr(0, 1)));
  }
}

bool ParseApplicantJson(const SourceFile& file, Applicant& out, std::vector<Diagnostic>& diags) {
  std::string_view text = file.text();
  size_t bom = BomSize(text);
  text.remove_prefix(bom);
  FilePlaces places(file, bom);
  InputRow row;
  row.applicant = std::move(out);
  row.applicant.source = file.path();
  if (auto deep = JsonTooDeep(text, kMaxDepth)) {
    diags.push_back(Diagnose(Severity::kError, "too-deep", places.At(*deep, 1), Msg::kJsonTooDeep,
                             fmt::arg("max", kMaxDepth)));
    return false;
  }
  std::string padded = PadJson(text);
  std::vector<std::string> codes;
  ReadJsonApplicant(std::string_view(padded.data(), text.size()), padded.size(), JsonApplicantOptions{}, places, row,
                    &codes);
  out = std::move(row.applicant);
  ToDiagnostics(row, codes, diags);
  return row.readable && row.issues.empty();
}

bool ParseApplicantListJson(const SourceFile& file, std::vector<Applicant>& out, std::vector<Diagnostic>& diags) {
  std::string_view text = file.text();
  size_t bom = BomSize(text);
  text.remove_prefix(bom);
  FilePlaces places(file, bom);
  auto fail = [&](const char* code, LocalText message, const SourceLoc& loc) {
    diags.push_back(Diagnose(Severity::kError, code, loc, std::move(message)));
    return false;
  };
  if (auto deep = JsonTooDeep(text, kMaxDepth))
    return fail("too-deep", SayBoth(Msg::kJsonTooDeep, fmt::arg("max", kMaxDepth)), places.At(*deep, 1));
  std::string padded = PadJson(text);
  std::string_view json(padded.data(), text.size());
  od::parser parser;
  od::document doc;
  if (auto e = parser.iterate(simdjson::padded_string_view(json.data(), json.size(), padded.size())).get(doc))
    return fail("bad-json", Why(e), places.At(0, 1));
  od::value root;
  od::json_type type;
  if (auto e = doc.get_value().get(root)) return fail("bad-json", Why(e), places.At(0, 1));
  if (auto e = root.type().get(type)) return fail("bad-json", Why(e), places.At(0, 1));
  bool ok = true;
  auto one = [&](od::value& v) {
    InputRow row;
    row.applicant.source = file.path();
    SourceLoc at = places.At(static_cast<size_t>(v.raw_json_token().data() - json.data()), 1);
    std::vector<std::string> codes;
    ReadValue(v, json, places, row, codes);
    ToDiagnostics(row, codes, diags);
    if (!row.readable || !row.issues.empty()) {
      ok = false;
      return;
    }
    if (row.applicant.id.empty()) row.applicant.id = file.path() + ":" + std::to_string(at.line);
    out.push_back(std::move(row.applicant));
  };
  auto list = [&](od::array& arr) {
    for (auto item : arr) {
      od::value v;
      if (auto e = item.get(v)) return fail("bad-json", Why(e), places.At(0, 1));
      one(v);
    }
    return true;
  };
  if (type == od::json_type::array) {
    od::array arr;
    if (auto e = root.get_array().get(arr)) return fail("bad-json", Why(e), places.At(0, 1));
    if (!list(arr)) return false;
  } else if (type == od::json_type::object) {
    // `{"applicants": [...]}` with nothing beside it, or one applicant. The keys are read
    // first; then, from the start again, the object.
    od::object obj;
    if (auto e = root.get_object().get(obj)) return fail("bad-json", Why(e), places.At(0, 1));
    bool has_list = false;
    for (auto field : obj) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return fail("bad-json", Why(e), places.At(0, 1));
      has_list = has_list || key == "applicants";
    }
    od::value again;
    doc.rewind();
    if (auto e = doc.get_value().get(again)) return fail("bad-json", Why(e), places.At(0, 1));
    if (!has_list) {
      one(again);
    } else {
      if (auto e = again.get_object().get(obj)) return fail("bad-json", Why(e), places.At(0, 1));
      for (auto field : obj) {
        std::string_view key;
        od::value v;
        od::array arr;
        if (auto e = field.unescaped_key().get(key)) return fail("bad-json", Why(e), places.At(0, 1));
        if (auto e = field.value().get(v)) return fail("bad-json", Why(e), places.At(0, 1));
        SourceLoc at = places.At(static_cast<size_t>(v.raw_json_token().data() - json.data()), 1);
        if (key != "applicants")
          return fail("expected-list", SayBoth(Msg::kJsonBesideApplicants), at);
        if (v.get_array().get(arr)) return fail("expected-list", SayBoth(Msg::kJsonApplicantsNotList), at);
        if (!list(arr)) return false;
      }
    }
  } else {
    return fail("expected-list", SayBoth(Msg::kJsonListNotList), places.At(0, 1));
  }
  if (std::string_view rest = AfterDocument(doc, json); !rest.empty())
    return fail("bad-json", SayBoth(Msg::kJsonTextAfterDocument),
                places.At(static_cast<size_t>(rest.data() - json.data()), 1));
  return ok;
}

bool LooksLikeJson(const std::string& path, std::string_view text) {
  auto dot = path.rfind('.');
  if (dot != std::string::npos) {
    if (utf8::EqualsAsciiNoCase(std::string_view(path).substr(dot + 1), "json")) return true;
  }
  text.remove_prefix(BomSize(text));
  size_t i = text.find_first_not_of(" \t\r\n");
  if (i != std::string_view::npos && text[i] == '[') i = text.find_first_not_of(" \t\r\n", i + 1);  // a list of objects
  if (i == std::string_view::npos || text[i] != '{') return false;
  size_t j = text.find_first_not_of(" \t\r\n", i + 1);
  return j != std::string_view::npos && (text[j] == '"' || text[j] == '}');
}

}  // namespace elig
