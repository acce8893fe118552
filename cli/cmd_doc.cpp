// SPDX-License-Identifier: Apache-2.0
// `elig doc`: a program as the page an official publishes beside the call for applications.
#include <unistd.h>

#include <fstream>

#include "common.hpp"
#include "explain/doc.hpp"

namespace elig::cli {

void RegisterDoc(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;  // empty: RulesDir finds them
    std::string program;
    std::string format = "md";
    std::string output;
  };
  auto o = std::make_shared<Opts>();
  o->c.lang = "ja";  // the page is published in Japanese first
  auto* cmd = AddCommand(app, "doc");
  cmd->add_option("program", o->program, "program id")->required();
  AddRules(cmd, o->rules);
  cmd->add_option("--lang", o->c.lang, "language of the page: ja or en")->check(CLI::IsMember({"ja", "en"}))->capture_default_str();
  cmd->add_option("--format", o->format, "md (Markdown) or html")->check(CLI::IsMember({"md", "html"}))->capture_default_str();
  cmd->add_option("--output,-o", o->output, "write the page to this file (default: stdout)");
  AddNoColor(cmd, o->c);
  cmd->callback([o, cmd, &exit] {
    // The page is Japanese by default; its diagnostics are English unless --lang is given.
    const Lang diag_lang = cmd->count("--lang") ? o->c.language() : Lang::kEn;
    auto rs = LoadRules(o->rules, o->c.ErrColor(), exit, diag_lang);
    if (!rs) return;
    auto selected = SelectPrograms(*rs, {o->program}, o->rules, diag_lang, exit);
    if (!selected) return;
    const CompiledProgram* p = selected->front();
    DocOptions d;
    d.lang = o->c.language();
    d.format = o->format == "html" ? DocFormat::kHtml : DocFormat::kMarkdown;
    std::string page = RenderProgramDoc(*p, d);
    if (o->output.empty()) {
      std::cout << page;
      exit = kOk;
      return;
    }
    std::ofstream file(o->output, std::ios::binary | std::ios::trunc);
    file << page;
    file.close();
    if (!file) {
      SayError(diag_lang, Msg::kCliCannotWrite, fmt::arg("file", o->output));
      exit = kIoError;
      return;
    }
    exit = kOk;
  });
}

}  // namespace elig::cli
