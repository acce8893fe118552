// SPDX-License-Identifier: Apache-2.0
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

// The same page as one JSON object (`elig serve`'s GET /v1/programs/{id}, docs/http.md):
// the identity and window, every fact asked with its type, question, answer kind and
// choices, each rule with its texts and citation, the scoring, the award formula in words,
// the parameters and where to apply. Texts in both languages; words in `lang`.
std::string RenderProgramDocJson(const CompiledProgram& prog, Lang lang);

// Text for HTML: & < > " escaped, a newline a <br>.
std::string HtmlEscape(const std::string& s);

// An expression for people: `min(floor(fair_expenses * rate), cap)` becomes
// "the smaller of (fair_expenses × rate, rounded down) and cap".
std::string ExprInWords(const CompiledProgram& prog, const ast::Node& node, Lang lang);

}  // namespace elig
