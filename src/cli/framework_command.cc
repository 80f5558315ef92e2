// `govscore framework check|list|show|template` — thin wrappers over
// src/framework (and src/scoring for the input templates).
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "framework/coverage.h"
#include "framework/framework_catalog.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/input_template.h"

namespace govscore::cli {
namespace {

struct FrameworkOptions {
  std::string file;
  std::string id;
  std::string kind;
  std::string dir;
  bool json = false;
  bool quiet = false;
  bool markdown = false;
  bool all = false;
  std::string units;
  std::string out_dir;
};

int RunCheck(const FrameworkOptions& o) {
  framework::Diagnostics diags;
  framework::Framework fw = framework::LoadFramework(o.file, diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags, !o.quiet);
  std::cout << diags.ToString();
  std::printf("%s: %d error(s), %d warning(s)\n", o.file.c_str(), diags.error_count(),
              diags.warning_count());
  return diags.has_errors() ? 1 : 0;
}

int RunList(const FrameworkOptions& o) {
  std::string dir = framework::FrameworksDir(o.dir);
  for (const framework::CatalogEntry& e : framework::ListFrameworks(dir))
    std::printf("%-32s %s%s\n", e.id.c_str(), e.title.c_str(), e.valid ? "" : "  [有错误]");
  return 0;
}

int RunShow(const FrameworkOptions& o) {
  std::string path = framework::ResolveFramework(o.id, framework::FrameworksDir(o.dir));
  framework::Framework fw = framework::LoadValidFramework(path);
  if (o.json) {
    std::cout << framework::FrameworkToJson(fw, o.kind).dump(2) << "\n";
  } else {
    std::cout << framework::FrameworkToText(fw, o.kind);
  }
  return 0;
}

int RunCoverage(const FrameworkOptions& o) {
  const std::string dir = framework::FrameworksDir(o.dir);
  if (o.all) {
    if (!o.markdown)
      throw Error("--all writes docs/coverage.md; add --markdown", "framework coverage");
    std::cout << framework::CoverageDocument(dir);
    return 0;
  }
  if (o.id.empty())
    throw Error("give a framework ID or FILE (or --all --markdown)", "framework coverage");
  framework::Framework fw = framework::LoadValidFramework(framework::ResolveFramework(o.id, dir));
  if (fw.composite)
    throw Error("a composite framework has no indicators of its own; ask for its parts",
                "framework coverage " + o.id);
  framework::CoverageReport r = framework::ComputeCoverage(fw, o.kind);
  if (o.json) {
    std::cout << framework::CoverageJson(r).dump(2) << "\n";
  } else if (o.markdown) {
    std::cout << framework::CoverageMarkdown(r);
  } else {
    std::cout << framework::CoverageText(r);
  }
  return 0;
}

int RunTemplate(const FrameworkOptions& o) {
  const std::string dir = framework::FrameworksDir(o.dir);
  framework::Framework fw = framework::LoadValidFramework(framework::ResolveFramework(o.id, dir));
  std::vector<framework::Framework> parts =
      scoring::LoadCompositeParts(fw, o.dir.empty() ? std::string() : dir);
  scoring::InputTemplates t =
      scoring::MakeInputTemplates(fw, parts, scoring::LoadUnitsCsv(o.units), o.kind);
  scoring::WriteInputTemplates(t, o.out_dir);
  std::printf(
      "%s/judgments.csv  %d 行（人工评分）\n%s/measures.csv  %d 行（导入测量值）\n"
      "%s/events.csv  %s/na.csv  表头\n%s/填写说明.txt\n",
      o.out_dir.c_str(), t.judgment_rows, o.out_dir.c_str(), t.measure_rows, o.out_dir.c_str(),
      o.out_dir.c_str(), o.out_dir.c_str());
  return 0;
}

}  // namespace

void RegisterFrameworkCommand(CLI::App& app) {
  auto opts = std::make_shared<FrameworkOptions>();
  CLI::App* cmd = app.add_subcommand("framework", "指标体系：检查、列出、显示 (frameworks)");
  cmd->require_subcommand(1);
  cmd->add_option(
      "--frameworks-dir", opts->dir,
      "shipped frameworks directory (default $GOVSCORE_FRAMEWORKS or <source>/frameworks)");

  CLI::App* check = cmd->add_subcommand("check", "validate a framework file");
  check->add_option("file", opts->file, "framework YAML file")->required();
  check->add_flag("--quiet", opts->quiet, "do not print assumptions");
  check->callback([opts] {
    if (int rc = RunCheck(*opts)) throw CLI::RuntimeError(rc);
  });

  CLI::App* list = cmd->add_subcommand("list", "list the shipped frameworks");
  list->callback([opts] { RunList(*opts); });

  CLI::App* show = cmd->add_subcommand("show", "print a framework's indicator tree");
  show->add_option("id", opts->id, "framework id or file")->required();
  show->add_option("--kind", opts->kind, "object kind (weight column), default: the first");
  show->add_flag("--json", opts->json, "JSON (docs/framework-format.md §10)");
  show->callback([opts] { RunShow(*opts); });

  CLI::App* coverage = cmd->add_subcommand(
      "coverage", "which indicators are decided by measures (auto/assisted) or by people");
  coverage->add_option("id", opts->id, "framework id or file");
  coverage->add_option("--kind", opts->kind, "object kind (weight column), default: the first");
  coverage->add_flag("--json", opts->json, "JSON rows and shares");
  coverage->add_flag("--markdown", opts->markdown, "Markdown (docs/coverage.md)");
  coverage->add_flag("--all", opts->all, "with --markdown: the whole docs/coverage.md");
  coverage->callback([opts] { RunCoverage(*opts); });

  CLI::App* tmpl = cmd->add_subcommand(
      "template", "write input templates (judgments.csv, measures.csv, events.csv, na.csv)");
  tmpl->add_option("id", opts->id, "framework id or file")->required();
  tmpl->add_option("--units", opts->units, "units.csv (id,name,kind[,channels])")->required();
  tmpl->add_option("--out", opts->out_dir, "directory to write the templates into")->required();
  tmpl->add_option("--kind", opts->kind, "only units of this kind");
  tmpl->callback([opts] { RunTemplate(*opts); });
}

}  // namespace govscore::cli
