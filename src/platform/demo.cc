#include "platform/demo.h"

#include "platform/campaigns.h"
#include "platform/errors.h"
#include "platform/frameworks.h"
#include "platform/judgments.h"
#include "platform/scans.h"
#include "sample/site.h"
#include "store/password.h"

namespace govscore::platform {

struct DemoSites::Impl {
  std::vector<sample::SiteOptions> options;
  // Sites are kept behind pointers: a Server refers to its Site.
  std::vector<std::unique_ptr<sample::Site>> sites;
  std::vector<std::unique_ptr<sample::Server>> servers;

  static sample::ServerOptions ServerOptionsFor(int port) {
    sample::ServerOptions o;
    o.port = port;
    // /slow/ pages answer after the demo scans' timeout: timeouts without long waits.
    o.slow_delay = std::chrono::milliseconds(3500);
    o.threads = 8;
    return o;
  }
};

DemoSites::DemoSites(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DemoSites::~DemoSites() {
  for (auto& server : impl_->servers)
    if (server) server->Stop();
}

std::vector<std::string> DemoSites::base_urls() const {
  std::vector<std::string> out;
  for (const auto& server : impl_->servers) out.push_back(server ? server->base_url() : "");
  return out;
}

void DemoSites::RepairSite(size_t index) {
  if (index >= impl_->servers.size()) throw InvalidInput("no demo site with this index", "demo");
  // The server keeps answering from the same Site object: replacing its
  // contents keeps the address (a new listener could not take the port back
  // while the old connections linger). Contract: no scan of it is running.
  sample::SiteOptions repaired = impl_->options[index];
  repaired.defects = false;
  *impl_->sites[index] = sample::Site::Generate(repaired);
  impl_->options[index] = repaired;
}

namespace {

struct DemoUnitSpec {
  const char* code;
  const char* name;
  const char* region;
  bool defects;
  int size_percent;  // of DemoOptions::articles
};

constexpr DemoUnitSpec kDemoUnits[] = {
    {"demo-a", "甲市人民政府", "示例省甲市", true, 100},
    {"demo-b", "乙市人民政府", "示例省乙市", false, 70},
    {"demo-c", "丙市人民政府", "示例省丙市", true, 50},
    {"demo-d", "丁市人民政府", "示例省丁市", false, 40},
    {"demo-e", "戊市人民政府", "示例省戊市", true, 30},
    {"demo-f", "己市人民政府", "示例省己市", true, 20},
};

}  // namespace

DemoResult SeedDemo(store::Store& store, const DemoOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  if (options.units < 1 || options.units > static_cast<int>(std::size(kDemoUnits)))
    throw InvalidInput("demo units must be 1..6", "units");
  if (options.articles < 1 || options.articles > 2000)
    throw InvalidInput("demo articles must be 1..2000", "articles");
  if (!store.ListUnits().empty() || !store.ListCampaigns().empty())
    throw Conflict("the demo seeds an empty store only; this one already holds data", "demo");
  const store::Actor system{std::nullopt, "demo"};
  DemoResult result;

  // Users first, so the demo's writes can be attributed to them.
  const char* roles[][2] = {{"admin", "系统管理员"},
                            {"organiser", "评估组织者"},
                            {"reviewer", "评审专家"},
                            {"webmaster", "甲市网站管理员"}};
  const store::Role role_values[] = {store::Role::kAdmin, store::Role::kOrganiser,
                                     store::Role::kReviewer, store::Role::kWebmaster};

  // The sample sites, one per unit, served on 127.0.0.1.
  auto impl = std::make_unique<DemoSites::Impl>();
  std::vector<store::UnitImport> rows;
  for (int i = 0; i < options.units; ++i) {
    const DemoUnitSpec& spec = kDemoUnits[i];
    sample::SiteOptions so;
    so.articles = std::max(4, options.articles * spec.size_percent / 100);
    so.seed = 101 + static_cast<uint64_t>(i);
    so.as_of = options.as_of;
    so.defects = spec.defects;
    so.traps = i == 0;  // one site shows the trap defences; the others stay quick
    impl->options.push_back(so);
    impl->sites.push_back(std::make_unique<sample::Site>(sample::Site::Generate(so)));
    impl->servers.push_back(std::make_unique<sample::Server>(*impl->sites.back(),
                                                             DemoSites::Impl::ServerOptionsFor(0)));
    store::UnitImport row;
    row.unit.code = spec.code;
    row.unit.name = spec.name;
    row.unit.kind = "设区市";
    row.unit.region = spec.region;
    row.unit.websites = {impl->servers.back()->base_url() + "/"};
    rows.push_back(std::move(row));
    log(std::string("示例网站：") + spec.name + " " + impl->servers.back()->base_url() + "/（" +
        std::to_string(so.articles) + " 篇文章" + (spec.defects ? "，含典型问题" : "") + "）");
  }
  result.sites = std::make_unique<DemoSites>(std::move(impl));
  result.unit_ids = store.ImportUnits(system, rows);

  for (size_t r = 0; r < std::size(role_values); ++r) {
    DemoUser user;
    user.username = roles[r][0];
    user.role = ToString(role_values[r]);
    user.password = store::RandomHex(6);
    store::NewUser nu;
    nu.username = user.username;
    nu.display_name = roles[r][1];
    nu.password = user.password;
    nu.role = role_values[r];
    if (role_values[r] == store::Role::kReviewer) nu.unit_ids = result.unit_ids;
    if (role_values[r] == store::Role::kWebmaster) nu.unit_ids = {result.unit_ids.front()};
    user.id = store.CreateUser(system, nu);
    result.users.push_back(std::move(user));
  }
  const store::Actor organiser{result.users[1].id, "organiser"};
  const store::Actor reviewer{result.users[2].id, "reviewer"};

  result.framework_version_id =
      RegisterShippedFramework(store, organiser, options.framework, options.frameworks_dir);
  CampaignSpec spec;
  spec.name = "示例评估任务（" + options.as_of.ToString() + "）";
  spec.framework_version_id = result.framework_version_id;
  spec.unit_ids = result.unit_ids;
  spec.period_from = options.as_of.AddYears(-1).AddDays(1);
  spec.period_to = options.as_of;
  spec.as_of = options.as_of;
  spec.second_review = options.second_review;
  result.campaign_id = CreateCampaign(store, organiser, spec);
  log("评估任务：" + spec.name + "，指标体系 " + options.framework);

  EnqueueCampaignScans(store, organiser, result.campaign_id);
  if (options.run_scans) {
    RunnerOptions runner;
    runner.worker = "demo";
    runner.scan.loopback_only = true;  // never anything but the sample sites on 127.0.0.1
    runner.scan.timeout_s = 3;
    runner.scan.connect_timeout_s = 2;
    runner.scan.retries = 1;  // the sites' /flaky/ and /busy/ pages answer on the second try
    runner.scan.parse_threads = 2;
    for (const JobOutcome& o : RunPendingJobs(store, runner)) {
      const ScanView v = GetScan(store, o.scan_id);
      log("监测：" + v.unit_name + " " + (o.success ? "完成" : "失败：" + o.error) + "，" +
          std::to_string(v.pages_done) + " 个页面，" + std::to_string(v.errors) + " 个问题链接");
    }
    SetCampaignState(store, organiser, result.campaign_id, store::CampaignState::kReviewing);
  }

  // A few sample judgments: the first unit's first slots met, the second's unmet.
  if (options.run_scans) {
    int saved = 0;
    for (const ReviewItem& item : ReviewQueue(store, result.campaign_id)) {
      if (item.input != "met" && item.input != "points") continue;
      const bool first = item.key.unit_id == result.unit_ids.front();
      if (!first && (result.unit_ids.size() < 2 || item.key.unit_id != result.unit_ids[1]))
        continue;
      std::string value = item.input == "met"
                              ? (first ? R"({"value":"met"})" : R"({"value":"unmet"})")
                              : (first ? R"({"percent":80})" : R"({"percent":40})");
      SubmitJudgment(
          store, reviewer, item.key, value,
          first ? "示例评分：栏目内容齐全" : "示例评分：未见相关内容",
          {UrlEvidence(item.unit_code == "demo-a" ? result.sites->base_urls()[0] + "/"
                                                  : result.sites->base_urls()[std::min<size_t>(
                                                        1, result.sites->base_urls().size() - 1)] +
                                                        "/")});
      if (++saved >= 6) break;
    }
    log("人工评分：已提交 " + std::to_string(saved) + " 项示例评分");
  }
  for (const DemoUser& u : result.users)
    log("用户：" + u.username + "（" + u.role + "） 密码：" + u.password);
  return result;
}

}  // namespace govscore::platform
