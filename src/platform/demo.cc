#include "platform/demo.h"

#include <map>
#include <set>

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
  if (index >= impl_->servers.size()) throw InvalidInput("没有这个示例网站", "demo");
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

// A stable hash of a text (FNV-1a), so demo values do not depend on the run.
uint64_t Fnv(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Submits a realistic, deterministic judgment for every slot of the demo
// campaign except `pending_judgments` of them (the first slots of the first
// units, round robin). Units with planted defects fare worse. Returns how many
// were submitted.
int SubmitDemoJudgments(store::Store& store, const store::Actor& reviewer, const DemoResult& result,
                        const DemoOptions& options) {
  const std::vector<ReviewItem> queue = ReviewQueue(store, result.campaign_id);
  // The slots left open: one per unit in turn, from the first units.
  std::set<size_t> open;
  std::map<store::Id, std::vector<size_t>> by_unit;
  for (size_t i = 0; i < queue.size(); ++i)
    if (queue[i].input == "met") by_unit[queue[i].key.unit_id].push_back(i);
  for (size_t round = 0; static_cast<int>(open.size()) < options.pending_judgments; ++round) {
    bool any = false;
    for (store::Id unit : result.unit_ids) {
      auto& slots = by_unit[unit];
      if (round < slots.size() && static_cast<int>(open.size()) < options.pending_judgments) {
        open.insert(slots[round]);
        any = true;
      }
    }
    if (!any) break;
  }
  const std::vector<std::string> urls = result.sites->base_urls();
  int submitted = 0;
  for (size_t i = 0; i < queue.size(); ++i) {
    if (open.count(i)) continue;
    const ReviewItem& item = queue[i];
    size_t unit_index = 0;
    while (unit_index + 1 < result.unit_ids.size() &&
           result.unit_ids[unit_index] != item.key.unit_id)
      ++unit_index;
    const bool defects = kDemoUnits[unit_index].defects;
    const double roll = static_cast<double>(Fnv(item.unit_code + "|" + item.key.indicator_id + "|" +
                                                item.key.criterion + "|" + item.key.channel) %
                                            1000) /
                        1000.0;
    std::string value, note;
    if (item.input == "met") {
      const double met = defects ? 0.62 : 0.86;
      if (roll < met) {
        value = R"({"value":"met"})";
        note = "已核查：栏目设置规范，内容按要求发布。";
      } else if (roll < met + 0.12) {
        value = R"({"percent":50})";
        note = "部分满足：相关内容不完整或更新不及时。";
      } else {
        value = R"({"value":"unmet"})";
        note = "未找到相关栏目或内容。";
      }
    } else if (item.input == "points") {
      const int percent = (defects ? 55 : 75) + static_cast<int>(roll * 25) / 5 * 5;
      value = R"({"percent":)" + std::to_string(std::min(percent, 100)) + "}";
      note = "根据网站内容与佐证材料综合评定。";
    } else if (item.input == "count") {
      const bool happened = roll < (defects ? 0.2 : 0.05);
      value = happened ? R"({"count":1})" : R"({"count":0})";
      note = happened ? "监测期内发现 1 次。" : "监测期内未发现该情形。";
    } else {  // yes_no: veto items — the demo never vetoes a whole indicator
      value = R"({"value":"no"})";
      note = "未发现否决情形。";
    }
    SubmitJudgment(store, reviewer, item.key, value, note,
                   {UrlEvidence(urls[std::min(unit_index, urls.size() - 1)] + "/")});
    ++submitted;
  }
  return submitted;
}

}  // namespace

DemoResult SeedDemo(store::Store& store, const DemoOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  if (options.units < 1 || options.units > static_cast<int>(std::size(kDemoUnits)))
    throw InvalidInput("示例单位数须为 1–6", "units");
  if (options.articles < 1 || options.articles > 2000)
    throw InvalidInput("示例文章数须为 1–2000", "articles");
  if (!store.ListUnits().empty() || !store.ListCampaigns().empty())
    throw Conflict("示例数据只能写入空数据库，当前数据库已有数据", "demo");
  const store::Actor system{std::nullopt, "demo"};
  DemoResult result;

  // Users first, so the demo's writes can be attributed to them.
  const char* roles[][2] = {{"admin", "系统管理员"},
                            {"organiser", "评估组织者"},
                            {"reviewer", "评审专家"},
                            {"webmaster", "甲市网站管理员"},
                            {"webmaster2", "乙市网站管理员"}};
  const store::Role role_values[] = {store::Role::kAdmin, store::Role::kOrganiser,
                                     store::Role::kReviewer, store::Role::kWebmaster,
                                     store::Role::kWebmaster};

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
    if (r == 4 && result.unit_ids.size() < 2) break;  // webmaster2 needs a second unit
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
    if (role_values[r] == store::Role::kWebmaster) nu.unit_ids = {result.unit_ids[r == 4 ? 1 : 0]};
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
    if (!options.run_jobs)
      throw InvalidInput("demo seeding needs DemoOptions::run_jobs to run its scans", "demo");
    options.run_jobs(store);
    for (const ScanView& v : ListCampaignScans(store, result.campaign_id))
      log("监测：" + v.unit_name + " " +
          (v.scan.state == store::ScanState::kDone ? std::string("完成")
                                                   : "失败：" + v.scan.error) +
          "，" + std::to_string(v.pages_done) + " 个页面，" + std::to_string(v.errors) +
          " 个问题链接");
    SetCampaignState(store, organiser, result.campaign_id, store::CampaignState::kReviewing);
  }

  if (options.run_scans) {
    result.judgments_submitted = SubmitDemoJudgments(store, reviewer, result, options);
    log("人工评分：已提交 " + std::to_string(result.judgments_submitted) + " 项示例评分，留 " +
        std::to_string(options.pending_judgments) + " 项待评（人工评分页面）");
  }
  for (const DemoUser& u : result.users)
    log("用户：" + u.username + "（" + u.role + "） 密码：" + u.password);
  return result;
}

}  // namespace govscore::platform
