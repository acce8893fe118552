// The program page: who may apply, each requirement with its citation, the
// facts asked, the scoring table, the award formula in words, the window.
// Markdown or HTML, Japanese or English: the page an official publishes beside
// the 公募要領. Deterministic (no "today"), so it can live under version control.
#pragma once

#include <cstdint>
#include <string>

#include "common/types.hpp"
#include "compile/program.hpp"

namespace elig {

enum class DocFormat : uint8_t { kMarkdown, kHtml };

struct DocOptions {
  Lang lang = Lang::kJa;
  DocFormat format = DocFormat::kMarkdown;
};

std::string RenderProgramDoc(const CompiledProgram& prog, const DocOptions& options);

// An expression for people: `min(floor(fair_expenses * rate), cap)` becomes
// "the smaller of (fair_expenses × rate, rounded down) and cap".
std::string ExprInWords(const CompiledProgram& prog, const ast::Node& node, Lang lang);

}  // namespace elig
