// SPDX-License-Identifier: Apache-2.0
// The checker: resolves names, infers types and units, validates enum
// literals, finds cycles. Its output is a side table keyed by AST node that the
// compiler lowers; user mistakes are diagnostics, never exceptions.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/source.hpp"
#include "common/types.hpp"
#include "syntax/rules.hpp"

namespace elig {

enum class TKind : uint8_t { kError, kBool, kNumber, kYen, kText, kDate, kEnum, kList, kTable, kRow, kModule, kRecord };

struct Type {
  TKind kind = TKind::kError;
  std::shared_ptr<const EnumDef> enum_def;  // kEnum, or kList whose elem is kEnum
  TKind elem = TKind::kError;                // kList element; kError for the empty list
  int table = -1;                            // kTable / kRow: index into CheckedProgram::tables
  int module = -1;                           // kModule: index into CheckedProgram::modules
  std::shared_ptr<const RecordDef> record;  // kRecord, or kList whose elem is kRecord
};

LocalText TypeName(const Type& t);  // "a number", "数"

// kLocal: the record an aggregate is at (`m` in `all(m in members: …)`), index = its slot;
// kField: a record's field (`m.is_sme`), index = the field's place in the RecordDef.
enum class RefKind : uint8_t { kNone, kFact, kParam, kDefine, kTable, kModule, kAsOf, kColumn, kLocal, kField };

struct NodeInfo {
  Type type;
  RefKind ref = RefKind::kNone;
  int index = -1;       // fact / param / define / table / module index; column index for kColumn
  int enum_index = -1;  // a text literal compared with an enum: the value's index
};

struct CheckedFact {
  const FactDecl* decl = nullptr;
  const RuleFile* owner = nullptr;  // the file that declared it first
  std::string origin;  // the file that declared it first
  Type type;
  bool used = false;
};

struct CheckedParam {
  const ParamDecl* decl = nullptr;
  const RuleFile* owner = nullptr;
  Type type;
};

struct CheckedDefine {
  const DefineDecl* decl = nullptr;
  const RuleFile* owner = nullptr;
  Type type;
  int state = 0;  // 0 unchecked, 1 in progress, 2 done
};

struct CheckedTable {
  const TableDecl* decl = nullptr;
  const RuleFile* owner = nullptr;
  int key_fact = -1;  // the fact whose values key the rows; -1 when the key is a definition
  std::shared_ptr<const EnumDef> key_enum;  // the key's values (a fact's or a definition's enum)
  std::vector<std::string> columns;
  std::vector<Type> column_types;
};

struct CheckedProgram {
  const RuleFile* program = nullptr;
  std::vector<const RuleFile*> modules;  // every module reachable through `use`, program's own first
  std::vector<CheckedFact> facts;
  std::vector<CheckedParam> params;
  std::vector<CheckedDefine> defines;
  std::vector<CheckedTable> tables;
  std::unordered_map<const ast::Node*, NodeInfo> info;
  uint32_t local_slots = 0;  // one per aggregate: where its current record is kept while evaluating

  int FindFact(const std::string& name) const;
  const NodeInfo* Info(const ast::Node& n) const {
    auto it = info.find(&n);
    return it == info.end() ? nullptr : &it->second;
  }
};

struct CheckLimits {
  // Nesting of an expression counted through the definitions it uses (`a: b + 1`, `b: c * 2`, …):
  // checking, compiling and evaluating recurse on it, so a chain of 100,000 definitions must be
  // an error, not a stack overflow. 256 is as deep as one expression may be alone
  // (4 × ExprLimits::max_depth); real chains of definitions are a few levels.
  uint32_t max_depth = 256;
};

// Checks one program against the modules it uses (already loaded; `modules`
// maps a use path such as "common/sme" to its file). Appends diagnostics.
std::unique_ptr<CheckedProgram> CheckProgram(const RuleFile& program,
                                             const std::unordered_map<std::string, const RuleFile*>& modules,
                                             std::vector<Diagnostic>& diags, const CheckLimits& limits = {});

// A module on its own (so `elig lint` reports errors in modules no program uses).
void CheckModule(const RuleFile& module, const std::unordered_map<std::string, const RuleFile*>& modules,
                 std::vector<Diagnostic>& diags, const CheckLimits& limits = {});

}  // namespace elig
