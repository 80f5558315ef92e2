// Web security of `govscore serve` (docs/security.md), on both backends:
// - the role matrix: every route the server registers (Server::ApiRoutes) ×
//   admin, organiser, reviewer (unit a), reviewer limited to one indicator,
//   webmaster of unit a, webmaster of unit b, anonymous — allowed, 403
//   forbidden, or 404 for unpublished scores; a route without a row fails;
// - CSRF: every write route refuses a request without a token, with a wrong
//   one and with another session's, and nothing is written (audit unchanged);
// - injection: SQL and markup strings in every text field and query parameter
//   are stored and given back literally, never a 500 or a database message;
//   markup in names is escaped in the html report, the printable unit report
//   and the 整改通知; CR/LF never reaches a header;
// - uploads: names and ids that point elsewhere never read or write outside
//   the uploads, type from the bytes, the size cap, other units' files;
// - sessions: a new id at every login, none adopted from the client, logout
//   ends it on the server; cookie flags; login rate limiting; argon2id hashes;
// - reviewer assignments (units and indicators) in the workbench and the
//   exports, and their update as one transaction.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "core/percent_encode.h"
#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

// `s` with only what a URL may not hold (controls, space, quotes, <>)
// percent-encoded: SQL metacharacters such as ' ; -- stay.
std::string UrlSafe(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>') {
      out += PercentEncode(std::string(1, static_cast<char>(c)));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                       33);

// Injection strings: SQL (quotes, comments, stacked statements, UNION, LIKE
// wildcards, PostgreSQL casts and dollar quotes), markup, Chinese with a quote.
const std::vector<std::string> kEvil = {
    "O'Brien'; DROP TABLE units; --",
    "\" OR \"1\"=\"1",
    "1 UNION SELECT password_hash FROM users",
    "%_\\%' ESCAPE '\\",
    "x'::text; SELECT pg_sleep(5); --",
    "$$; DELETE FROM sessions; $$",
    "<script>alert('x')</script>",
    "\xe6\x94\xbf\xe5\xba\x9c'); --",
};
const std::string kScript = "<script>alert('x')</script>";

// What an error answer must never show: database messages and SQL. The
// caller's own input (`echoed`, e.g. a bad value named in "where") is no leak:
// it is left out before looking.
void ExpectNoLeak(const std::string& what, const Reply& r, const std::string& echoed = "") {
  EXPECT_NE(r.status, 500) << what << ": " << r.body;
  EXPECT_GT(r.status, 0) << what;
  if (r.status < 400) return;
  std::string body = r.body;
  if (!echoed.empty()) {
    const std::string quoted = json(echoed).dump();
    for (const std::string& s : {echoed, quoted.substr(1, quoted.size() - 2)})
      for (size_t at; (at = body.find(s)) != std::string::npos;) body.erase(at, s.size());
  }
  for (const char* word : {"SQLITE", "sqlite3", "syntax error", "ERROR:", "libpq", "SELECT ",
                           "INSERT ", "constraint failed", "violates", "relation "})
    EXPECT_EQ(body.find(word), std::string::npos) << what << " leaks '" << word << "': " << r.body;
}

// The head of a GET answer exactly as sent, up to the blank line. httplib's
// client percent-decodes header values, so only the raw bytes tell an encoded
// CR LF from one that would split the header.
std::string RawHead(int port, const std::string& path, const httplib::Headers& headers) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
    request += "\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buf[4096];
      for (ssize_t n;
           out.find("\r\n\r\n") == std::string::npos && (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
        out.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  const size_t end = out.find("\r\n\r\n");
  return end == std::string::npos ? out : out.substr(0, end + 2);
}

// Users of the matrix: A admin, O organiser, R reviewer (unit a, every
// indicator), r reviewer of unit a assigned one indicator ({I}) in the
// campaign, W webmaster (unit a), w webmaster of unit b only.
const std::vector<std::pair<char, std::string>> kUsers = {{'A', "admin"},     {'O', "organiser"},
                                                          {'R', "reviewer"},  {'r', "reviewer-i"},
                                                          {'W', "webmaster"}, {'w', "webmaster-b"}};

struct Route {
  Route(std::string m, std::string pat, std::string p, std::string a, json b = nullptr,
        std::string h = "", bool s = false)
      : method(std::move(m)),
        pattern(std::move(pat)),
        path(std::move(p)),
        allowed(std::move(a)),
        body(std::move(b)),
        hidden(std::move(h)),
        stream(s) {}
  std::string method;
  std::string pattern;  // exactly as registered (Server::ApiRoutes)
  // The request path. Placeholders: {U} unit a, {B} unit b, {C} campaign (unit
  // a only), {F} framework version, {S}/{SB} scans of a/b, {E}/{EB} evidence
  // files of a/b, {V} the webmaster's user id, {D} a spare unit (fresh per
  // call), {X}/{XB} findings of a/b, {N}/{NB} notices of a/b, {L} an alert of
  // unit a, {H} a schedule, {G} a spare schedule (fresh per call), {I} the
  // indicator assigned to r, {J} another manual indicator, {K} an answered
  // consultation of unit a, {Q} a spare consultation (fresh per call).
  std::string path;
  std::string allowed;      // letters of kUsers that may call it (others: 403)
  json body = nullptr;      // JSON body for writes; "multipart:<kind>" for uploads
  std::string hidden = "";  // letters that get 404 instead (unpublished scores)
  bool stream = false;      // an endless answer: only its status is read
};

// Routes that are in no matrix row, with the test that covers them.
const std::map<std::string, std::string> kNotInMatrix = {
    {"public GET /api/health", "AnonymousGetsNothing"},
    {"public POST /api/auth/login", "SessionIdChangesAtLoginAndLogoutEndsIt, LoginRateLimited"},
    {"POST /api/auth/logout", "SessionIdChangesAtLoginAndLogoutEndsIt (acts on the caller)"},
    {"POST /api/auth/password", "CsrfOnEveryWriteRoute (acts on the caller)"},
};

class SecurityTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    store_->CreateUser(admin,
                       {"reviewer-i", "reviewer-i", kPassword, store::Role::kReviewer, {unit_a_}});
    StartServer();
    org_ = As("organiser");
    Reply fw = org_->Post("/api/frameworks", {{"shipped", "gx2020-city"}});
    ASSERT_EQ(fw.status, 201) << fw.body;
    version_ = fw.json["id"].get<store::Id>();
    // The campaign holds unit a only: the webmaster of unit b is outside it.
    Reply c = org_->Post("/api/campaigns", CampaignBody("安全测试任务"));
    ASSERT_EQ(c.status, 201) << c.body;
    campaign_ = c.json["id"].get<store::Id>();
    Reply s = org_->Post(Campaign() + "/scans", {{"unit_ids", {unit_a_}}});
    ASSERT_LT(s.status, 300) << s.body;
    Reply scans = org_->Get(Campaign() + "/scans");
    ASSERT_FALSE(scans.json["scans"].empty()) << scans.body;
    scan_ = scans.json["scans"][0]["id"].get<store::Id>();
    scan_b_ = MakeScan(unit_b_);
    if (org_->Get(Campaign()).json["state"] == "draft") {
      Reply st = org_->Post(Campaign() + "/state", {{"state", "collecting"}});
      ASSERT_EQ(st.status, 200) << st.body;
    }
    Reply up = org_->Upload("/api/evidence", "file", "证据.png", kPng, "image/png",
                            {{"unit_id", std::to_string(unit_a_), "", ""}});
    ASSERT_EQ(up.status, 201) << up.body;
    evidence_ = up.json["file_id"];
    up = org_->Upload("/api/evidence", "file", "乙.png", kPng, "image/png",
                      {{"unit_id", std::to_string(unit_b_), "", ""}});
    ASSERT_EQ(up.status, 201) << up.body;
    evidence_b_ = up.json["file_id"];
    Reply users = As("admin")->Get("/api/users");
    for (const json& u : users.json["users"]) {
      if (u["username"] == "webmaster") webmaster_id_ = u["id"].get<store::Id>();
      if (u["username"] == "reviewer-i") reviewer_i_id_ = u["id"].get<store::Id>();
    }
    ASSERT_NE(webmaster_id_, 0);
    ASSERT_NE(reviewer_i_id_, 0);
    // Two manual indicators of unit a: {I} assigned to reviewer-i, {J} not.
    Reply q = org_->Get(Campaign() + "/queue?unit_id=" + std::to_string(unit_a_));
    ASSERT_EQ(q.status, 200) << q.body;
    for (const json& item : q.json["items"]) {
      // Whole-indicator slots only: every judgment below names no criterion
      // and no channel, so a criteria leaf's part would be another slot.
      if (item.value("criterion", "") != "" || item.value("channel", "") != "") continue;
      if (indicator_i_.empty()) {
        indicator_i_ = item["indicator_id"];
        input_i_ = item["input"];
        name_i_ = item["indicator_name"];
      } else if (item["indicator_id"] != indicator_i_ && indicator_j_.empty()) {
        indicator_j_ = item["indicator_id"];
        input_j_ = item["input"];
        name_j_ = item["indicator_name"];
      }
    }
    ASSERT_FALSE(indicator_j_.empty()) << q.body.substr(0, 500);
    Reply assign = org_->Put(Campaign() + "/reviewers/" + std::to_string(reviewer_i_id_),
                             {{"indicator_ids", {indicator_i_}}});
    ASSERT_EQ(assign.status, 200) << assign.body;
    // Findings, notices, an alert, a schedule and a quarterly result.
    store_->RecordScanFindings(admin, scan_,
                               {{"link:http_404:http://127.0.0.1:9/a.pdf", "link:http_404",
                                 "http://127.0.0.1:9/a.pdf", "失效链接"}});
    store_->RecordScanFindings(admin, scan_b_,
                               {{"link:http_404:http://127.0.0.1:9/b.pdf", "link:http_404",
                                 "http://127.0.0.1:9/b.pdf", "失效链接"}});
    finding_ = store_->ListFindings(unit_a_).at(0).id;
    finding_b_ = store_->ListFindings(unit_b_).at(0).id;
    const Date deadline = *Date::Parse("2030-12-31");
    notice_ = store_->IssueNotice(admin, unit_a_, deadline, {finding_}).id;
    notice_b_ = store_->IssueNotice(admin, unit_b_, deadline, {finding_b_}).id;
    alert_ = *store_->RaiseAlert(admin, unit_a_, store::AlertKind::kOutage, "outage",
                                 "网站无法访问", "连接超时");
    schedule_ = NewSpareSchedule();
    consultation_ = NewSpareConsultation();
  }

  json CampaignBody(const std::string& name) const {
    return {{"name", name},
            {"framework_version_id", version_},
            {"as_of", "2026-11-20"},
            {"unit_ids", {unit_a_}}};
  }
  std::string Campaign() const { return "/api/campaigns/" + std::to_string(campaign_); }

  static json ValueFor(const std::string& input) {
    if (input == "points") return {{"points", 0}};
    if (input == "count") return {{"count", 0}};
    if (input == "yes_no") return {{"value", "yes"}};
    return {{"value", "met"}};
  }

  // Spares are made by the test through the store, which audits them too:
  // spare_audit_rows_ counts those rows (the CSRF case leaves them out).
  store::Id NewSpareUnit() {
    const size_t before = AuditRows();
    store::Unit u;
    u.code = "spare-" + std::to_string(++spares_);
    u.name = "待删除单位";
    u.kind = "县";
    const store::Id id = store_->CreateUnit(admin, u);
    spare_audit_rows_ += AuditRows() - before;
    return id;
  }
  store::Id NewSpareSchedule() {
    store::MonitorSchedule s;
    s.unit_id = NewSpareUnit();  // one schedule per unit and regime
    s.next_due_at = 4'000'000'000'000;
    const size_t before = AuditRows();
    const store::Id id = store_->SaveSchedule(admin, s);
    spare_audit_rows_ += AuditRows() - before;
    return id;
  }
  store::Id NewSpareConsultation() {
    store::Consultation c;
    c.campaign_id = campaign_;
    c.unit_id = unit_a_;
    c.asked_at = "2026-11-02 10:00";
    c.question = "办理居住证需要哪些材料？";
    c.replied_at = "2026-11-03 10:00";
    c.answer = "需要身份证。";
    const size_t before = AuditRows();
    const store::Id id = store_->SaveConsultation(admin, c);
    spare_audit_rows_ += AuditRows() - before;
    return id;
  }
  size_t AuditRows() { return store_->ListAudit({}, std::nullopt, 100000).size(); }

  std::string Expand(std::string path, store::Id spare_unit, store::Id spare_schedule,
                     store::Id spare_consultation = 1) const {
    auto replace = [&](const std::string& key, const std::string& value) {
      for (size_t at; (at = path.find(key)) != std::string::npos;)
        path.replace(at, key.size(), value);
    };
    auto n = [](store::Id id) { return std::to_string(id); };
    replace("{U}", n(unit_a_));
    replace("{B}", n(unit_b_));
    replace("{C}", n(campaign_));
    replace("{F}", n(version_));
    replace("{SB}", n(scan_b_));
    replace("{S}", n(scan_));
    replace("{EB}", evidence_b_);
    replace("{E}", evidence_);
    replace("{V}", n(webmaster_id_));
    replace("{D}", n(spare_unit));
    replace("{XB}", n(finding_b_));
    replace("{X}", n(finding_));
    replace("{NB}", n(notice_b_));
    replace("{N}", n(notice_));
    replace("{L}", n(alert_));
    replace("{H}", n(schedule_));
    replace("{G}", n(spare_schedule));
    replace("{I}", PercentEncode(indicator_i_));
    replace("{J}", PercentEncode(indicator_j_));
    replace("{K}", n(consultation_));
    replace("{Q}", n(spare_consultation));
    return path;
  }

  Reply Call(Browser& b, const Route& r) {
    const store::Id spare_unit = r.path.find("{D}") != std::string::npos ? NewSpareUnit() : 0;
    const store::Id spare_schedule =
        r.path.find("{G}") != std::string::npos ? NewSpareSchedule() : 0;
    const store::Id spare_consultation =
        r.path.find("{Q}") != std::string::npos ? NewSpareConsultation() : 0;
    const std::string path = Expand(r.path, spare_unit, spare_schedule, spare_consultation);
    if (r.stream) {
      // Read the status, then hang up (the stream would run on).
      Reply out;
      httplib::Client http("127.0.0.1", server_->port());
      http.set_read_timeout(10);
      std::string body;
      http.Get(
          path.c_str(), b.BaseHeaders(false),
          [&](const httplib::Response& res) {
            out.status = res.status;
            return true;
          },
          [&](const char* data, size_t n) {
            body.append(data, n);
            return false;
          });
      out.body = body;
      out.json = json::parse(body, nullptr, false);
      if (out.json.is_discarded()) out.json = nullptr;
      return out;
    }
    if (r.method == "GET") return b.Get(path);
    if (r.body.is_string() && r.body.get<std::string>() == "multipart:posts")
      return b.Upload(path, "file", "posts.csv", "发布时间,标题\n2026-11-02 10:00,一条发布\n",
                      "text/csv");
    if (r.body.is_string() && r.body.get<std::string>().rfind("multipart:evidence", 0) == 0) {
      const store::Id unit =
          r.body.get<std::string>() == "multipart:evidence-b" ? unit_b_ : unit_a_;
      return b.Upload(path, "file", "a.png", kPng, "image/png",
                      {{"unit_id", std::to_string(unit), "", ""}});
    }
    if (r.body.is_string() && r.body.get<std::string>() == "multipart:units") {
      return b.Upload(path, "file", "units.csv", "code,name,kind\nimp-x,导入县,县\n", "text/csv");
    }
    if (r.body.is_string() && r.body.get<std::string>() == "multipart:consultations") {
      return b.Upload(path, "file", "c.csv",
                      "unit,kind,asked,question\nunit-a,咨询,2026-11-02,问\n", "text/csv");
    }
    json body = r.body;
    // Placeholders inside JSON bodies (values and array items).
    std::function<void(json&)> fill = [&](json& v) {
      if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "{U}") v = unit_a_;
        if (s == "{F}") v = version_;
        if (s == "{I}") v = indicator_i_;
        if (s == "{J}") v = indicator_j_;
        if (s == "{VI}") v = ValueFor(input_i_);
        if (s == "{VJ}") v = ValueFor(input_j_);
      }
      if (v.is_structured())
        for (auto& item : v) fill(item);
    };
    fill(body);
    return b.Send(r.method, path, body);
  }

  // One row per route and object the roles differ on (docs/api.md).
  std::vector<Route> Routes() const {
    const json unit = {{"code", "put-a"},
                       {"name", "甲市人民政府"},
                       {"kind", "设区市"},
                       {"websites", {"http://127.0.0.1:9/"}}};
    auto key = [](const std::string& ind, const std::string& value) {
      return json{{"unit_id", "{U}"}, {"indicator_id", ind}, {"criterion", ""},
                  {"channel", ""},    {"value", value},      {"note", "安全测试"}};
    };
    const std::string C = "/api/campaigns/(\\d+)";
    return {
        // Authentication, users, audit.
        {"GET", "/api/auth/me", "/api/auth/me", "AORrWw"},
        {"GET", "/api/users", "/api/users", "A"},
        {"POST",
         "/api/users",
         "/api/users",
         "A",
         {{"username", "new-user"},
          {"display_name", "新用户"},
          {"password", "long-password-1"},
          {"role", "reviewer"},
          {"unit_ids", json::array()}}},
        {"GET", "/api/users/(\\d+)", "/api/users/{V}", "A"},
        {"PATCH", "/api/users/(\\d+)", "/api/users/{V}", "A", {{"display_name", "站长"}}},
        {"GET", "/api/audit", "/api/audit", "AO"},
        // Units.
        {"GET", "/api/units", "/api/units", "AORrWw"},
        {"GET", "/api/units/(\\d+)", "/api/units/{U}", "AORrW"},
        {"GET", "/api/units/(\\d+)", "/api/units/{B}", "AOw"},
        {"POST",
         "/api/units",
         "/api/units",
         "AO",
         {{"code", "new-unit"}, {"name", "新县"}, {"kind", "县"}}},
        {"PUT", "/api/units/(\\d+)", "/api/units/{U}", "AO", unit},
        {"DELETE", "/api/units/(\\d+)", "/api/units/{D}", "AO"},
        {"POST", "/api/units/import", "/api/units/import", "AO", "multipart:units"},
        {"POST", C + "/units/(\\d+)/posts", "/api/campaigns/{C}/units/{U}/posts", "AO",
         "multipart:posts"},
        {"GET", "/api/units/export", "/api/units/export?format=csv", "AO"},
        {"GET", "/api/units/(\\d+)/scans", "/api/units/{U}/scans", "AORrW"},
        {"GET", "/api/units/(\\d+)/scans", "/api/units/{B}/scans", "AOw"},
        {"GET", "/api/units/(\\d+)/findings", "/api/units/{U}/findings", "AORrW"},
        {"GET", "/api/units/(\\d+)/findings", "/api/units/{B}/findings", "AOw"},
        {"GET", "/api/units/(\\d+)/trend", "/api/units/{U}/trend", "AORrW"},
        {"GET", "/api/units/(\\d+)/trend", "/api/units/{B}/trend", "AOw"},
        {"GET", "/api/units/(\\d+)/evidence", "/api/units/{U}/evidence", "AORrW"},
        {"GET", "/api/units/(\\d+)/evidence", "/api/units/{B}/evidence", "AOw"},
        // Frameworks.
        {"GET", "/api/frameworks", "/api/frameworks", "AORrWw"},
        {"GET", "/api/frameworks/shipped/([A-Za-z0-9_.-]+)", "/api/frameworks/shipped/gx2020-city",
         "AORrWw"},
        {"GET", "/api/framework-versions/(\\d+)", "/api/framework-versions/{F}", "AORrWw"},
        {"GET", "/api/framework-versions/(\\d+)/yaml", "/api/framework-versions/{F}/yaml",
         "AORrWw"},
        {"POST",
         "/api/frameworks/validate",
         "/api/frameworks/validate",
         "AO",
         {{"yaml", "id: x\n"}}},
        {"POST", "/api/frameworks", "/api/frameworks", "AO", {{"shipped", "gx2020-county"}}},
        // Campaigns.
        {"GET", "/api/campaigns", "/api/campaigns", "AORrWw"},
        {"POST",
         "/api/campaigns",
         "/api/campaigns",
         "AO",
         {{"name", "又一个任务"},
          {"framework_version_id", "{F}"},
          {"as_of", "2026-11-20"},
          {"unit_ids", json::array()}}},
        {"GET", C, "/api/campaigns/{C}", "AORrW"},
        {"PUT",
         C,
         "/api/campaigns/{C}",
         "AO",
         {{"name", "安全测试任务"},
          {"framework_version_id", "{F}"},
          {"as_of", "2026-11-20"},
          {"unit_ids", {"{U}"}}}},
        {"GET", C + "/scans", "/api/campaigns/{C}/scans", "AORrW"},
        {"POST", C + "/scans", "/api/campaigns/{C}/scans", "AO", {{"unit_ids", {"{U}"}}}},
        {"GET", C + "/progress", "/api/campaigns/{C}/progress", "AORrW"},
        {"GET", C + "/progress/stream", "/api/campaigns/{C}/progress/stream", "AORrW", nullptr, "",
         true},
        {"GET", C + "/snapshots", "/api/campaigns/{C}/snapshots", "AO"},
        {"POST",
         C + "/events",
         "/api/campaigns/{C}/events",
         "AO",
         {{"unit_id", "{U}"}, {"type", "表彰"}, {"date", "2026-11-01"}}},
        {"GET", C + "/events", "/api/campaigns/{C}/events?unit_id={U}", "AORrW"},
        {"GET", C + "/reviewers", "/api/campaigns/{C}/reviewers", "AO"},
        {"PUT",
         C + "/reviewers/(\\d+)",
         "/api/campaigns/{C}/reviewers/{V}",
         "AO",
         {{"unit_ids", json::array()}}},
        // Workbench: reviewer-i only for the indicator {I}.
        {"GET", C + "/queue", "/api/campaigns/{C}/queue?unit_id={U}", "AORr"},
        {"GET", C + "/judgment",
         "/api/campaigns/{C}/judgment?unit_id={U}&indicator_id={I}&criterion=&channel=", "AORr"},
        {"GET", C + "/judgment",
         "/api/campaigns/{C}/judgment?unit_id={U}&indicator_id={J}&criterion=&channel=", "AOR"},
        {"POST", C + "/judgments", "/api/campaigns/{C}/judgments", "AORr", key("{I}", "{VI}")},
        {"POST", C + "/judgments", "/api/campaigns/{C}/judgments", "AOR", key("{J}", "{VJ}")},
        {"POST", C + "/judgments/check", "/api/campaigns/{C}/judgments/check", "AORr",
         json{{"unit_id", "{U}"}, {"indicator_id", "{I}"}, {"agree", true}}},
        {"POST", C + "/judgments/check", "/api/campaigns/{C}/judgments/check", "AOR",
         json{{"unit_id", "{U}"}, {"indicator_id", "{J}"}, {"agree", true}}},
        {"POST", C + "/judgments/adopt", "/api/campaigns/{C}/judgments/adopt", "AORr",
         json{{"unit_id", "{U}"}, {"indicator_id", "{I}"}}},
        {"POST", C + "/judgments/adopt", "/api/campaigns/{C}/judgments/adopt", "AOR",
         json{{"unit_id", "{U}"}, {"indicator_id", "{J}"}}},
        // Consultations (模拟咨询 / 依申请公开): organisers write, reviewers of the
        // unit judge, webmasters read their unit's.
        {"GET", C + "/consultations", "/api/campaigns/{C}/consultations", "AORrW"},
        {"POST",
         C + "/consultations",
         "/api/campaigns/{C}/consultations",
         "AO",
         {{"unit_id", "{U}"}, {"asked_at", "2026-11-02 10:00"}, {"question", "咨询内容"}}},
        {"GET", "/api/consultations/(\\d+)", "/api/consultations/{K}", "AORrW"},
        {"PUT",
         "/api/consultations/(\\d+)",
         "/api/consultations/{K}",
         "AO",
         {{"unit_id", "{U}"},
          {"asked_at", "2026-11-02 10:00"},
          {"question", "咨询内容"},
          {"replied_at", "2026-11-03 10:00"},
          {"answer", "答复"}}},
        {"DELETE", "/api/consultations/(\\d+)", "/api/consultations/{Q}", "AO"},
        {"POST", C + "/consultations/import", "/api/campaigns/{C}/consultations/import", "AO",
         "multipart:consultations"},
        {"POST",
         "/api/consultations/(\\d+)/review",
         "/api/consultations/{K}/review",
         "AORr",
         {{"accurate", true}}},
        {"POST", "/api/evidence", "/api/evidence", "AORrW", "multipart:evidence"},
        {"POST", "/api/evidence", "/api/evidence", "AOw", "multipart:evidence-b"},
        {"GET", "/api/evidence/([A-Za-z0-9._-]+)", "/api/evidence/{E}", "AORrW"},
        {"GET", "/api/evidence/([A-Za-z0-9._-]+)", "/api/evidence/{EB}", "AOw"},
        // Scores and exports (webmasters: published only).
        {"GET", C + "/ranking", "/api/campaigns/{C}/ranking", "AORr", nullptr, "W"},
        {"GET", C + "/distribution", "/api/campaigns/{C}/distribution", "AORr"},
        {"GET", C + "/groups", "/api/campaigns/{C}/groups", "AORr"},
        {"GET", C + "/units/(\\d+)/score", "/api/campaigns/{C}/units/{U}/score", "AORr", nullptr,
         "W"},
        {"GET", C + "/export", "/api/campaigns/{C}/export?format=csv", "AORr"},
        {"GET", C + "/export", "/api/campaigns/{C}/export?format=html&unit_id={U}", "AORr", nullptr,
         "W"},
        // Scans and findings.
        {"GET", "/api/scans/(\\d+)", "/api/scans/{S}", "AORrW"},
        {"GET", "/api/scans/(\\d+)", "/api/scans/{SB}", "AOw"},
        {"GET", "/api/scans/(\\d+)/report", "/api/scans/{S}/report", "AORrW"},
        {"GET", "/api/scans/(\\d+)/report", "/api/scans/{SB}/report", "AOw"},
        {"GET", "/api/findings/(\\d+)", "/api/findings/{X}", "AORrW"},
        {"GET", "/api/findings/(\\d+)", "/api/findings/{XB}", "AOw"},
        {"POST",
         "/api/findings/(\\d+)/claim-fixed",
         "/api/findings/{X}/claim-fixed",
         "AOW",
         {{"note", "已修复"}}},
        {"POST",
         "/api/findings/(\\d+)/claim-fixed",
         "/api/findings/{XB}/claim-fixed",
         "AOw",
         {{"note", "已修复"}}},
        // Monitoring (routes_monitor.cc): operators write; units read their own.
        {"GET", "/api/alerts", "/api/alerts", "AORrWw"},
        {"POST", "/api/alerts/(\\d+)/ack", "/api/alerts/{L}/ack", "AO"},
        {"GET", "/api/schedules", "/api/schedules", "AO"},
        {"POST",
         "/api/schedules",
         "/api/schedules",
         "AO",
         {{"unit_id", "{U}"}, {"regime", "daily"}, {"start", "2030-01-01"}}},
        {"PATCH", "/api/schedules/(\\d+)", "/api/schedules/{H}", "AO", {{"enabled", false}}},
        {"DELETE", "/api/schedules/(\\d+)", "/api/schedules/{G}", "AO"},
        {"GET", "/api/units/(\\d+)/probes", "/api/units/{U}/probes", "AORrW"},
        {"GET", "/api/units/(\\d+)/probes", "/api/units/{B}/probes", "AOw"},
        {"POST",
         "/api/units/(\\d+)/notices",
         "/api/units/{U}/notices",
         "AO",
         {{"deadline", "2030-12-31"}}},
        {"GET", "/api/units/(\\d+)/notices", "/api/units/{U}/notices", "AORrW"},
        {"GET", "/api/units/(\\d+)/notices", "/api/units/{B}/notices", "AOw"},
        {"GET", "/api/notices/(\\d+)/html", "/api/notices/{N}/html", "AORrW"},
        {"GET", "/api/notices/(\\d+)/html", "/api/notices/{NB}/html", "AOw"},
        {"GET", "/api/notices/(\\d+)/docx", "/api/notices/{N}/docx", "AORrW"},
        {"GET", "/api/notices/(\\d+)/docx", "/api/notices/{NB}/docx", "AOw"},
        {"GET", "/api/units/(\\d+)/quarterly", "/api/units/{U}/quarterly", "AORrW"},
        {"GET", "/api/units/(\\d+)/quarterly", "/api/units/{B}/quarterly", "AOw"},
        {"GET", "/api/availability", "/api/availability", "AORrWw"},
        {"GET", "/api/settings/webhook", "/api/settings/webhook", "AO"},
        {"PUT", "/api/settings/webhook", "/api/settings/webhook", "AO", {{"url", ""}}},
        // Last: publishing changes what the score rows above answer.
        {"POST", C + "/state", "/api/campaigns/{C}/state", "AO", {{"state", "collecting"}}},
        {"POST", C + "/publish", "/api/campaigns/{C}/publish", "AO", json::object()},
    };
  }

  std::unique_ptr<Browser> org_;
  store::Id version_ = 0, campaign_ = 0, scan_ = 0, scan_b_ = 0, webmaster_id_ = 0,
            reviewer_i_id_ = 0, finding_ = 0, finding_b_ = 0, notice_ = 0, notice_b_ = 0,
            alert_ = 0, schedule_ = 0, consultation_ = 0;
  std::string evidence_, evidence_b_;
  std::string indicator_i_, indicator_j_, input_i_, input_j_, name_i_, name_j_;
  int spares_ = 0;
  size_t spare_audit_rows_ = 0;
};

std::string Key(const std::string& method, const std::string& pattern) {
  return method + " " + pattern;
}

TEST_P(SecurityTest, EveryRegisteredRouteHasARowAndEveryRowARoute) {
  std::set<std::string> registered;
  for (const std::string& r : server_->ApiRoutes()) registered.insert(r);
  ASSERT_GE(registered.size(), 60u);
  std::set<std::string> covered;
  for (const Route& r : Routes()) {
    covered.insert(Key(r.method, r.pattern));
    EXPECT_TRUE(registered.count(Key(r.method, r.pattern)))
        << "the table names a route the server does not register: " << Key(r.method, r.pattern);
    // The row's path is one the pattern matches (no typo hides a route).
    const std::string path = Expand(r.path, 1, 1);
    EXPECT_TRUE(std::regex_match(path.substr(0, path.find('?')), std::regex(r.pattern)))
        << r.path << " does not match " << r.pattern;
  }
  for (const std::string& r : registered) {
    if (kNotInMatrix.count(r)) continue;
    EXPECT_TRUE(covered.count(r)) << "route without an expectation in the role matrix: " << r
                                  << " — add a row to SecurityTest::Routes()";
  }
  for (const auto& [r, why] : kNotInMatrix)
    EXPECT_TRUE(registered.count(r)) << "stale exception " << r << " (" << why << ")";
}

TEST_P(SecurityTest, RoleMatrixEveryRouteEveryRole) {
  std::map<char, std::unique_ptr<Browser>> browsers;
  for (const auto& [letter, name] : kUsers) browsers[letter] = As(name);
  int checked = 0;
  for (const Route& r : Routes()) {
    // Refused roles first, so a write that succeeds cannot change what a
    // later refusal is judged on.
    std::vector<char> order;
    for (const auto& [letter, name] : kUsers)
      if (r.allowed.find(letter) == std::string::npos) order.push_back(letter);
    for (const auto& [letter, name] : kUsers)
      if (r.allowed.find(letter) != std::string::npos) order.push_back(letter);
    for (char letter : order) {
      const bool allowed = r.allowed.find(letter) != std::string::npos;
      const bool hidden = r.hidden.find(letter) != std::string::npos;
      const Reply reply = Call(*browsers[letter], r);
      const std::string what = r.method + " " + r.path + " as " + std::string(1, letter) + ": " +
                               std::to_string(reply.status) + " " + reply.body.substr(0, 200);
      if (hidden) {
        EXPECT_EQ(reply.status, 404) << what;
      } else if (allowed) {
        EXPECT_NE(reply.status, 403) << what;
        EXPECT_NE(reply.status, 401) << what;
        EXPECT_GT(reply.status, 0) << what;
        EXPECT_LT(reply.status, 500) << what;
      } else {
        EXPECT_EQ(reply.status, 403) << what;
        EXPECT_EQ(reply.ErrorCode(), "forbidden") << what;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 500);
}

TEST_P(SecurityTest, AnonymousGetsNothing) {
  auto anon = Anonymous();
  int checked = 0;
  for (const Route& r : Routes()) {
    const Reply reply = Call(*anon, r);
    EXPECT_EQ(reply.status, 401) << r.method << " " << r.path << " " << reply.body;
    if (!r.stream) {
      EXPECT_EQ(reply.ErrorCode(), "unauthenticated") << r.method << " " << r.path;
    }
    ++checked;
  }
  EXPECT_EQ(anon->Post("/api/auth/logout").status, 401);
  EXPECT_EQ(anon->Post("/api/auth/password", {{"old_password", "x"}, {"new_password", "y"}}).status,
            401);
  // The only public routes: health (no data) and login.
  const Reply health = anon->Get("/api/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json["ok"], true);
  std::set<std::string> keys;
  for (const auto& item : health.json.items()) keys.insert(item.key());
  EXPECT_EQ(keys, (std::set<std::string>{"ok", "version", "backend"}));
  int public_routes = 0;
  for (const std::string& r : server_->ApiRoutes()) public_routes += r.rfind("public ", 0) == 0;
  EXPECT_EQ(public_routes, 2);
  // A forged cookie is no session.
  anon->session = std::string(64, 'a');
  EXPECT_EQ(anon->Get("/api/units").status, 401);
  EXPECT_GE(checked, 80);
}

TEST_P(SecurityTest, CsrfOnEveryWriteRoute) {
  auto admin_browser = As("admin");
  const size_t audit_before = AuditRows(), spare_rows_before = spare_audit_rows_;
  std::set<std::string> routes;
  for (const Route& r : Routes()) {
    if (r.method == "GET") continue;
    routes.insert(Key(r.method, r.pattern));
    const std::string what = r.method + " " + r.path;
    // No token, then a wrong one of the right length, then another session's.
    admin_browser->send_csrf = false;
    Reply none = Call(*admin_browser, r);
    EXPECT_EQ(none.status, 403) << what << " " << none.body;
    EXPECT_EQ(none.ErrorCode(), "csrf") << what;
    admin_browser->send_csrf = true;
    const std::string good = admin_browser->csrf;
    admin_browser->csrf = std::string(good.size(), 'f');
    Reply wrong = Call(*admin_browser, r);
    EXPECT_EQ(wrong.ErrorCode(), "csrf") << what;
    admin_browser->csrf = org_->csrf;
    Reply other = Call(*admin_browser, r);
    EXPECT_EQ(other.ErrorCode(), "csrf") << what;
    admin_browser->csrf = good;
  }
  // Every registered write is among them (but the caller's own session routes below).
  for (const std::string& r : server_->ApiRoutes()) {
    if (r.rfind("GET ", 0) == 0 || r.rfind("public ", 0) == 0 || kNotInMatrix.count(r)) continue;
    EXPECT_TRUE(routes.count(r)) << "write route without a CSRF check: " << r;
  }
  // Logout and password change are writes too.
  admin_browser->send_csrf = false;
  EXPECT_EQ(admin_browser->Post("/api/auth/logout").ErrorCode(), "csrf");
  EXPECT_EQ(admin_browser
                ->Post("/api/auth/password",
                       {{"old_password", kPassword}, {"new_password", "another-password-7"}})
                .ErrorCode(),
            "csrf");
  admin_browser->send_csrf = true;
  EXPECT_EQ(admin_browser->Get("/api/auth/me").status, 200);  // nothing happened
  EXPECT_GE(routes.size(), 25u);
  // None of the refused writes changed anything: not one audit row more than
  // the spare units and schedules the DELETE rows were given.
  EXPECT_EQ(AuditRows(), audit_before + (spare_audit_rows_ - spare_rows_before));
  EXPECT_FALSE(store_->FindUnitByCode("new-unit").has_value());
  EXPECT_TRUE(store_->FindUnitByCode("unit-b").has_value());
  // A cross-site form cannot log in: login takes JSON only.
  httplib::Client http("127.0.0.1", server_->port());
  for (const char* type :
       {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data"}) {
    auto res =
        http.Post("/api/auth/login", std::string("username=admin&password=") + kPassword, type);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << type;
    EXPECT_EQ(res->get_header_value("Set-Cookie"), "") << type;
  }
}

TEST_P(SecurityTest, InjectionStringsInEveryFieldAreStoredLiterally) {
  auto admin_browser = As("admin");
  auto webmaster = As("webmaster");
  auto reviewer = As("reviewer");
  int i = 0;
  for (const std::string& evil : kEvil) {
    SCOPED_TRACE(evil);
    const std::string code = "evil-" + std::to_string(i++) + evil;
    // Units: every text field.
    Reply u = org_->Post("/api/units",
                         {{"code", code},
                          {"name", evil},
                          {"kind", evil},
                          {"region", evil},
                          {"websites", {"http://127.0.0.1:9/" + evil}},
                          {"accounts", {{{"channel", evil}, {"name", evil}, {"url", evil}}}}});
    ASSERT_EQ(u.status, 201) << u.body;
    const store::Id unit_id = u.json["id"].get<store::Id>();
    const Reply back = org_->Get("/api/units/" + std::to_string(unit_id));
    EXPECT_EQ(back.json["code"], code);
    EXPECT_EQ(back.json["name"], evil);
    EXPECT_EQ(back.json["kind"], evil);
    EXPECT_EQ(back.json["region"], evil);
    EXPECT_EQ(back.json["websites"][0], "http://127.0.0.1:9/" + evil);
    ASSERT_EQ(back.json["accounts"].size(), 1u) << back.body;
    EXPECT_EQ(back.json["accounts"][0]["channel"], evil);
    EXPECT_EQ(back.json["accounts"][0]["name"], evil);
    EXPECT_EQ(back.json["accounts"][0]["url"], evil);
    // Users: display name and password (usernames are restricted to letters, digits, ._-@).
    const std::string user = "u" + std::to_string(i);
    Reply created = admin_browser->Post("/api/users", {{"username", user},
                                                       {"display_name", evil},
                                                       {"password", "long-password-" + evil},
                                                       {"role", "reviewer"},
                                                       {"unit_ids", json::array()}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json["display_name"], evil);
    EXPECT_EQ(Anonymous()->Login(user, "long-password-" + evil).status, 200);
    Reply bad_name = admin_browser->Post("/api/users", {{"username", evil},
                                                        {"display_name", "x"},
                                                        {"password", "long-password-1"},
                                                        {"role", "reviewer"},
                                                        {"unit_ids", json::array()}});
    EXPECT_EQ(bad_name.status, 400) << bad_name.body;
    ExpectNoLeak("bad username", bad_name, evil);
    // Campaigns: name.
    Reply camp = org_->Post("/api/campaigns", CampaignBody(evil));
    ASSERT_EQ(camp.status, 201) << camp.body;
    EXPECT_EQ(
        org_->Get("/api/campaigns/" + std::to_string(camp.json["id"].get<int64_t>())).json["name"],
        evil);
    // Evidence: file name and note are metadata, kept as written (no directory part).
    Reply up =
        webmaster->Upload("/api/evidence", "file", evil + ".png", kPng, "image/png",
                          {{"unit_id", std::to_string(unit_a_), "", ""}, {"note", evil, "", ""}});
    ASSERT_EQ(up.status, 201) << up.body;
    const std::string stored_name = up.json["file_name"];
    // Kept after its last / or \ (a directory part is dropped). A '"' cannot
    // be sent in a multipart file name by this client (browsers send %22).
    const std::string sent = evil + ".png";
    if (evil.find('"') == std::string::npos) {
      EXPECT_EQ(stored_name, sent.substr(sent.find_last_of("/\\") + 1));
    }
    EXPECT_EQ(up.json["note"], evil);
    // Judgments: note and URL evidence, read back through the workbench.
    Reply saved =
        reviewer->Post(Campaign() + "/judgments",
                       {{"unit_id", unit_a_},
                        {"indicator_id", indicator_i_},
                        {"value", ValueFor(input_i_)},
                        {"note", evil},
                        {"evidence",
                         {{{"kind", "url"}, {"url", "http://127.0.0.1:9/?q=" + UrlSafe(evil)}},
                          {{"kind", "file"}, {"file_id", up.json["file_id"]}}}},
                        {"state", "draft"}});
    ASSERT_EQ(saved.status, 200) << saved.body;
    Reply j = reviewer->Get(Campaign() + "/judgment?unit_id=" + std::to_string(unit_a_) +
                            "&indicator_id=" + PercentEncode(indicator_i_));
    ASSERT_EQ(j.status, 200) << j.body;
    EXPECT_EQ(j.json["judgment"]["note"], evil);
    EXPECT_EQ(j.json["judgment"]["evidence"][0]["url"], "http://127.0.0.1:9/?q=" + UrlSafe(evil));
    EXPECT_EQ(j.json["judgment"]["evidence"][1]["file_name"], stored_name);
    // Events: every text field.
    Reply ev = org_->Post(Campaign() + "/events", {{"unit_id", unit_a_},
                                                   {"type", evil},
                                                   {"level", evil},
                                                   {"channel", evil},
                                                   {"date", "2026-11-01"},
                                                   {"evidence", evil},
                                                   {"note", evil}});
    ExpectNoLeak("event", ev, evil);
    if (ev.status == 201) {
      EXPECT_EQ(ev.json["note"], evil);
      EXPECT_EQ(ev.json["evidence"], evil);
    }
    // Logins and query parameters: no match, no error, no leak.
    const Reply login = Anonymous()->Login(evil, evil);
    EXPECT_EQ(login.status, 401);
    ExpectNoLeak("login", login, evil);
    for (const std::string& path :
         {"/api/audit?entity=" + PercentEncode(evil), "/api/units/" + PercentEncode(evil),
          "/api/units/" + std::to_string(unit_a_) + "/findings?state=" + PercentEncode(evil),
          "/api/units/" + std::to_string(unit_a_) + "/evidence?indicator_id=" + PercentEncode(evil),
          Campaign() + "/queue?unit_id=" + PercentEncode(evil),
          Campaign() + "/queue?state=" + PercentEncode(evil),
          Campaign() + "/judgment?unit_id=" + std::to_string(unit_a_) +
              "&indicator_id=" + PercentEncode(evil) + "&criterion=" + PercentEncode(evil),
          Campaign() + "/ranking?kind=" + PercentEncode(evil),
          Campaign() + "/distribution?kind=" + PercentEncode(evil) + "&bin=" + PercentEncode(evil),
          Campaign() + "/groups?kind=" + PercentEncode(evil),
          Campaign() + "/export?format=" + PercentEncode(evil),
          Campaign() + "/events?unit_id=" + PercentEncode(evil),
          "/api/frameworks/shipped/" + PercentEncode(evil),
          "/api/framework-versions/" + std::to_string(version_) + "?kind=" + PercentEncode(evil),
          "/api/alerts?unit_id=" + PercentEncode(evil) + "&open=" + PercentEncode(evil),
          "/api/availability?days=" + PercentEncode(evil),
          "/api/units/" + std::to_string(unit_a_) + "/probes?days=" + PercentEncode(evil),
          "/api/evidence/" + PercentEncode(evil)}) {
      const Reply r = org_->Get(path);
      ExpectNoLeak(path, r, evil);
    }
    const Reply found = org_->Get("/api/audit?entity=" + PercentEncode(evil));
    EXPECT_EQ(found.status, 200);
    EXPECT_TRUE(found.json["entries"].empty()) << found.body;
  }
  // Rectification: the webmaster's note, kept literally in the history.
  const std::string note = kEvil[0] + kScript;
  Reply claimed = webmaster->Post("/api/findings/" + std::to_string(finding_) + "/claim-fixed",
                                  {{"note", note}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.json["history"].back()["note"], note);
  // A framework file whose text and name carry the strings: validated, never executed.
  Reply v = org_->Post("/api/frameworks/validate",
                       {{"yaml", "id: \"" + kEvil[0] + "\"\ntitle: '" + kScript + "'\n"},
                        {"file_name", kEvil[0] + ".yaml"}});
  ExpectNoLeak("validate", v);
  // A units sheet with them (CSV, quoted): imported literally.
  Reply imp = org_->Upload("/api/units/import", "file", "units.csv",
                           "code,name,kind\ncsv-evil,\"\"\"" + kEvil[0] + "\",县\n", "text/csv");
  ASSERT_EQ(imp.status, 200) << imp.body;
  auto imported = store_->FindUnitByCode("csv-evil");
  ASSERT_TRUE(imported.has_value());
  EXPECT_EQ(imported->name, "\"" + kEvil[0]);
  // Every table is still there and whole.
  EXPECT_EQ(Anonymous()->Login("admin", kPassword).status, 200);
  // unit a, unit b, the spare of the SetUp's schedule, csv-evil and one per string.
  EXPECT_EQ(org_->Get("/api/units").json["units"].size(), 4u + kEvil.size());
  EXPECT_GE(admin_browser->Get("/api/users").json["users"].size(), 6u + kEvil.size());
  EXPECT_EQ(reviewer->Get("/api/auth/me").status, 200);  // sessions survive "DELETE FROM sessions"
}

TEST_P(SecurityTest, MarkupInNamesIsEscapedInReportsAndNotices) {
  // Unit a's name, a finding's detail and URL, and the notice's issuer carry markup.
  store::Unit a = *store_->FindUnit(unit_a_);
  a.name = "甲市" + kScript;
  a.region = kScript;
  store_->UpdateUnit(admin, a);
  store_->RecordScanFindings(
      admin, scan_,
      {{"link:http_404:http://127.0.0.1:9/a.pdf", "link:http_404", "http://127.0.0.1:9/a.pdf",
        "失效链接"},
       {"page:evil", "page:blank", "http://127.0.0.1:9/\"><script>x</script>", kScript}});
  const std::string escaped = "&lt;script&gt;";
  auto expect_escaped = [&](const std::string& what, const Reply& r) {
    ASSERT_EQ(r.status, 200) << what << ": " << r.body.substr(0, 300);
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << what;
    EXPECT_NE(r.body.find(escaped), std::string::npos) << what << " does not show the name";
    EXPECT_NE(r.Header("Content-Type").find("text/html"), std::string::npos) << what;
  };
  // The campaign's html report and the printable unit report.
  expect_escaped("html report", org_->Get(Campaign() + "/export?format=html"));
  expect_escaped("unit report",
                 org_->Get(Campaign() + "/export?format=html&unit_id=" + std::to_string(unit_a_)));
  // 整改通知 issued through the API, downloaded as html, with an issuer parameter.
  Reply n = org_->Post("/api/units/" + std::to_string(unit_a_) + "/notices",
                       {{"deadline", "2030-12-31"}});
  ASSERT_EQ(n.status, 201) << n.body;
  const std::string html =
      "/api/notices/" + std::to_string(n.json["id"].get<store::Id>()) + "/html";
  expect_escaped("notice", org_->Get(html));
  const Reply issuer = org_->Get(html + "?issuer=" + PercentEncode(kScript + "\r\nX-Evil: 1"));
  expect_escaped("notice with issuer", issuer);
  EXPECT_EQ(issuer.Header("X-Evil"), "");
  // JSON answers carry the text as data (the UI renders it as text).
  const Reply unit = org_->Get("/api/units/" + std::to_string(unit_a_));
  EXPECT_EQ(unit.json["name"], a.name);
  EXPECT_EQ(unit.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(unit.Header("X-Content-Type-Options"), "nosniff");
}

TEST_P(SecurityTest, CrlfNeverReachesAHeader) {
  // A stored file name with CR/LF (an old row, another client): the download's
  // Content-Disposition encodes it; no header is added.
  const std::string stored = "0123456789abcdef0123456789abcdef.png";
  std::filesystem::create_directories(data_dir_ / "uploads" / "files");
  std::ofstream(data_dir_ / "uploads" / "files" / stored, std::ios::binary) << kPng;
  store::EvidenceFile f;
  f.stored_name = stored;
  f.unit_id = unit_a_;
  f.file_name = "a\r\nSet-Cookie: govscore_session=evil\r\nX-Evil: 1\r\n\".png";
  f.content_type = "image/png";
  f.size_bytes = static_cast<int64_t>(kPng.size());
  store_->AddEvidenceFile(admin, f);
  const Reply down = org_->Get("/api/evidence/" + stored);
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(down.body, kPng);
  EXPECT_EQ(down.Header("X-Evil"), "");
  const std::string disposition = down.Header("Content-Disposition");
  EXPECT_EQ(disposition.rfind("attachment;", 0), 0u) << disposition;
  auto cookies = down.headers.equal_range("Set-Cookie");
  EXPECT_EQ(cookies.first, cookies.second);
  // On the wire: the name percent-encoded in filename*, no line of its own.
  const std::string head =
      RawHead(server_->port(), "/api/evidence/" + stored, org_->BaseHeaders(false));
  ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_NE(head.find("\r\nContent-Disposition: attachment; filename=\"" + stored +
                      "\"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20govscore_session%3Devil%0D%0A"
                      "X-Evil%3A%201%0D%0A%22.png\r\n"),
            std::string::npos)
      << head;
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos) << head;
  EXPECT_EQ(head.find("\r\nX-Evil"), std::string::npos) << head;
  size_t lines = 0;
  for (size_t at = 0; (at = head.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
  EXPECT_EQ(std::count(head.begin(), head.end(), '\n'), static_cast<long>(lines)) << head;
  EXPECT_EQ(std::count(head.begin(), head.end(), '\r'), static_cast<long>(lines)) << head;
  // Every download and export names its file without any user text.
  for (const std::string& path :
       {Campaign() + "/export?format=csv", Campaign() + "/export?format=xlsx",
        Campaign() + "/export?format=json", std::string("/api/units/export?format=csv"),
        "/api/notices/" + std::to_string(notice_) + "/docx"}) {
    const Reply r = org_->Get(path);
    ASSERT_EQ(r.status, 200) << path << " " << r.body.substr(0, 200);
    EXPECT_TRUE(std::regex_match(r.Header("Content-Disposition"),
                                 std::regex("attachment; filename=\"[A-Za-z0-9._-]+\"")))
        << path << ": " << r.Header("Content-Disposition");
  }
}

TEST_P(SecurityTest, UploadNamesAndIdsNeverLeaveTheUploads) {
  // A file the traversals would reach if they worked.
  const std::filesystem::path secret = data_dir_ / "secret.txt";
  std::filesystem::create_directories(data_dir_);
  std::ofstream(secret) << "secret";
  const httplib::MultipartFormDataItems for_a = {{"unit_id", std::to_string(unit_a_), "", ""}};
  for (const std::string name :
       {"../secret.txt", "../../../../tmp/x.png", "/etc/passwd.png", "..\\..\\win.png",
        "uploads/../../secret.txt", "....//....//x.png", "%2e%2e%2fx.png", ".png", "..", "."}) {
    SCOPED_TRACE(name);
    Reply up = org_->Upload("/api/evidence", "file", name, kPng, "image/png", for_a);
    ASSERT_EQ(up.status, 201) << up.body;
    const std::string id = up.json["file_id"];
    EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{32}\\.png"))) << id;
    const std::string stored = up.json["file_name"];
    EXPECT_EQ(stored.find('/'), std::string::npos) << stored;
    EXPECT_EQ(stored.find('\\'), std::string::npos) << stored;
    EXPECT_NE(stored, "..");
    Reply down = org_->Get("/api/evidence/" + id);
    EXPECT_EQ(down.status, 200);
    EXPECT_EQ(down.body, kPng);
  }
  {
    std::ifstream in(secret);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content, "secret");  // not overwritten by an upload
  }
  // Ids that try to leave the uploads folder.
  for (const std::string id :
       {"..%2fsecret.txt", "..%2F..%2Fsecret.txt", "%2e%2e%2fsecret.txt", "..", "...", "secret.txt",
        "..%5csecret.txt", "%00", "a%00.png", "....%2f%2fsecret.txt", "%252e%252e%252fsecret.txt",
        "../../secret.txt", "files", "files%2f..%2f..%2fsecret.txt"}) {
    const Reply r = org_->Get("/api/evidence/" + id);
    EXPECT_NE(r.status, 200) << id;
    EXPECT_NE(r.status, 500) << id;
    EXPECT_EQ(r.body.find("secret\""), std::string::npos) << id;
    EXPECT_NE(r.body, "secret") << id;
  }
  // A judgment cannot cite a file by a path either.
  Reply cite = org_->Post(Campaign() + "/judgments",
                          {{"unit_id", unit_a_},
                           {"indicator_id", indicator_i_},
                           {"value", ValueFor(input_i_)},
                           {"evidence", {{{"kind", "file"}, {"file_id", "../secret.txt"}}}}});
  EXPECT_EQ(cite.status, 400) << cite.body;
  // Shipped framework ids are names, never paths.
  for (const std::string id : {"../../../../etc/passwd", "../frameworks/gx2020-city",
                               "/etc/hostname", "gx2020-city/../../README"}) {
    const Reply r = org_->Post("/api/frameworks", {{"shipped", id}});
    EXPECT_TRUE(r.status == 400 || r.status == 404) << id << " " << r.body;
    const Reply tree = org_->Get("/api/frameworks/shipped/" + PercentEncode(id));
    EXPECT_EQ(tree.status, 404) << id;
  }
  // Static files: the data dir is never served, whatever the path.
  std::filesystem::create_directories(static_dir_);
  std::ofstream(static_dir_ / "index.html") << "<!doctype html><title>govscore</title>";
  const std::vector<std::string> static_paths = {
      "/../secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/..%2f" + data_dir_.filename().string() + "%2fsecret.txt",
      "/uploads/files/" + evidence_,
      "/files/" + evidence_,
      "/" + evidence_,
      "/..%2f" + data_dir_.filename().string() + "%2fuploads%2ffiles%2f" + evidence_};
  for (const std::string& path : static_paths) {
    const Reply r = Anonymous()->Get(path);
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("IHDR"), std::string::npos) << path;
  }
  // Every file the server wrote is under <data_dir>/uploads, under a generated name.
  for (const auto& e : std::filesystem::recursive_directory_iterator(data_dir_)) {
    if (!e.is_regular_file() || e.path() == secret) continue;
    const std::string rel = std::filesystem::relative(e.path(), data_dir_).string();
    EXPECT_EQ(rel.rfind("uploads/", 0), 0u) << rel;
    if (rel.rfind("uploads/files/", 0) == 0) {
      EXPECT_TRUE(std::regex_match(e.path().filename().string(),
                                   std::regex("[0-9a-f]{32}\\.(png|jpg|gif|webp|pdf|ofd|docx|"
                                              "xlsx|doc|xls)")))
          << rel;
    }
  }
  EXPECT_FALSE(std::filesystem::exists(data_dir_.parent_path() / "secret.txt.png"));
  EXPECT_FALSE(std::filesystem::exists("/tmp/x.png"));
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "x.png"));
  // The uploads are not inside the served folder.
  const auto uploads = std::filesystem::weakly_canonical(data_dir_ / "uploads").string();
  const auto web = std::filesystem::weakly_canonical(static_dir_).string();
  EXPECT_NE(uploads.rfind(web + "/", 0), 0u);
}

TEST_P(SecurityTest, UploadTypeFromTheBytesAndSizeCapped) {
  const httplib::MultipartFormDataItems for_a = {{"unit_id", std::to_string(unit_a_), "", ""}};
  // Markup and scripts named as images, an SVG, an executable, a zip that is
  // no Office file: refused whatever the name and declared type.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"x.png", "<html><script>alert(1)</script></html>"},
      {"x.jpg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"},
      {"x.pdf", "#!/bin/sh\nrm -rf /\n"},
      {"x.docx", std::string("PK\x03\x04", 4) + "evil.sh"},
      {"x.gif", std::string("\x7f"
                            "ELF",
                            4)}};
  for (const auto& [name, bytes] : refused) {
    Reply r = org_->Upload("/api/evidence", "file", name, bytes, "image/png", for_a);
    EXPECT_EQ(r.status, 415) << name << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), "unsupported_type") << name;
  }
  // Real PNG bytes under an html name: stored and served as a PNG attachment.
  Reply png = org_->Upload("/api/evidence", "file", "page.html", kPng, "text/html", for_a);
  ASSERT_EQ(png.status, 201) << png.body;
  EXPECT_EQ(png.json["content_type"], "image/png");
  const std::string id = png.json["file_id"];
  EXPECT_EQ(id.substr(id.size() - 4), ".png");
  Reply down = org_->Get("/api/evidence/" + id);
  EXPECT_EQ(down.Header("Content-Type"), "image/png");
  EXPECT_EQ(down.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(down.Header("Content-Disposition").rfind("attachment;", 0), 0u);
  // Empty files and files over the cap.
  EXPECT_EQ(org_->Upload("/api/evidence", "file", "e.png", "", "image/png", for_a).status, 400);
  server_->Stop();
  server_.reset();
  config_.upload_limit_mb = 1;
  StartServer();
  org_ = As("organiser");
  std::string big = kPng + std::string(1024 * 1024, 'x');
  Reply over = org_->Upload("/api/evidence", "file", "big.png", big, "image/png", for_a);
  EXPECT_EQ(over.status, 413) << over.body.substr(0, 200);
  EXPECT_EQ(over.ErrorCode(), "too_large");
  std::string fits = kPng + std::string(1024 * 1024 - kPng.size() - 1, 'x');
  EXPECT_EQ(org_->Upload("/api/evidence", "file", "fits.png", fits, "image/png", for_a).status,
            201);
  // A request body far over the limit is refused before it is read whole.
  Reply huge = org_->Upload("/api/evidence", "file", "huge.png", kPng + std::string(3 << 20, 'x'),
                            "image/png", for_a);
  EXPECT_EQ(huge.status, 413);
}

TEST_P(SecurityTest, OtherUnitsFilesAreRefused) {
  auto webmaster = As("webmaster"), webmaster_b = As("webmaster-b"), reviewer = As("reviewer");
  EXPECT_EQ(webmaster->Get("/api/evidence/" + evidence_b_).status, 403);
  EXPECT_EQ(reviewer->Get("/api/evidence/" + evidence_b_).status, 403);
  EXPECT_EQ(webmaster_b->Get("/api/evidence/" + evidence_).status, 403);
  EXPECT_EQ(webmaster->Get("/api/evidence/" + evidence_).body, kPng);
  EXPECT_EQ(webmaster_b->Get("/api/evidence/" + evidence_b_).body, kPng);
  // Nor listed, nor cited in a judgment of another unit.
  const Reply list = webmaster->Get("/api/units/" + std::to_string(unit_b_) + "/evidence");
  EXPECT_EQ(list.status, 403);
  EXPECT_EQ(list.body.find(evidence_b_), std::string::npos);
  Reply cite = reviewer->Post(Campaign() + "/judgments",
                              {{"unit_id", unit_a_},
                               {"indicator_id", indicator_i_},
                               {"value", ValueFor(input_i_)},
                               {"evidence", {{{"kind", "file"}, {"file_id", evidence_b_}}}}});
  EXPECT_EQ(cite.status, 403) << cite.body;
  // A webmaster cannot upload for another unit, even by naming it in the form.
  Reply up = webmaster->Upload("/api/evidence", "file", "x.png", kPng, "image/png",
                               {{"unit_id", std::to_string(unit_b_), "", ""}});
  EXPECT_EQ(up.status, 403);
  EXPECT_EQ(store_->ListEvidenceFiles(unit_b_).size(), 1u);
}

TEST_P(SecurityTest, ReviewerLimitedToAssignedIndicatorsEverywhere) {
  auto limited = As("reviewer-i"), full = As("reviewer");
  const std::string unit = std::to_string(unit_a_);
  // The queue holds the assigned indicator only.
  Reply q = limited->Get(Campaign() + "/queue?unit_id=" + unit);
  ASSERT_EQ(q.status, 200) << q.body;
  ASSERT_FALSE(q.json["items"].empty());
  for (const json& item : q.json["items"]) EXPECT_EQ(item["indicator_id"], indicator_i_);
  EXPECT_GT(full->Get(Campaign() + "/queue?unit_id=" + unit).json["items"].size(),
            q.json["items"].size());
  // Exports and the unit's score tree leave out the indicators not assigned.
  ASSERT_NE(name_i_, name_j_);
  for (const std::string& path :
       {Campaign() + "/export?format=csv", Campaign() + "/export?format=json",
        Campaign() + "/export?format=html", Campaign() + "/export?format=csv&unit_id=" + unit,
        Campaign() + "/units/" + unit + "/score"}) {
    SCOPED_TRACE(path);
    const Reply mine = limited->Get(path);
    ASSERT_EQ(mine.status, 200) << mine.body.substr(0, 300);
    EXPECT_NE(mine.body.find(name_i_), std::string::npos);
    EXPECT_EQ(mine.body.find(name_j_), std::string::npos) << "unassigned indicator " << name_j_;
    const Reply all = full->Get(path);
    ASSERT_EQ(all.status, 200);
    EXPECT_NE(all.body.find(name_j_), std::string::npos);
  }
  // In a campaign of both units, a reviewer of unit a sees nothing of unit b
  // before publishing: not in the ranking, not in the export.
  Reply both = org_->Post("/api/campaigns", {{"name", "两个单位"},
                                             {"framework_version_id", version_},
                                             {"as_of", "2026-11-20"},
                                             {"unit_ids", {unit_a_, unit_b_}}});
  ASSERT_EQ(both.status, 201) << both.body;
  const std::string two = "/api/campaigns/" + std::to_string(both.json["id"].get<store::Id>());
  const Reply org_ranking = org_->Get(two + "/ranking");
  ASSERT_EQ(org_ranking.status, 200) << org_ranking.body;
  EXPECT_NE(org_ranking.body.find("乙市人民政府"), std::string::npos);
  for (const std::string& path : {two + "/ranking", two + "/export?format=csv",
                                  two + "/export?format=json", two + "/progress"}) {
    const Reply r = full->Get(path);
    ASSERT_EQ(r.status, 200) << path << " " << r.body.substr(0, 200);
    EXPECT_NE(r.body.find("甲市人民政府"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("乙市人民政府"), std::string::npos) << path;
  }
  EXPECT_EQ(full->Get(two + "/units/" + std::to_string(unit_b_) + "/score").status, 403);
}

TEST_P(SecurityTest, ReviewerAssignmentIsOneTransaction) {
  // The reviewer's indicators cannot be stored (a trigger refuses them): the
  // change of units made in the same request must not stay either.
  auto raw = Raw(url_);
  if (GetParam() == store::testing::Backend::kSqlite) {
    raw->ExecScript(
        "CREATE TRIGGER refuse_assign BEFORE INSERT ON reviewer_indicators "
        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
  } else {
    raw->ExecScript(
        "CREATE FUNCTION refuse_assign() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by "
        "test'; END; $$ LANGUAGE plpgsql; CREATE TRIGGER refuse_assign BEFORE INSERT ON "
        "reviewer_indicators FOR EACH ROW EXECUTE FUNCTION refuse_assign();");
  }
  auto reviewer = As("reviewer");
  const size_t audit_before = store_->ListAudit({}, std::nullopt, 100000).size();
  store::User before = *store_->FindUserByName("reviewer");
  ASSERT_EQ(before.unit_ids, std::vector<store::Id>{unit_a_});
  Reply r = org_->Put(Campaign() + "/reviewers/" + std::to_string(before.id),
                      {{"unit_ids", json::array()}, {"indicator_ids", {indicator_j_}}});
  EXPECT_GE(r.status, 400) << r.body;
  ExpectNoLeak("assignment", r);
  const store::User after = *store_->FindUserByName("reviewer");
  EXPECT_EQ(after.unit_ids, before.unit_ids);
  EXPECT_EQ(store_->ListAudit({}, std::nullopt, 100000).size(), audit_before);
  EXPECT_EQ(reviewer->Get("/api/auth/me").status, 200);  // the session was not ended either
  // A user update with a bad second part (disable oneself) changes nothing either.
  auto admin_browser = As("admin");
  const store::User admin_user = *store_->FindUserByName("admin");
  Reply p = admin_browser->Patch("/api/users/" + std::to_string(admin_user.id),
                                 {{"display_name", "改了名"}, {"disabled", true}});
  EXPECT_EQ(p.status, 409) << p.body;
  EXPECT_EQ(store_->FindUserByName("admin")->display_name, admin_user.display_name);
}

TEST_P(SecurityTest, SessionIdChangesAtLoginAndLogoutEndsIt) {
  auto b = Anonymous();
  b->session = "fixed-by-attacker-000000000000000000000000";
  ASSERT_EQ(b->Login("reviewer", kPassword).status, 200);
  const std::string first = b->session;
  EXPECT_NE(first, "fixed-by-attacker-000000000000000000000000");
  EXPECT_GE(first.size(), 32u);  // enough randomness to resist guessing
  // A session id planted by an attacker who holds a real session is ended, not adopted.
  auto attacker = As("webmaster");
  auto victim = Anonymous();
  victim->session = attacker->session;
  ASSERT_EQ(victim->Login("organiser", kPassword).status, 200);
  EXPECT_NE(victim->session, attacker->session);
  EXPECT_EQ(attacker->Get("/api/auth/me").status, 401);
  EXPECT_EQ(victim->Get("/api/auth/me").json["user"]["username"], "organiser");
  // Logging in again (even as someone else) issues another id; the old one is dead.
  ASSERT_EQ(b->Login("organiser", kPassword).status, 200);
  EXPECT_NE(b->session, first);
  auto old = Anonymous();
  old->session = first;
  EXPECT_EQ(old->Get("/api/auth/me").status, 401);
  EXPECT_EQ(b->Get("/api/auth/me").json["user"]["username"], "organiser");
  // Ids differ between users and logins.
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.insert(As("webmaster")->session);
  EXPECT_EQ(ids.size(), 5u);
  // The store keeps no session id, only its hash.
  auto raw = Raw(url_);
  for (const store::Row& row : raw->Query("SELECT token_hash FROM sessions"))
    EXPECT_FALSE(ids.count(row.Text(0)));
  // Logout ends the session on the server, not only in the browser.
  const std::string live = b->session;
  ASSERT_EQ(b->Post("/api/auth/logout").status, 204);
  auto replay = Anonymous();
  replay->session = live;
  EXPECT_EQ(replay->Get("/api/auth/me").status, 401);
  replay->csrf = b->csrf;
  EXPECT_EQ(replay->Post("/api/units", {{"code", "x"}, {"name", "x"}, {"kind", "县"}}).status, 401);
}

TEST_P(SecurityTest, PasswordsAreArgon2idHashes) {
  auto raw = Raw(url_);
  int users = 0;
  for (const store::Row& row : raw->Query("SELECT username, password_hash FROM users")) {
    EXPECT_EQ(row.Text(1).rfind("$argon2id$", 0), 0u) << row.Text(0);
    EXPECT_EQ(row.Text(1).find(kPassword), std::string::npos);
    ++users;
  }
  EXPECT_GE(users, 6);
  // A password changed through the API is hashed the same way.
  auto admin_browser = As("admin");
  Reply p = admin_browser->Patch("/api/users/" + std::to_string(webmaster_id_),
                                 {{"password", "new-password-77"}});
  ASSERT_EQ(p.status, 200) << p.body;
  auto rows = raw->Query("SELECT password_hash FROM users WHERE username = ?", {"webmaster"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0).rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(Anonymous()->Login("webmaster", "new-password-77").status, 200);
}

TEST_P(SecurityTest, LoginRateLimited) {
  auto b = Anonymous();
  // Five failures for one user, then even the right password waits (429).
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b->Login("webmaster", "wrong-password").status, 401);
  Reply limited = b->Login("webmaster", kPassword);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.ErrorCode(), "rate_limited");
  EXPECT_GT(std::stoi(limited.Header("Retry-After").empty() ? "0" : limited.Header("Retry-After")),
            0);
  EXPECT_TRUE(b->session.empty());
  // Another user from the same address is not locked out by that…
  EXPECT_EQ(Anonymous()->Login("reviewer", kPassword).status, 200);
  // …until the address has failed 20 times (unknown names count too).
  for (int i = 0; i < 15; ++i) Anonymous()->Login("nobody-" + std::to_string(i), "wrong-password");
  EXPECT_EQ(Anonymous()->Login("reviewer", kPassword).status, 429);
}

TEST_P(SecurityTest, CookieFlags) {
  httplib::Client http("127.0.0.1", server_->port());
  auto res =
      http.Post("/api/auth/login", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  std::string session_cookie, csrf_cookie;
  auto range = res->headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second.rfind("govscore_session=", 0) == 0) session_cookie = it->second;
    if (it->second.rfind("govscore_csrf=", 0) == 0) csrf_cookie = it->second;
  }
  ASSERT_FALSE(session_cookie.empty());
  ASSERT_FALSE(csrf_cookie.empty());
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos) << session_cookie;
  EXPECT_NE(session_cookie.find("SameSite=Strict"), std::string::npos) << session_cookie;
  EXPECT_NE(session_cookie.find("Path=/"), std::string::npos) << session_cookie;
  EXPECT_EQ(session_cookie.find("Secure"), std::string::npos) << session_cookie;  // plain HTTP
  // The CSRF cookie is read by the web UI's script: not HttpOnly, but Strict.
  EXPECT_EQ(csrf_cookie.find("HttpOnly"), std::string::npos) << csrf_cookie;
  EXPECT_NE(csrf_cookie.find("SameSite=Strict"), std::string::npos) << csrf_cookie;
  // Nothing in the body repeats the session id.
  const std::string id = session_cookie.substr(17, session_cookie.find(';') - 17);
  EXPECT_EQ(res->body.find(id), std::string::npos);
  // The API is never cached and never framed.
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
}

TEST_P(SecurityTest, CookiesAreSecureBehindTls) {
  server_->Stop();
  server_.reset();
  config_.cookie_secure = true;
  StartServer();
  httplib::Client http("127.0.0.1", server_->port());
  auto res =
      http.Post("/api/auth/login", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  int secure = 0;
  auto range = res->headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    EXPECT_NE(it->second.find("; Secure"), std::string::npos) << it->second;
    ++secure;
  }
  EXPECT_EQ(secure, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing
