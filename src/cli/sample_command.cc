// `govscore sample generate|serve`: the bundled sample government site.
#include <csignal>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
#include "sample/site.h"

namespace govscore::cli {

namespace {

struct SampleArgs {
  int articles = 300;
  uint64_t seed = 1;
  std::string as_of;
  bool clean = false;
  bool no_gbk = false;
  bool no_traps = false;
  int tls_port = -1;  // -1: the command's default (see RegisterSampleCommand)
  bool no_tls = false;
};

void AddSiteOptions(CLI::App& cmd, SampleArgs& args) {
  cmd.add_option("--articles", args.articles, "number of article pages")
      ->check(CLI::Range(0, 5'000'000));
  cmd.add_option("--seed", args.seed, "random seed (same seed, same site)");
  cmd.add_option("--as-of", args.as_of,
                 "监测时间点 YYYY-MM-DD the dates are relative to (default today)");
  cmd.add_flag("--clean", args.clean, "plant no defects (decoys only)");
  cmd.add_flag("--no-gbk", args.no_gbk, "all pages in UTF-8");
  cmd.add_flag("--no-traps", args.no_traps, "no spider traps");
  cmd.add_flag("--no-tls", args.no_tls, "plant no link to the bad-TLS listener");
}

// `default_tls_port` is used when --tls-port was not given.
sample::SiteOptions ToOptions(const SampleArgs& args, int default_tls_port) {
  sample::SiteOptions o;
  if (!args.clean && !args.no_tls)
    o.tls_port = args.tls_port > 0 ? args.tls_port : default_tls_port;
  o.articles = args.articles;
  o.seed = args.seed;
  o.defects = !args.clean;
  o.gbk_pages = !args.no_gbk;
  o.traps = !args.no_traps;
  if (args.as_of.empty()) {
    o.as_of = Date::TodayInChina();
  } else {
    const auto d = Date::Parse(args.as_of);
    if (!d) throw Error("expected a date YYYY-MM-DD, got '" + args.as_of + "'", "--as-of");
    o.as_of = *d;
  }
  return o;
}

void PrintSummary(const sample::Site& site) {
  const sample::GroundTruth& t = site.truth();
  std::printf("站点：%s  监测时间点：%s\n", t.site_name.c_str(), t.as_of.ToString().c_str());
  std::printf(
      "页面 %d（文章 %d），附件 %d，栏目 %zu，预置链接问题 %zu，个人信息泄露 %zu，GBK 页面 %zu\n",
      t.pages, t.articles, t.attachments, t.columns.size(), t.broken_links.size(), t.privacy.size(),
      t.gbk_pages.size());
}

}  // namespace

void RegisterSampleCommand(CLI::App& app) {
  CLI::App* sample =
      app.add_subcommand("sample", "生成并在本机提供示例政府网站 (generated test site)");
  sample->require_subcommand(1);

  static SampleArgs gen_args;
  static std::string gen_dir;
  static int gen_port = 8080;
  CLI::App* gen = sample->add_subcommand(
      "generate",
      "write the static site to DIR/www plus truth.json, behaviours.json, nginx-site.conf");
  gen->add_option("DIR", gen_dir, "output directory")->required();
  gen->add_option("--port", gen_port, "port in the nginx server block")
      ->check(CLI::Range(1, 65535));
  gen->add_option("--tls-port", gen_args.tls_port,
                  "port of the bad-TLS listener the planted https link points to (default "
                  "--port + 1)")
      ->check(CLI::Range(1, 65535));
  AddSiteOptions(*gen, gen_args);
  gen->callback([] {
    if (gen_args.tls_port < 0 && gen_port == 65535) {
      throw Error("no default TLS port above 65535; give --tls-port or --no-tls", "--port");
    }
    const sample::Site site = sample::Site::Generate(ToOptions(gen_args, gen_port + 1));
    site.WriteTo(gen_dir, gen_port);
    PrintSummary(site);
    std::printf("已写入 %s（www/、truth.json、behaviours.json、nginx-site.conf）\n",
                gen_dir.c_str());
  });

  static SampleArgs serve_args;
  static int serve_port = 0;
  static int slow_ms = 5000;
  static std::string serve_dir;
  CLI::App* serve = sample->add_subcommand("serve", "serve the site on 127.0.0.1 until Ctrl-C");
  serve->add_option("--port", serve_port, "port (0 = any free port)")->check(CLI::Range(0, 65535));
  serve->add_option("--dir", serve_dir, "also write the site and its truth.json to this directory");
  serve->add_option("--slow-ms", slow_ms, "delay of the /slow/ pages in milliseconds")
      ->check(CLI::Range(0, 3'600'000));
  serve
      ->add_option("--tls-port", serve_args.tls_port,
                   "port of the bad-TLS listener (default: a free port)")
      ->check(CLI::Range(1, 65535));
  AddSiteOptions(*serve, serve_args);
  serve->callback([] {
    // The TLS port is written into the pages, so it is chosen before generating.
    const int free_port = serve_args.tls_port > 0 ? 0 : sample::FreeLoopbackPort();
    const sample::Site site = sample::Site::Generate(ToOptions(serve_args, free_port));
    if (!serve_dir.empty()) site.WriteTo(serve_dir);
    // Block the stop signals in every thread; this one waits for them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    sample::ServerOptions so;
    so.port = serve_port;
    so.slow_delay = std::chrono::milliseconds(slow_ms);
    sample::Server server(site, so);
    PrintSummary(site);
    std::printf("示例站点已启动：%s/  （按 Ctrl-C 停止）\n", server.base_url().c_str());
    if (server.tls_port() > 0) {
      std::printf("证书有问题的 HTTPS 旧版入口：%s/（自签名、已过期、域名不符）\n",
                  server.tls_base_url().c_str());
    }
    std::fflush(stdout);
    int received = 0;
    sigwait(&stop_signals, &received);
    server.Stop();
    std::printf("已停止（共 %d 个请求）\n", server.TotalRequests());
  });
}

}  // namespace govscore::cli
