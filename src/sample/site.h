// A generator of realistic Chinese government websites (示例市人民政府) of any
// size, with a ground-truth record of everything planted in them, and a local
// HTTP server that serves a generated site on 127.0.0.1 with the dynamic
// behaviours a real government server shows (slow pages, 5xx, 429, redirect
// chains and loops, soft-404s, HEAD mishandling, GBK pages, spider traps).
//
// Everything is deterministic from SiteOptions: the same options give the same
// bytes and the same truth. Dates are relative to SiteOptions::as_of.
//
// URL layout of a generated site (all paths absolute from the site root):
//   /                              homepage (index.html)
//   /<slug>/ , /<slug>/index.html  first list page of a column
//   /<slug>/index_<k>.html         list page k+1 (k >= 1), 20 items per page
//   /<slug>/<yyyymm>/t<yyyymmdd>_<id>.html        an article
//   /<slug>/<yyyymm>/P0<yyyymmdd><id>_<n>.<ext>   an attachment of that article
//   /about/privacy.html, /about/accessibility.html, /about/sitemap.html
//   /content/...      soft-404 prefix: unknown URLs there answer 200 "页面不存在"
//   /calendar/?date=YYYY-MM-DD     spider trap: endless prev/next days
//   /special/...      spider trap: relative link that repeats the segment
//   /redirect/...     redirect chains, loops, too-many-redirects
//   /slow/...         pages that answer after ServerOptions::slow_delay
//   /flaky/...        503 on the first request, then 200 (retry succeeds)
//   /busy/...         429 + Retry-After: 1 on the first request, then 200
//   /api/error500, /api/unavailable     permanent 500 / 503
//   /robots.txt       disallows /private/
//   https://127.0.0.1:<tls_port>/   the whole site again behind a bad certificate
//                     (SiteOptions::tls_port; linked from two articles)
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govscore::sample {

struct SiteOptions {
  // Number of article pages (spread over the non-empty columns). >= 0.
  int articles = 300;
  uint64_t seed = 1;
  // The 监测时间点 the site is built against; all dates are relative to it.
  Date as_of = Date::FromYmd(2024, 6, 30);
  // Plant defects: broken links of every class, one empty and one stale column,
  // personal-data leaks. When false the site is clean (decoys that must not be
  // reported are still present), for false-positive tests.
  bool defects = true;
  // Some article pages are GBK-encoded (charset in the header or only in <meta>).
  bool gbk_pages = true;
  // Spider traps (/calendar/, /special/) linked from the homepage.
  bool traps = true;
  // Always present, whatever the flags: redirect→ok links, /flaky/ (503 once),
  // /busy/ (429 once), attachments refusing HEAD, gzip. The /slow/ link
  // (timeout class) is a defect and comes only with `defects`.

  // The site's "old HTTPS portal": with `defects` and tls_port > 0, two
  // articles link to https://127.0.0.1:<tls_port>/ (expected class "tls"), and
  // Server and the generated nginx config serve the site there over TLS with a
  // bad certificate (MakeBadSiteCertificate: self-signed, expired, issued for
  // the site's public domain). 0 = no TLS link. The port is part of the page
  // bytes, so it is a generation option: the static files are written before
  // anything listens, and a fixed default would make sites served side by side
  // (tests, the demo) fight over one port. `govscore sample` picks a free port
  // (serve) or uses --port + 1 (generate); tests use FreeLoopbackPort().
  int tls_port = 0;

  // Fixtures for the issue-7 measures (docs/sample-site.md "Measure
  // fixtures"): kNone (default) leaves the site exactly as without it; kPass
  // plants a site that passes them (policies with 文号 and interpretations
  // linked both ways in every form, 来源 everywhere, function and 政府信息公开
  // entries that work, annual reports on time, required links, a complete
  // 网站地图); kFail one that fails them (one-way and missing links, a copied
  // interpretation, articles without 来源, a dead 在线咨询 entry, a late 年报,
  // a 网站地图 missing columns with a dead entry). GroundTruth::measures says
  // what a scan must find.
  enum class MeasureFixtures { kNone, kPass, kFail };
  MeasureFixtures measures = MeasureFixtures::kNone;
};

// Expected result class of a link, the names used by the scan output.
// http_4xx http_5xx timeout dns refused tls redirect_loop too_many_redirects
// soft_404 invalid_url redirect_ok
struct PlantedLink {
  std::string source;  // path of the page carrying the link, e.g. "/zwdt/202406/t20240601_12.html"
  std::string href;    // the attribute value exactly as written in the page
  std::string target;  // resolved: a site path ("/x/y.html") or an absolute external URL
  std::string expected;  // one of the class names above
};

struct PlantedColumn {
  std::string name;  // 政务动态
  std::string slug;  // zwdt
  std::string path;  // "/zwdt/" (first list page; also served as /zwdt/index.html)
  std::string category;  // 动态 通知公告 政策文件 人事 规划计划, or "" (no freshness limit)
  std::string column_type;     // ColumnType meta value, e.g. 工作动态
  std::string date_form;       // "iso" 2024-05-01, "cn" 2024年5月1日, "slash" 2024/05/01,
                               // "md" [05-01], "year_heading" 05-01 under <h3>2024年</h3>
  int items = 0;               // number of articles listed
  int list_pages = 1;          // number of list pages (>= 1, an empty column has one)
  std::optional<Date> newest;  // newest item date; nullopt when empty
  std::optional<Date> oldest;
  bool empty = false;  // expected: no items
  bool stale = false;  // expected: newest older than the category limit as of as_of
                       // (an empty column is empty, not stale)
};

struct FooterTruth {
  std::string site_name;          // 示例市人民政府
  std::string site_domain;        // www.shiyan.gov.cn
  std::string site_code;          // 网站标识码, 10 digits
  std::string icp;                // e.g. 鄂ICP备12345678号-1
  std::string police_record;      // e.g. 鄂公网安备 42010202000123号
  std::string police_code;        // the 14 digits
  std::string sponsor;            // 主办单位
  std::string phone;              // 联系电话
  std::string party_gov_label;    // 党政机关网站标识 link (bszs.conac.cn ...)
  std::string error_report_link;  // 我为政府网站找错 link (zfwzgl.www.gov.cn ... site_code=)
  std::string privacy_link;       // site path of the privacy policy
  std::string accessibility_link;  // site path of the 无障碍 page
  std::string search_action;       // search form action (site path)
  std::string search_param;        // query parameter name
};

struct PlantedLeak {
  std::string path;    // page or attachment site path
  std::string kind;    // "id_number" or "mobile"
  std::string value;   // the full number as planted
  std::string masked;  // id: first 6 + 8 '*' + last 4; mobile: first 3 + "****" + last 4
  bool attachment = false;
};

// Something that looks like personal data but is not (must NOT be reported).
struct PlantedDecoy {
  std::string path;
  std::string text;  // the decoy as written
  std::string
      why;  // "id_bad_checksum", "id_bad_birthdate", "not_mobile", "order_number", "already_masked"
};

// What the issue-7 measure fixtures planted (SiteOptions::measures); paths
// are site paths. `planted` is false (and the rest empty) without fixtures.
struct MeasureTruth {
  bool planted = false;
  int policies = 0;                         // articles of 政策文件 (each with a 文号)
  int interpretations = 0;                  // articles of 政策解读
  int policies_with_interpretation = 0;     // policies an interpretation is matched with
  std::vector<std::string> bidirectional;   // interpretations linked both ways with their policy
  std::vector<std::string> one_way;         // interpretation → policy link only
  std::vector<std::string> unmatched;       // interpretations naming no policy, no links
  std::vector<std::string> copied;          // interpretations copying the policy text (照搬)
  std::map<std::string, int> forms;         // 图解 视频 发布会 文字 → interpretations
  std::vector<std::string> without_source;  // articles without 来源
  // Function keys (extract/signals.h FunctionKeys) with a working entry, and
  // those whose entry is a dead link.
  std::vector<std::string> functions, broken_functions;
  std::optional<Date> annual_report;  // 政府信息公开工作年度报告 of as_of.year − 1
  std::optional<Date> site_report;    // 政府网站工作年度报表 of as_of.year − 1
  std::vector<std::string> sitemap_missing;  // column paths absent from the 网站地图
  std::vector<std::string> sitemap_dead;     // dead entries of the 网站地图
  std::vector<std::string> sitemap_extra;    // entries neither column nor crawlable page
  std::vector<std::string> external_hosts;   // required hosts the homepage links to
  // The site search (/search/?q=) finds an article by its title on page 1
  // (every site's search works except the failing fixture's).
  bool search_works = false;
  // 征集调查 (the survey list page): activities, results, and the activities
  // older than 2 months at as_of without a result (site paths of their links).
  int survey_activities = 0;
  int survey_results = 0;
  std::vector<std::string> survey_unanswered;
  // The 专题 page (/ztzl/yhyshj.html): its name and the resource classes
  // (extract/signals.h TopicResourceClasses) its section links name.
  std::string topic;
  std::vector<std::string> topic_classes;
};

struct GroundTruth {
  std::string site_name;
  Date as_of;
  int articles = 0;
  int pages = 0;  // HTML pages reachable by following links from the homepage,
                  // excluding trap pages and error pages (home + lists + articles + about pages)
  int attachments = 0;  // attachment files that exist
  std::vector<PlantedLink>
      broken_links;  // every non-ok link (and redirect_ok) with each page carrying it
  std::vector<PlantedColumn> columns;
  FooterTruth footer;
  std::vector<PlantedLeak> privacy;
  std::vector<PlantedDecoy> decoys;
  std::vector<std::string> gbk_pages;          // article paths encoded in GBK
  std::vector<std::string> gbk_meta_only;      // subset whose charset is only in <meta>
  std::vector<std::string> trap_prefixes;      // "/calendar/", "/special/"
  std::vector<std::string> head_refused;       // attachment paths answering 405 to HEAD, 200 to GET
  std::vector<std::string> transient;          // paths that fail once (503/429) then succeed: ok
  std::vector<std::string> robots_disallowed;  // "/private/"
  std::string soft404_prefix;                  // "/content/"
  // The bad-TLS listener (SiteOptions::tls_port), when planted: its port and
  // the TLS issue kinds a verifying client without a private CA must report
  // for it (fetch/fetcher.h TlsIssue kinds). Empty when none is planted.
  int tls_port = 0;
  std::vector<std::string> tls_issues;
  // Real-world hosts: the site's public domain (www.shiyan.gov.cn, in
  // <meta name="Url">) and what the footer links to (ICP/公安 record systems,
  // 党政机关标识, 找错). Tests and benchmarks must not fetch them: exclude
  // them from checking.
  std::vector<std::string> offsite_hosts;
  MeasureTruth measures;  // issue-7 fixtures; in truth.json only when planted

  nlohmann::json ToJson() const;
};

// How the site answers one request (see Site::Answer).
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type;  // without charset
  std::string charset;       // for the Content-Type header, or "" for none
  std::string location;      // Location header for 3xx
  int retry_after = -1;      // Retry-After header (seconds) when >= 0
  bool slow = false;         // the server waits ServerOptions::slow_delay first
};

// One servable resource of a site.
struct Resource {
  std::string body;          // bytes as served (GBK pages are already GBK)
  std::string content_type;  // without charset, e.g. "text/html"
  std::string charset;       // charset for the Content-Type header, or "" for none
};

class Site {
 public:
  // Throws govscore::Error on invalid options (articles < 0).
  static Site Generate(const SiteOptions& options);

  const SiteOptions& options() const { return options_; }
  const GroundTruth& truth() const { return truth_; }

  // The static resource at `path` (a site path, without query; "/x/" means
  // "/x/index.html"), or nullopt when the site has no such file. Dynamic
  // behaviours (redirects, slow, traps...) are not resources; see Server.
  std::optional<Resource> Render(std::string_view path) const;
  // How the site answers `method` ("GET", "HEAD", ...) for `path` with `query`
  // (without '?'), when this is the `nth` request (1-based) for that path:
  // static resources, redirects, error statuses, traps, soft-404s, 404s. The
  // Server is a thin shell around this.
  Reply Answer(std::string_view method, std::string_view path, std::string_view query,
               int nth) const;
  // Every static path of the site, in a stable order.
  std::vector<std::string> StaticPaths() const;

  // Writes the static files under dir/www (created), plus dir/truth.json,
  // dir/behaviours.json (the dynamic behaviours as data) and
  // dir/nginx-site.conf (a server block listening on 127.0.0.1:port that
  // approximates the behaviours with nginx, root dir/www). With a TLS link
  // planted it also writes a fresh bad certificate to dir/tls/cert.pem and
  // dir/tls/key.pem (mode 0600; made at write time, never shipped) and
  // nginx-site.conf gets a second server block on 127.0.0.1:tls_port using
  // them. Throws govscore::Error when dir cannot be written.
  void WriteTo(const std::filesystem::path& dir, int port = 8080) const;

  // The dynamic behaviours as data (documented in docs/sample-site.md).
  nlohmann::json Behaviours() const;
  // nginx `server { ... }` block serving root `www` on 127.0.0.1:port; with a
  // TLS link planted, also an `ssl` server block on 127.0.0.1:tls_port whose
  // certificate and key are `www`/../tls/cert.pem and key.pem (see WriteTo).
  std::string NginxServerBlock(const std::filesystem::path& www, int port) const;

  Site(Site&&) noexcept;
  Site& operator=(Site&&) noexcept;
  ~Site();

  struct Model;  // the generated model (columns, articles); private to site.cc

 private:
  Site(SiteOptions options, std::unique_ptr<Model> model, GroundTruth truth);
  SiteOptions options_;
  std::unique_ptr<Model> model_;
  GroundTruth truth_;
};

struct ServerOptions {
  int port = 0;  // 0 = pick a free port
  // How long /slow/ pages wait before answering. Tests set it above the scan
  // timeout they use.
  std::chrono::milliseconds slow_delay{5000};
  int threads = 32;  // worker threads (slow requests occupy one each)
};

// A TCP port on 127.0.0.1 that is free right now (the kernel's pick; it may be
// taken by someone else before it is bound). For SiteOptions::tls_port.
int FreeLoopbackPort();

// Serves a Site on 127.0.0.1 from a background thread; when the site plants a
// TLS link, also serves it over TLS on 127.0.0.1:tls_port with a bad
// certificate made at start (MakeBadSiteCertificate). The Site must outlive
// the Server. Thread-safe.
class Server {
 public:
  // Starts listening; throws govscore::Error when the port (or the site's TLS
  // port) cannot be bound.
  Server(const Site& site, ServerOptions options = {});
  ~Server();  // Stops.
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:<port>"
  // The bad-TLS listener: its port (0 when the site plants no TLS link) and
  // "https://127.0.0.1:<tls_port>".
  int tls_port() const { return tls_port_; }
  std::string tls_base_url() const;
  // Stops serving and joins the thread; idempotent. In-flight slow requests end promptly.
  void Stop();

  // Number of requests (any method) received for a path (without query), on
  // the plain HTTP listener / on the TLS listener.
  int RequestCount(const std::string& path) const;
  int TlsRequestCount(const std::string& path) const;
  int TotalRequests() const;
  // Blocks until Stop() is called from another thread.
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  int tls_port_ = 0;
};

}  // namespace govscore::sample
