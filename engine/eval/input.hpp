// SPDX-License-Identifier: Apache-2.0
// Applicant facts: raw values as read from a file or an API, and their binding
// to a program's typed slots. A bad value is an input issue naming the fact,
// and the fact counts as unknown: never a wrong answer.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/source.hpp"
#include "common/value.hpp"
#include "compile/program.hpp"

namespace elig {

struct RawValue {
  enum class Type : uint8_t { kNull, kScalar, kList, kMap };
  Type type = Type::kNull;
  std::string text;            // kScalar
  bool quoted = false;         // "true" in quotes is text, not a yes/no
  std::vector<RawValue> items; // kList; kMap: the values
  std::vector<std::string> keys;  // kMap: the keys, parallel to items (a record's fields)
  SourceLoc loc;
};

struct RawFact {
  std::string name;
  RawValue value;
  SourceLoc loc;  // of the key
};

struct Applicant {
  std::string id;                 // from `id:` (or the file/line it came from)
  std::optional<Date> as_of;      // from `as_of:`, if given
  std::vector<RawFact> facts;
  // File path, for messages. The batch readers (CSV, JSON Lines) leave it out of each
  // fact's location (a copy per field was a fifth of reading a row): IssueLoc puts it back.
  std::string source;
};

// Where a problem with `raw` is: its value's place, else its key's, in the applicant's file.
SourceLoc IssueLoc(const Applicant& applicant, const RawFact& raw);
SourceLoc IssueLoc(const Applicant& applicant, const SourceLoc& loc);

struct InputIssue {
  std::string fact;
  LocalText message;  // said in both languages: each view shows the reader's
  SourceLoc loc;
};

// Typed facts for one program: values[i] belongs to fact slot i.
struct FactValues {
  std::vector<Value> values;
  std::deque<std::string> texts;
  std::deque<ValueList> lists;
  std::vector<InputIssue> issues;
};

// Parses one raw value as a fact of the given type: the strict machine form first, then an
// everyday answer (35万円, 令和9年2月10日, ない, （株）, 群馬: common/answer.hpp). On failure
// returns nullopt and sets `error` to a sentence for people, in ja and en, with an example.
std::optional<Value> ParseFactValue(const CompiledFact& fact, const RawValue& raw, FactValues& storage, LocalText& error);
// The same for a scalar raw value with this text (RawValue::Type::kScalar), without making one.
std::optional<Value> ParseFactScalar(const CompiledFact& fact, std::string_view text, FactValues& storage,
                                     LocalText& error);
// The same, with the sentence in English only.
std::optional<Value> ParseFactValue(const CompiledFact& fact, const RawValue& raw, FactValues& storage, std::string& error);
std::optional<Value> ParseFactScalar(const CompiledFact& fact, std::string_view text, FactValues& storage,
                                     std::string& error);

// A list of records may also be given a field at a time, by an indexed name: `members.2.is_sme`
// is the field `is_sme` of the second record of `members` (CSV columns, `elig ask`). Splits such
// a name: false when it is not one.
bool SplitIndexedName(std::string_view name, std::string& fact, int64_t& index, std::string& field);

// Binds the fields given by indexed name over the lists of records already bound in `out`
// (Bind and BindEach call it after the facts given by name).
void BindIndexedNames(const CompiledProgram& prog, const Applicant& applicant, FactValues& out);

// Binds every fact the program declares; facts it does not declare are ignored.
FactValues Bind(const CompiledProgram& prog, const Applicant& applicant);

// Facts in the applicant that no program in `programs` declares (typos), with suggestions.
std::vector<InputIssue> UnknownFacts(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant);

}  // namespace elig
