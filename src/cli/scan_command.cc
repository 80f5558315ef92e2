// `govscore scan URL`: option parsing, the progress display and the closing
// summary. The crawl itself is RunScan (src/crawl).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "checklist/scan.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/text_file.h"
#include "crawl/checkpoint_file.h"
#include "crawl/crawler.h"
#include "output/scan_html.h"
#include "output/scan_json.h"
#include "output/scan_text.h"

namespace govscore::cli {
namespace {

struct ScanArgs {
  ScanOptions scan;
  std::string as_of;
  std::string json_path, html_path;
  std::vector<std::string> limits;        // CATEGORY=SPEC
  std::vector<std::string> ipv6_resolve;  // HOST=IPV6
  bool quiet = false;
  std::string checkpoint_path;  // --checkpoint: resume file (crawl/checkpoint_file.h)
  // National checklist page checks (src/checklist/scan.h), embedded in --json.
  bool checklist = false;
  std::vector<std::string> dictionaries;
};

// One progress line: \r-updated on a terminal, a plain line every few seconds otherwise.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool tty) : tty_(tty) {}
  void Show(const ScanProgress& p) {
    if (!tty_ && !p.final && p.elapsed_s - last_plain_ < 5.0) return;
    last_plain_ = p.elapsed_s;
    const std::string line = FormatScanProgress(p);
    if (tty_) {
      std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), p.final ? "\n" : "");
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
  }

 private:
  bool tty_;
  double last_plain_ = -1e9;
};

void PrintSummary(const ScanReport& r, const ScanArgs& args) {
  std::fputs(FormatScanSummary(r).c_str(), stdout);
  if (!args.json_path.empty()) std::printf("JSON: %s\n", args.json_path.c_str());
  if (!args.html_path.empty()) std::printf("报告: %s\n", args.html_path.c_str());
}

void Run(ScanArgs& args) {
  if (!args.as_of.empty()) {
    const std::optional<Date> d = Date::Parse(args.as_of);
    if (!d) throw Error("expected YYYY-MM-DD, a real calendar day", "--as-of " + args.as_of);
    args.scan.as_of = *d;
  }
  for (const std::string& l : args.limits) {
    const size_t eq = l.find('=');
    if (eq == std::string::npos)
      throw Error("expected CATEGORY=LIMIT, e.g. 动态=14d", "--stale-limit " + l);
    args.scan.column_rules.SetLimit(l.substr(0, eq), l.substr(eq + 1));
  }
  for (const std::string& r : args.ipv6_resolve) {
    const size_t eq = r.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == r.size())
      throw Error("expected HOST=IPV6, e.g. www.a.gov.cn=::1", "--ipv6-resolve " + r);
    args.scan.ipv6_resolve[r.substr(0, eq)].push_back(r.substr(eq + 1));
  }
  if (args.scan.timeout_s <= 0) throw Error("must be positive", "--timeout");
  if (args.scan.concurrency < 1) throw Error("must be at least 1", "--concurrency");
  if (args.scan.per_host < 1) throw Error("must be at least 1", "--per-host");
  std::unique_ptr<ProgressDisplay> display;
  if (!args.quiet) {
    display = std::make_unique<ProgressDisplay>(isatty(fileno(stderr)) != 0);
    args.scan.progress = [&display](const ScanProgress& p) { display->Show(p); };
  }
  std::unique_ptr<checklist::ChecklistScanHook> hook;
  if (args.checklist || !args.dictionaries.empty()) {
    checklist::ChecklistScanOptions co;
    co.dictionary = checklist::LoadDictionaryMatcher(args.dictionaries);
    hook = std::make_unique<checklist::ChecklistScanHook>(args.scan, co);
  }
  if (!args.checkpoint_path.empty()) UseCheckpointFile(args.scan, args.checkpoint_path);
  if (hook) hook->WrapCheckpoints(args.scan);  // a resumed scan keeps its checklist findings
  const ScanReport report = RunScan(args.scan);
  if (!args.checkpoint_path.empty()) RemoveCheckpointFile(args.checkpoint_path);
  if (!args.json_path.empty() && hook) {
    nlohmann::json doc = ScanToJson(report);
    hook->Embed(doc, report);
    WriteTextFile(args.json_path,
                  doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } else if (!args.json_path.empty()) {
    WriteScanJson(report, args.json_path);
  }
  if (!args.html_path.empty()) WriteScanHtml(report, args.html_path);
  if (!args.quiet) PrintSummary(report, args);
}

}  // namespace

void RegisterScanCommand(CLI::App& app) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "scan", "Crawl a website from its homepage: check every link, columns, footer, privacy");
  ScanOptions& o = args->scan;
  cmd->add_option("url", o.start_url, "Homepage URL (http or https)")->required();
  cmd->add_option("--max-pages", o.max_pages, "Stop after this many HTML pages (0 = no limit)")
      ->capture_default_str();
  cmd->add_option("--max-depth", o.max_depth, "Links away from the homepage (0 = no limit)")
      ->capture_default_str();
  cmd->add_option("--concurrency", o.concurrency, "Requests in flight overall")
      ->capture_default_str();
  cmd->add_option("--per-host", o.per_host, "Requests in flight per host")->capture_default_str();
  cmd->add_option("--host-delay-ms", o.host_delay_ms,
                  "Minimum delay between requests to one host, milliseconds")
      ->capture_default_str();
  cmd->add_option("--timeout", o.timeout_s, "Seconds per request attempt")->capture_default_str();
  cmd->add_option("--retries", o.retries, "Extra attempts on timeouts, 5xx and 429")
      ->capture_default_str();
  cmd->add_option("--user-agent", o.user_agent, "User-Agent header")->capture_default_str();
  cmd->add_flag("!--strict-tls", o.insecure_tls,
                "Do not fetch pages whose TLS certificate fails verification (still reported)");
  cmd->add_flag("!--no-compression", o.compression,
                "Do not ask servers for gzip/deflate/br bodies (no gain on a local network)");
  cmd->add_option(
      "--include", o.include,
      "Only crawl site URLs matching this RE2 pattern (repeatable; others are only checked)");
  cmd->add_option("--exclude", o.exclude,
                  "Neither crawl nor check URLs matching this RE2 pattern (repeatable)");
  cmd->add_flag("--subdomains", o.subdomains, "Crawl subdomains of the site too");
  cmd->add_option("--allow-network", o.allow_networks,
                  "Allow this private, loopback or link-local network, e.g. 127.0.0.0/8 or "
                  "10.1.0.0/16 (repeatable; such addresses are refused otherwise)");
  cmd->add_flag("--loopback-only", o.loopback_only,
                "Contact only 127.0.0.0/8, ::1 and localhost; other links are reported as blocked");
  cmd->add_flag("!--ignore-robots", o.respect_robots, "Ignore robots.txt");
  cmd->add_flag("!--no-external", o.check_external, "Do not check links to other sites");
  cmd->add_flag("!--no-attachments", o.scan_attachments,
                "Do not download attachments to look for personal data");
  cmd->add_option(
      "--stale-limit", args->limits,
      "Freshness limit of a column category, e.g. 动态=14d 通知公告=6m 人事=1y (repeatable)");
  cmd->add_flag("!--no-search-probe", o.search_probe,
                "Do not search the site for a crawled article's title after the crawl");
  cmd->add_flag("--ipv6", o.ipv6_check,
                "Check IPv6: AAAA of the site and its 2nd/3rd-level pages, fetched over IPv6");
  cmd->add_option("--ipv6-resolve", args->ipv6_resolve,
                  "HOST=IPV6 used instead of DNS by the IPv6 check (repeatable)");
  cmd->add_option("--as-of", args->as_of, "监测时间点 YYYY-MM-DD (default: today in China)");
  cmd->add_option("--json", args->json_path, "Write the govscore.scan/1 JSON document here");
  cmd->add_flag("--checklist", args->checklist,
                "Also run the national checklist's page checks (留言, 办事指南, dictionary) and "
                "embed their measures in the JSON (checklist.measures)");
  cmd->add_option("--dictionary", args->dictionaries,
                  "Error dictionary YAML/CSV for the checklist (repeatable; implies --checklist)");
  cmd->add_option("--html", args->html_path, "Write the HTML report (Chinese) here");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress display and no summary");
  cmd->add_option("--checkpoint", args->checkpoint_path,
                  "Keep mid-crawl checkpoints in FILE; a scan killed with it set resumes from "
                  "FILE when run again with the same options (removed when the scan ends)");
  cmd->callback([args] { Run(*args); });
}

}  // namespace govscore::cli
