#include "sample/site.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <string>
#include <utility>

#include "core/error.h"
#include "sample/model.h"
#include "sample/pages.h"
#include "sample/text.h"

namespace govscore::sample {

namespace {

struct ColumnSpec {
  const char* name;
  const char* slug;
  const char* category;
  const char* column_type;
  const char* date_form;
  int weight;
  int span_days;  // distance between newest and oldest item
};

// The columns of every generated site, in navigation order.
const ColumnSpec kColumns[] = {
    {"政务动态", "zwdt", "动态", "工作动态", "iso", 40, 1200},
    {"通知公告", "tzgg", "通知公告", "通知公告", "cn", 14, 1200},
    {"政策文件", "zcwj", "政策文件", "政策文件", "iso", 12, 1500},
    {"政策解读", "zcjd", "政策解读", "政策解读", "slash", 8, 1200},
    {"人事信息", "rsxx", "人事", "人事信息", "md", 7, 300},
    {"规划计划", "ghjh", "规划计划", "规划计划", "iso", 5, 1500},
    {"财政信息", "czxx", "财政", "财政预决算", "cn", 5, 1200},
    {"数据发布", "sjfb", "数据发布", "数据发布", "year_heading", 5, 1000},
    {"互动交流", "hdjl", "互动", "咨询投诉", "iso", 4, 900},
};
constexpr int kEmptyColumn = 5;  // 规划计划, when defects are planted
constexpr int kStaleColumn = 1;  // 通知公告, newest item 8 months old
constexpr int kItemsPerPage = 20;
constexpr int kChainHops = 25;

const char* kAttachmentExts[] = {"pdf", "doc", "docx", "xls", "xlsx", "txt"};

std::string Digits(long value, int width) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

std::string Ymd(Date d) { return Digits(d.year(), 4) + Digits(d.month(), 2) + Digits(d.day(), 2); }

// Resolves an href written on the page at `source` (a site path) to a site
// path, or returns it unchanged when it is an absolute URL.
std::string ResolveHref(const std::string& source, const std::string& href) {
  if (href.find("://") != std::string::npos) return href;
  if (!href.empty() && href[0] == '/') return href;
  std::string dir = source.substr(0, source.rfind('/') + 1);
  std::string rest = href;
  while (true) {
    if (rest.rfind("./", 0) == 0) {
      rest = rest.substr(2);
    } else if (rest.rfind("../", 0) == 0) {
      rest = rest.substr(3);
      if (dir.size() > 1) dir = dir.substr(0, dir.rfind('/', dir.size() - 2) + 1);
    } else {
      break;
    }
  }
  return dir + rest;
}

std::string ContentTypeFor(const std::string& ext) {
  if (ext == "html") return "text/html";
  if (ext == "css") return "text/css";
  if (ext == "png") return "image/png";
  if (ext == "pdf") return "application/pdf";
  if (ext == "doc") return "application/msword";
  if (ext == "docx")
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == "xls") return "application/vnd.ms-excel";
  if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ext == "csv") return "text/csv";
  return "text/plain";
}

std::string Extension(std::string_view path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  return std::string(path.substr(dot + 1));
}

// 1x1 transparent PNG.
const char kPng[] =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\r"
    "IDATx\x9c\x63\0\x01\0\0\x05\0\x01\x0d\x0a\x2d\xb4\0\0\0\0IEND\xae\x42\x60\x82";

const char* kSimplePages[][2] = {
    {"/about/privacy.html", "privacy"}, {"/about/accessibility.html", "accessibility"},
    {"/about/sitemap.html", "sitemap"}, {"/content/guide.html", "guide"},
    {"/flaky/notice.html", "flaky"},    {"/busy/data.html", "busy"},
    {"/private/index.html", "private"}, {"/search/index.html", "search"},
    {"/slow/report.html", "slow"},
};
// Simple pages reachable from the homepage and counted in GroundTruth::pages
// (private is robots-disallowed, search is only a form target, slow times out).
constexpr int kCountedSimplePages = 6;

// Function pages of the passing measure fixture (SiteOptions::measures ==
// kPass): path, RenderSimplePage name, anchor text on the homepage, function key.
const char* kFixturePages[][4] = {
    {"/hdjl/znwd.html", "smart_qa", "智能问答", "smart_qa"},
    {"/user/login.html", "login", "用户登录", "login"},
    {"/user/space.html", "user_space", "个人中心", "user_space"},
    {"/hdjl/zxzx.html", "consult", "在线咨询", "consult"},
    {"/hdjl/zjdc.html", "survey", "征集调查", "survey"},
    {"/xxgk/zd.html", "xxgk_system", "政府信息公开制度", "xxgk_system"},
    {"/xxgk/ysqgk.html", "xxgk_apply", "依申请公开", "xxgk_apply"},
};
constexpr int kSimplePageCount = static_cast<int>(std::size(kSimplePages));
constexpr int kFixturePageCount = static_cast<int>(std::size(kFixturePages));
// Pages of both measure fixtures (passing and failing): path, RenderSimplePage
// name. The failing site's 征集调查 list lives at /hdjl/yjzj.html (the passing
// site's is the 征集调查 function page of kFixturePages).
const char* kBothFixturePages[][2] = {
    {"/ztzl/yhyshj.html", "topic"},
    {"/hdjl/yjzj.html", "survey"},
};

const char* kAssets[] = {"/static/css/main.css", "/static/img/police.png", "/static/img/red.png",
                         "/static/img/jiucuo.png", "/static/img/banner.png"};

bool IsStale(const std::string& category, Date newest, Date as_of) {
  if (category == "动态" || category == "要闻") return newest < as_of.AddDays(-14);
  if (category == "通知公告" || category == "政策文件") return newest < as_of.AddMonths(-6);
  if (category == "人事" || category == "规划计划") return newest < as_of.AddYears(-1);
  return false;
}

// Builds the model and the truth together so they cannot disagree.
class Builder {
 public:
  explicit Builder(const SiteOptions& options) : options_(options), rng_(options.seed) {}

  void Build(Site::Model& model, GroundTruth& truth) {
    model_ = &model;
    truth_ = &truth;
    truth.site_name = SiteIdentity().site_name;
    truth.as_of = options_.as_of;
    truth.articles = options_.articles;
    truth.footer = SiteIdentity();
    truth.soft404_prefix = "/content/";
    truth.robots_disallowed = {"/private/"};
    // The site's own public domain appears in <meta name="Url"> and the 找错
    // link; some checkers treat those as links, so it is offsite too.
    truth.offsite_hosts = {truth.footer.site_domain, "beian.miit.gov.cn", "www.beian.gov.cn",
                           "bszs.conac.cn", "zfwzgl.www.gov.cn"};
    if (options_.traps) truth.trap_prefixes = {"/calendar/", "/special/"};
    truth.transient = {"/flaky/notice.html", "/busy/data.html"};
    BuildColumns();
    PlantSpecials();
    PlantLinks();
    PlantMeasureFixtures();
    IndexPaths();
    for (const Column& c : model.columns) truth.columns.push_back(c.truth);
    int list_pages = 0;
    for (const Column& c : model.columns) list_pages += c.truth.list_pages;
    truth.pages = 1 + list_pages + options_.articles + kCountedSimplePages;
    if (options_.measures == SiteOptions::MeasureFixtures::kPass)
      truth.pages += kFixturePageCount + 1;  // + the 专题 page
    if (options_.measures == SiteOptions::MeasureFixtures::kFail)
      truth.pages += static_cast<int>(std::size(kBothFixturePages));
  }

 private:
  void BuildColumns() {
    const int n = static_cast<int>(std::size(kColumns));
    std::vector<int> counts(static_cast<size_t>(n), 0);
    int weight_sum = 0;
    for (int i = 0; i < n; ++i) {
      if (!(options_.defects && i == kEmptyColumn)) weight_sum += kColumns[i].weight;
    }
    int assigned = 0;
    for (int i = 0; i < n; ++i) {
      if (options_.defects && i == kEmptyColumn) continue;
      counts[static_cast<size_t>(i)] =
          static_cast<int>(static_cast<long>(options_.articles) * kColumns[i].weight / weight_sum);
      assigned += counts[static_cast<size_t>(i)];
    }
    counts[0] += options_.articles - assigned;
    int next_id = 1;
    for (int i = 0; i < n; ++i) {
      const ColumnSpec& spec = kColumns[i];
      Column c;
      c.truth.name = spec.name;
      c.truth.slug = spec.slug;
      c.truth.path = std::string("/") + spec.slug + "/";
      c.truth.category = spec.category;
      c.truth.column_type = spec.column_type;
      c.truth.date_form = spec.date_form;
      const int items = counts[static_cast<size_t>(i)];
      c.truth.items = items;
      c.truth.list_pages = std::max(1, (items + kItemsPerPage - 1) / kItemsPerPage);
      c.truth.empty = items == 0;
      const Date newest = (options_.defects && i == kStaleColumn)
                              ? options_.as_of.AddMonths(-8)
                              : options_.as_of.AddDays(-rng_.Below(3));
      const long span = spec.span_days;
      for (int k = 0; k < items; ++k) {
        Article a;
        a.id = next_id++;
        a.column = i;
        a.position = k;
        a.date = newest.AddDays(-(items > 1 ? static_cast<long>(k) * span / (items - 1) : 0));
        a.hour = 8 + rng_.Below(10);
        a.minute = rng_.Below(60);
        a.title = ArticleTitle(spec.slug, a.date.year(), rng_);
        a.source = Department(rng_);
        a.text_seed = rng_.Next();
        a.path = c.truth.path + Ymd(a.date).substr(0, 6) + "/t" + Ymd(a.date) + "_" +
                 std::to_string(a.id) + ".html";
        if (options_.gbk_pages && a.id % 25 == 7) {
          a.encoding = (a.id / 25) % 2 == 0 ? Encoding::kGbkHeader : Encoding::kGbkMetaOnly;
          truth_->gbk_pages.push_back(a.path);
          if (a.encoding == Encoding::kGbkMetaOnly) truth_->gbk_meta_only.push_back(a.path);
        }
        const std::string slug = spec.slug;
        const bool documents = slug == "tzgg" || slug == "zcwj" || slug == "czxx" ||
                               slug == "sjfb" || slug == "ghjh" || slug == "zcjd";
        if (documents && rng_.Chance(20)) {
          const int count = 1 + rng_.Below(2);
          for (int j = 0; j < count; ++j) {
            AddAttachment(a, kAttachmentExts[rng_.Below(6)], Special::kNone);
          }
        }
        c.articles.push_back(static_cast<int>(model_->articles.size()));
        model_->articles.push_back(std::move(a));
      }
      if (items > 0) {
        c.truth.newest = model_->articles[static_cast<size_t>(c.articles.front())].date;
        c.truth.oldest = model_->articles[static_cast<size_t>(c.articles.back())].date;
        c.truth.stale = IsStale(c.truth.category, *c.truth.newest, options_.as_of);
      }
      model_->columns.push_back(std::move(c));
    }
    // A stable shuffled order of articles: carriers for specials and links.
    order_.resize(model_->articles.size());
    std::iota(order_.begin(), order_.end(), 0);
    for (size_t i = order_.size(); i > 1; --i) {
      std::swap(order_[i - 1], order_[static_cast<size_t>(rng_.Below(static_cast<int>(i)))]);
    }
  }

  Attachment& AddAttachment(Article& a, const std::string& ext, Special special) {
    Attachment at;
    at.ext = ext;
    at.special = special;
    const int n = static_cast<int>(a.attachments.size()) + 1;
    at.path = a.path.substr(0, a.path.rfind('/') + 1) + "P0" + Ymd(a.date) + Digits(a.id, 6) + "_" +
              std::to_string(n) + "." + ext;
    at.label = "附件" + std::to_string(n) + "：" + a.title + "." + ext;
    a.attachments.push_back(at);
    return a.attachments.back();
  }

  // The next carrier article, or -1 when the site has none left.
  int NextCarrier() {
    if (next_carrier_ >= order_.size()) return -1;
    return order_[next_carrier_++];
  }

  void PlantSpecials() {
    auto& articles = model_->articles;
    if (options_.defects) {
      if (int i = NextCarrier(); i >= 0) {
        Article& a = articles[static_cast<size_t>(i)];
        a.special = Special::kLeakPage;
        AddLeaks(a, a.path, 2, false);
      }
      if (int i = NextCarrier(); i >= 0) {
        Article& a = articles[static_cast<size_t>(i)];
        Attachment& at = AddAttachment(a, "txt", Special::kLeakTxt);
        at.label = "附件：困难群众救助名单.txt";
        AddLeaks(a, at.path, 3, true);
      }
      if (int i = NextCarrier(); i >= 0) {
        Article& a = articles[static_cast<size_t>(i)];
        Attachment& at = AddAttachment(a, "csv", Special::kLeakCsv);
        at.label = "附件：补贴发放明细.csv";
        AddLeaks(a, at.path, 2, true);
      }
    }
    if (int i = NextCarrier(); i >= 0) {
      Article& a = articles[static_cast<size_t>(i)];
      a.special = Special::kDecoyPage;
      const std::string id = IdNumber(rng_);
      const std::string mobile = MobileNumber(rng_);
      AddDecoy(a, a.path, "证件号码（已脱敏）：" + MaskIdNumber(id), "already_masked");
      AddDecoy(a, a.path, "联系电话（已脱敏）：" + MaskMobile(mobile), "already_masked");
      AddDecoy(a, a.path, "档案编号：" + IdNumber(rng_, false, true), "id_bad_checksum");
      AddDecoy(a, a.path, "统一编号：" + IdNumber(rng_, true, false), "id_bad_birthdate");
      AddDecoy(a, a.path, "受理编号：12" + RandomDigits(9), "not_mobile");
      AddDecoy(a, a.path, "订单编号：2024" + RandomDigits(16), "order_number");
    }
    if (int i = NextCarrier(); i >= 0) {
      Article& a = articles[static_cast<size_t>(i)];
      Attachment& at = AddAttachment(a, "csv", Special::kDecoyCsv);
      at.label = "附件：办件编号清单.csv";
      // The csv lists Article::decoys; this article carries no decoys on its page.
      a.special = Special::kNone;
      for (int k = 0; k < 2; ++k) {
        a.decoys.push_back("2023" + RandomDigits(16));
        truth_->decoys.push_back({at.path, a.decoys.back(), "order_number"});
      }
      a.decoys.push_back(IdNumber(rng_, false, true));
      truth_->decoys.push_back({at.path, a.decoys.back(), "id_bad_checksum"});
      a.decoys.push_back("10" + RandomDigits(9));
      truth_->decoys.push_back({at.path, a.decoys.back(), "not_mobile"});
    }
  }

  std::string RandomDigits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng_.Below(10));
    return s;
  }

  void AddLeaks(Article& a, const std::string& where, int count, bool attachment) {
    for (int k = 0; k < count; ++k) {
      a.leak_ids.push_back(IdNumber(rng_));
      a.leak_mobiles.push_back(MobileNumber(rng_));
      truth_->privacy.push_back(
          {where, "id_number", a.leak_ids.back(), MaskIdNumber(a.leak_ids.back()), attachment});
      truth_->privacy.push_back(
          {where, "mobile", a.leak_mobiles.back(), MaskMobile(a.leak_mobiles.back()), attachment});
    }
  }

  void AddDecoy(Article& a, const std::string& where, const std::string& text, const char* why) {
    a.decoys.push_back(text);
    truth_->decoys.push_back({where, text, why});
  }

  // Plants `href` on `carriers` pages (articles, or the homepage when the site
  // has no article left) and records each occurrence in the truth.
  void Plant(const std::string& href, const std::string& text, const std::string& expected,
             int carriers) {
    const int index = static_cast<int>(model_->planted.size());
    model_->planted.push_back({href, text});
    for (int k = 0; k < carriers; ++k) {
      const int article = NextCarrier();
      std::string source = "/";
      if (article >= 0) {
        Article& a = model_->articles[static_cast<size_t>(article)];
        a.links.push_back(index);
        source = a.path;
      } else if (k == 0) {
        model_->home_links.push_back({href, text});
      } else {
        break;
      }
      truth_->broken_links.push_back({source, href, ResolveHref(source, href), expected});
    }
  }

  void HomeLink(const std::string& href, const std::string& text, const char* expected) {
    model_->home_links.push_back({href, text});
    if (expected) truth_->broken_links.push_back({"/", href, ResolveHref("/", href), expected});
  }

  void PlantLinks() {
    HomeLink("/redirect/moved-1.html", "政务公开（旧版）", "redirect_ok");
    HomeLink("/zwgk/", "政务公开", "redirect_ok");
    HomeLink("/content/guide.html", "政府信息公开指南", nullptr);
    HomeLink("/flaky/notice.html", "重要提醒", nullptr);
    HomeLink("/busy/data.html", "数据开放", nullptr);
    if (options_.traps) {
      HomeLink("/special/", "专题专栏", nullptr);
      HomeLink("/calendar/?date=" + options_.as_of.ToString(), "活动日历", nullptr);
    }
    if (!options_.defects) return;
    HomeLink("http://127.0.0.1:1/", "示例市政务服务网（旧址）", "refused");
    Plant("/xxgk/2019/old_notice.html", "2019年信息公开年报", "http_4xx", 2);
    Plant("../201901/t20190101_999999.html", "往期相关报道", "http_4xx", 1);
    Plant("./P020190101999999_1.pdf", "原文件下载", "http_4xx", 1);
    Plant("/api/error500", "在线查询", "http_5xx", 1);
    Plant("/api/unavailable", "办事进度查询", "http_5xx", 1);
    Plant("/slow/report.html", "统计报表", "timeout", 1);
    Plant("http://nonexistent.invalid/index.html", "原合作网站", "dns", 1);
    Plant("http://www.shiyan-old.invalid/", "示例市旧版门户", "dns", 1);
    Plant("http://127.0.0.1:1/zwgk/index.html", "政务服务旧版入口", "refused", 1);
    Plant("/redirect/loop-a.html", "网上信访", "redirect_loop", 1);
    Plant("/redirect/chain/1.html", "便民服务", "too_many_redirects", 1);
    Plant("/content/2019/notice_1234.html", "历史通知", "soft_404", 2);
    Plant("/content/xxgk/old.html", "原信息公开目录", "soft_404", 1);
    Plant("http://www.shiyan.gov.cn:99999/index.html", "示例市门户", "invalid_url", 1);
    Plant("http://exa mple.gov.cn/index.html", "相关单位网站", "invalid_url", 1);
    Plant("/redirect/moved-1.html", "政务公开专栏", "redirect_ok", 1);
    // Planted last so the carriers of every other link stay where they were.
    if (options_.tls_port > 0) {
      truth_->tls_port = options_.tls_port;
      // A verifying client tries the chain first (self-signed), then the name
      // alone (issued for the public domain, asked for 127.0.0.1). The expiry
      // is hidden behind the first failure.
      truth_->tls_issues = {"self_signed", "hostname_mismatch"};
      Plant("https://127.0.0.1:" + std::to_string(options_.tls_port) + "/",
            "示例市人民政府门户网站（HTTPS旧版）", "tls", 2);
    }
  }

  // SiteOptions::measures: see site.h and docs/sample-site.md.
  void PlantMeasureFixtures() {
    using F = SiteOptions::MeasureFixtures;
    if (options_.measures == F::kNone) return;
    const bool pass = options_.measures == F::kPass;
    MeasureTruth& t = truth_->measures;
    t.planted = true;
    t.search_works = pass;
    auto& articles = model_->articles;
    const Column& zcwj = model_->columns[2];
    const Column& zcjd = model_->columns[3];
    t.policies = static_cast<int>(zcwj.articles.size());
    t.interpretations = static_cast<int>(zcjd.articles.size());
    for (size_t i = 0; i < zcwj.articles.size(); ++i) {
      Article& p = articles[static_cast<size_t>(zcwj.articles[i])];
      p.doc_number =
          "示政规〔" + std::to_string(p.date.year()) + "〕" + std::to_string(i + 1) + "号";
    }
    const size_t n = std::min(zcwj.articles.size(), zcjd.articles.size());
    static const char* kForms[] = {"文字", "图解", "视频", "发布会"};
    for (size_t i = 0; i < zcjd.articles.size(); ++i) {
      const int ii = zcjd.articles[i];
      Article& in = articles[static_cast<size_t>(ii)];
      if (i >= n) {  // more interpretations than policies: left unmatched
        t.unmatched.push_back(in.path);
        ++t.forms["文字"];
        continue;
      }
      const int pi = zcwj.articles[i];
      Article& p = articles[static_cast<size_t>(pi)];
      const int kind = static_cast<int>(i % 4);
      const std::string quoted = "《" + p.title + "》";
      if (pass) {
        // Every form, both links, own prose.
        const std::string form = kForms[kind];
        in.title = kind == 1   ? "图解：" + quoted
                   : kind == 2 ? "视频解读：" + quoted
                   : kind == 3 ? quoted + "新闻发布会答记者问"
                               : quoted + "政策解读";
        ++t.forms[form];
        in.pair = pi;
        p.pair = ii;
        in.link_to_pair = p.link_to_pair = true;
        in.interpretation_body = true;
        t.bidirectional.push_back(in.path);
      } else {
        ++t.forms["文字"];
        if (kind == 2) {  // no link, no quoted policy title: unmatched
          t.unmatched.push_back(in.path);
          continue;
        }
        in.title = quoted + "政策解读";
        in.pair = pi;
        p.pair = ii;
        in.link_to_pair = true;
        p.link_to_pair = kind != 1;  // kind 1: one way only
        in.interpretation_body = kind != 3;
        in.copy_pair = kind == 3;  // 照搬原文
        (kind == 1 ? t.one_way : t.bidirectional).push_back(in.path);
        if (kind == 3) t.copied.push_back(in.path);
      }
      ++t.policies_with_interpretation;
    }
    // 来源: every tenth 政务动态 article has none in the failing site.
    if (!pass) {
      for (int ai : model_->columns[0].articles) {
        Article& a = articles[static_cast<size_t>(ai)];
        if (a.position % 10 == 3) {
          a.no_source = true;
          t.without_source.push_back(a.path);
        }
      }
    }
    // Annual reports among the 政务动态 articles of as_of's year.
    const int year = options_.as_of.year();
    const Date jan31 = Date::FromYmd(year, 1, 31), mar31 = Date::FromYmd(year, 3, 31);
    std::vector<int> january, late;
    for (int ai : model_->columns[0].articles) {
      const Article& a = articles[static_cast<size_t>(ai)];
      if (a.date.year() == year && a.date <= jan31) january.push_back(ai);
      if (a.date > mar31 && a.date <= options_.as_of) late.push_back(ai);
    }
    const std::string last = std::to_string(year - 1);
    std::string annual_path;
    auto retitle = [&](int ai, const std::string& title) -> Article& {
      Article& a = articles[static_cast<size_t>(ai)];
      a.title = title;
      return a;
    };
    if (pass && january.size() >= 2) {
      const Article& a =
          retitle(january[0], "示例市人民政府" + last + "年政府信息公开工作年度报告");
      t.annual_report = a.date;
      annual_path = a.path;
      const Article& w =
          retitle(january[1], "示例市人民政府门户网站" + last + "年政府网站工作年度报表");
      t.site_report = w.date;
    } else if (!pass && !late.empty()) {
      const Article& a =
          retitle(late.back(), "示例市人民政府" + last + "年政府信息公开工作年度报告");
      t.annual_report = a.date;
    }
    // Homepage 互动与服务 entries and required links.
    if (pass) {
      for (const auto& page : kFixturePages) {
        model_->service_links.push_back({page[0], page[2]});
        t.functions.push_back(page[3]);
      }
      model_->service_links.push_back({"/content/guide.html", "政府信息公开指南"});
      model_->service_links.push_back({"/zcwj/", "法定主动公开内容"});
      t.functions.insert(t.functions.end(), {"xxgk_guide", "xxgk_content"});
      if (!annual_path.empty()) {
        model_->service_links.push_back({annual_path, "政府信息公开年报"});
        t.functions.push_back("xxgk_annual");
      }
      model_->service_links.push_back({"http://www.gov.cn/", "中国政府网"});
      model_->service_links.push_back({"http://www.hubei.gov.cn/", "湖北省人民政府"});
      t.external_hosts = {"www.gov.cn", "www.hubei.gov.cn"};
      truth_->offsite_hosts.insert(truth_->offsite_hosts.end(), {"www.gov.cn", "www.hubei.gov.cn"});
    } else {
      const std::string dead = "/hdjl/zxzx_old.html";
      model_->service_links.push_back({dead, "在线咨询"});
      truth_->broken_links.push_back({"/", dead, dead, "http_4xx"});
      t.broken_functions.push_back("consult");
      // 网站地图 without 数据发布 and 互动交流, with a dead entry.
      model_->sitemap_skip = {7, 8};
      for (int c : model_->sitemap_skip)
        t.sitemap_missing.push_back(model_->columns[static_cast<size_t>(c)].truth.path);
      const std::string gone = "/xxgk/wzdt_old.html";
      model_->sitemap_extra.push_back({gone, "政务公开（旧版）"});
      truth_->broken_links.push_back({"/about/sitemap.html", gone, gone, "http_4xx"});
      t.sitemap_dead.push_back(gone);
    }
    t.sitemap_extra.push_back("/private/index.html");  // robots-disallowed, never crawled
    PlantSurveysAndTopic(pass);
  }

  // 征集调查 list and a 专题 page (both fixtures). Passing: four activities,
  // the three older than 2 months each with a result naming its subject, and a
  // 专题 linking seven resource classes. Failing: four activities, no result,
  // and a 专题 with two classes. Items link to 政务动态 articles (pages that
  // exist; only the list's titles and dates matter).
  void PlantSurveysAndTopic(bool pass) {
    MeasureTruth& t = truth_->measures;
    const std::vector<int>& carriers = model_->columns[0].articles;
    size_t next = carriers.size() > 20 ? 10 : 0;
    auto href = [&]() {
      const std::string& p = model_->articles[static_cast<size_t>(carriers[next])].path;
      next = (next + 1) % carriers.size();
      return p;
    };
    static const char* kSubjects[] = {"示例市公共交通线路优化", "示例市老旧小区改造计划",
                                      "示例市十四五养老服务规划", "示例市城区停车收费标准调整"};
    static const int kAgeDays[] = {10, 70, 100, 200};
    for (int i = 0; i < 4 && !carriers.empty(); ++i) {
      const Date d = options_.as_of.AddDays(-kAgeDays[i]);
      const std::string subject = kSubjects[i];
      std::string a = href();
      model_->survey_items.push_back({"关于" + subject + "的意见征集", a, d});
      ++t.survey_activities;
      if (pass && kAgeDays[i] > 62) {
        model_->survey_items.push_back({subject + "意见征集结果反馈", href(), d.AddDays(40)});
        ++t.survey_results;
      } else if (kAgeDays[i] > 62) {
        t.survey_unanswered.push_back(a);
      }
    }
    std::sort(model_->survey_items.begin(), model_->survey_items.end(),
              [](const auto& x, const auto& y) { return x.date > y.date; });
    t.topic = model_->topic_name = "优化营商环境";
    if (pass) {
      model_->topic_links = {{"/zwdt/", "工作背景"}, {"/zcwj/", "政策依据"},
                             {"/zwdt/", "工作进展"}, {"/zwdt/", "工作成果"},
                             {"/content/guide.html", "办事服务"}, {"/zcwj/", "行业标准"},
                             {"/hdjl/zxzx.html", "互动交流"}};
      t.topic_classes = {"工作背景", "政策依据", "工作进展", "工作成果", "服务", "知识", "互动"};
    } else {
      model_->topic_links = {{"/zwdt/", "工作动态"}, {"/zcwj/", "政策文件"}};
      t.topic_classes = {"政策依据", "工作进展"};
    }
    model_->service_links.push_back({"/ztzl/yhyshj.html", "优化营商环境"});
    model_->sitemap_extra.push_back({"/ztzl/yhyshj.html", "优化营商环境"});
    const std::string survey_page = pass ? "/hdjl/zjdc.html" : "/hdjl/yjzj.html";
    if (!pass) model_->service_links.push_back({survey_page, "意见征集"});
    model_->sitemap_extra.push_back({survey_page, "征集调查"});
  }

  void IndexPaths() {
    auto add = [&](const std::string& path, PathKind kind, int a, int b) {
      model_->paths.emplace(path, PathRef{kind, a, b});
      model_->ordered_paths.push_back(path);
    };
    add("/index.html", PathKind::kHome, 0, 0);
    add("/robots.txt", PathKind::kRobots, 0, 0);
    for (int i = 0; i < static_cast<int>(std::size(kAssets)); ++i) {
      add(kAssets[i], PathKind::kAsset, i, 0);
    }
    for (int i = 0; i < static_cast<int>(std::size(kSimplePages)); ++i) {
      add(kSimplePages[i][0], PathKind::kPlain, i, 0);
    }
    if (options_.measures == SiteOptions::MeasureFixtures::kPass) {
      for (int i = 0; i < kFixturePageCount; ++i)
        add(kFixturePages[i][0], PathKind::kPlain, kSimplePageCount + i, 0);
    }
    if (options_.measures != SiteOptions::MeasureFixtures::kNone) {
      const bool pass = options_.measures == SiteOptions::MeasureFixtures::kPass;
      for (int i = 0; i < static_cast<int>(std::size(kBothFixturePages)); ++i) {
        if (pass && std::string_view(kBothFixturePages[i][1]) == "survey") continue;
        add(kBothFixturePages[i][0], PathKind::kPlain, kSimplePageCount + kFixturePageCount + i,
            0);
      }
    }
    for (size_t c = 0; c < model_->columns.size(); ++c) {
      const Column& col = model_->columns[c];
      for (int p = 0; p < col.truth.list_pages; ++p) {
        add(col.truth.path + (p == 0 ? "index.html" : "index_" + std::to_string(p) + ".html"),
            PathKind::kList, static_cast<int>(c), p);
      }
    }
    for (size_t i = 0; i < model_->articles.size(); ++i) {
      const Article& a = model_->articles[i];
      add(a.path, PathKind::kArticle, static_cast<int>(i), 0);
      for (size_t j = 0; j < a.attachments.size(); ++j) {
        add(a.attachments[j].path, PathKind::kAttachment, static_cast<int>(i), static_cast<int>(j));
        truth_->head_refused.push_back(a.attachments[j].path);
        ++truth_->attachments;
      }
    }
  }

  const SiteOptions& options_;
  Rng rng_;
  Site::Model* model_ = nullptr;
  GroundTruth* truth_ = nullptr;
  std::vector<int> order_;
  size_t next_carrier_ = 0;
};

std::string Normalize(std::string_view path) {
  std::string p(path.empty() ? "/" : path);
  if (p.back() == '/') p += "index.html";
  return p;
}

std::string QueryParam(std::string_view query, std::string_view name) {
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

// Decodes %XX escapes and '+' (form encoding) of a query value.
std::string UrlDecode(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '+') {
      out += ' ';
    } else if (v[i] == '%' && i + 2 < v.size() &&
               std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

Reply HtmlReply(int status, std::string body) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = "text/html";
  r.charset = "utf-8";
  return r;
}

}  // namespace

Site::Site(SiteOptions options, std::unique_ptr<Model> model, GroundTruth truth)
    : options_(std::move(options)), model_(std::move(model)), truth_(std::move(truth)) {}
Site::Site(Site&&) noexcept = default;
Site& Site::operator=(Site&&) noexcept = default;
Site::~Site() = default;

Site Site::Generate(const SiteOptions& options) {
  if (options.articles < 0) {
    throw Error("the number of articles must be >= 0, got " + std::to_string(options.articles),
                "SiteOptions::articles");
  }
  if (options.tls_port < 0 || options.tls_port > 65535) {
    throw Error(
        "the TLS port must be 0 (none) or 1..65535, got " + std::to_string(options.tls_port),
        "SiteOptions::tls_port");
  }
  if (options.articles > 5'000'000)
    throw Error("too many articles (max 5000000)", "SiteOptions::articles");
  auto model = std::make_unique<Model>();
  GroundTruth truth;
  Builder(options).Build(*model, truth);
  return Site(options, std::move(model), std::move(truth));
}

std::vector<std::string> Site::StaticPaths() const { return model_->ordered_paths; }

std::optional<Resource> Site::Render(std::string_view raw_path) const {
  const std::string path = Normalize(raw_path);
  const auto it = model_->paths.find(path);
  if (it == model_->paths.end()) return std::nullopt;
  const PathRef& ref = it->second;
  Resource r;
  const std::string ext = Extension(path);
  r.content_type = ContentTypeFor(ext);
  if (ext == "html" || ext == "css" || ext == "txt" || ext == "csv") r.charset = "utf-8";
  switch (ref.kind) {
    case PathKind::kHome:
      r.body = RenderHome(*model_, options_);
      break;
    case PathKind::kList:
      r.body = RenderList(*model_, ref.a, ref.b);
      break;
    case PathKind::kArticle: {
      const Article& a = model_->articles[static_cast<size_t>(ref.a)];
      r.body = RenderArticle(*model_, ref.a);
      if (a.encoding != Encoding::kUtf8) {
        r.body = ToGbk(r.body);
        r.charset = a.encoding == Encoding::kGbkHeader ? "GBK" : "";
      }
      break;
    }
    case PathKind::kAttachment: {
      const Article& a = model_->articles[static_cast<size_t>(ref.a)];
      r.body = RenderAttachment(a, a.attachments[static_cast<size_t>(ref.b)]);
      break;
    }
    case PathKind::kPlain:
      r.body = RenderSimplePage(
          *model_, ref.a < kSimplePageCount ? kSimplePages[ref.a][1]
                   : ref.a < kSimplePageCount + kFixturePageCount
                       ? kFixturePages[ref.a - kSimplePageCount][1]
                       : kBothFixturePages[ref.a - kSimplePageCount - kFixturePageCount][1]);
      break;
    case PathKind::kAsset:
      r.body = ext == "png" ? std::string(kPng, sizeof kPng - 1)
                            : std::string("body{font-family:\"Microsoft YaHei\",sans-serif;}\n");
      break;
    case PathKind::kRobots:
      r.body = "User-agent: *\nDisallow: /private/\n";
      break;
  }
  return r;
}

Reply Site::Answer(std::string_view method, std::string_view raw_path, std::string_view query,
                   int nth) const {
  const std::string path(raw_path.empty() ? "/" : raw_path);
  auto redirect = [](int status, std::string to) {
    Reply r =
        HtmlReply(status, "<html><body>Moved: <a href=\"" + to + "\">" + to + "</a></body></html>");
    r.location = std::move(to);
    return r;
  };
  if (path == "/redirect/moved-1.html") return redirect(301, "/redirect/moved-2.html");
  if (path == "/redirect/moved-2.html") return redirect(302, "/zwdt/");
  if (path == "/zwgk/" || path == "/zwgk/index.html") return redirect(302, "/zcwj/");
  if (path == "/redirect/loop-a.html") return redirect(302, "/redirect/loop-b.html");
  if (path == "/redirect/loop-b.html") return redirect(302, "/redirect/loop-a.html");
  if (path.rfind("/redirect/chain/", 0) == 0) {
    const std::string rest = path.substr(16);
    const int hop = std::atoi(rest.c_str());
    if (hop >= 1 && hop < kChainHops && rest == std::to_string(hop) + ".html") {
      return redirect(302, "/redirect/chain/" + std::to_string(hop + 1) + ".html");
    }
    if (hop == kChainHops && rest == std::to_string(hop) + ".html") return redirect(302, "/");
  }
  if (path == "/api/error500") {
    return HtmlReply(500, "<html><body>500 Internal Server Error</body></html>");
  }
  if (path == "/api/unavailable")
    return HtmlReply(503, "<html><body>Service Unavailable</body></html>");
  if (path == "/flaky/notice.html" && nth % 2 == 1) {
    return HtmlReply(503, "<html><body>Service Temporarily Unavailable</body></html>");
  }
  if (path == "/busy/data.html" && nth % 2 == 1) {
    Reply r = HtmlReply(429, "<html><body>Too Many Requests</body></html>");
    r.retry_after = 1;
    return r;
  }
  if (path == "/calendar/" || path == "/calendar/index.html") {
    const auto day = Date::Parse(QueryParam(query, "date"));
    return HtmlReply(200, RenderCalendar(*model_, day.value_or(options_.as_of)));
  }
  if (path.rfind("/special/", 0) == 0) {
    if (path.back() == '/' || path.ends_with("/index.html")) {
      return HtmlReply(200, RenderSimplePage(*model_, "special"));
    }
    return HtmlReply(404, RenderSimplePage(*model_, "notfound"));
  }
  if ((path == "/search/" || path == "/search/index.html") && !QueryParam(query, "q").empty()) {
    // The site search: articles whose title contains the query, page 1 (ten
    // results); the failing measure fixture's search finds nothing.
    const bool broken = options_.measures == SiteOptions::MeasureFixtures::kFail;
    return HtmlReply(200, RenderSearchResults(*model_, UrlDecode(QueryParam(query, "q")), broken));
  }
  if (auto resource = Render(path)) {
    const bool attachment = model_->paths.at(Normalize(path)).kind == PathKind::kAttachment;
    if (attachment && method == "HEAD") {
      return HtmlReply(405, "<html><body>Method Not Allowed</body></html>");
    }
    Reply r;
    r.body = std::move(resource->body);
    r.content_type = std::move(resource->content_type);
    r.charset = std::move(resource->charset);
    r.slow = path.rfind("/slow/", 0) == 0;
    return r;
  }
  if (path.rfind(truth_.soft404_prefix, 0) == 0) {
    return HtmlReply(200, RenderSimplePage(*model_, "soft404"));
  }
  return HtmlReply(404, RenderSimplePage(*model_, "notfound"));
}

}  // namespace govscore::sample
