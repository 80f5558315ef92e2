// A server restart loses no judgment, upload or audit record (issue 6, crash
// safety): a real `govscore serve` process takes judgments and evidence
// uploads through the API from two users at full speed, is killed with
// SIGKILL in the middle of it, and is started again on the same store and
// data folder; every write it had answered with 2xx is read back — judgment
// revisions with their notes, the uploaded bytes, the audit rows — and the
// audit log of before the kill is unchanged. Both backends (SQLite file,
// PostgreSQL database).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                       33);
constexpr const char* kPassword = "correct-horse-9";

// A free loopback port (bound and released; the server binds it right after).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

class ServeRestartTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    // The binary of this build (GOVSCORE_BIN overrides, like the web e2e test).
    const char* bin = std::getenv("GOVSCORE_BIN");
    binary_ = bin && *bin ? fs::path(bin) : fs::path(GOVSCORE_BINARY_DIR) / "govscore";
    ASSERT_TRUE(fs::exists(binary_)) << binary_ << " is missing: build the target govscore";
    data_dir_ = fs::temp_directory_path() / (name_ + "_serve");
    fs::create_directories(data_dir_);
    unit_a_ = SeedUnitsAndUsers(kPassword).first;
  }

  void TearDown() override {
    Kill();
    std::error_code ec;
    fs::remove_all(data_dir_, ec);
    StoreTest::TearDown();
  }

  // Starts `govscore serve` on a free port and waits until it answers.
  void Start() {
    port_ = FreePort();
    ASSERT_GT(port_, 0);
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    const std::string log = (data_dir_ / "serve.log").string();
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      const std::string data = data_dir_.string(), web = (data_dir_ / "web").string();
      ::execl(binary_.c_str(), binary_.c_str(), "serve", "--listen", listen.c_str(), "--db",
              url_.c_str(), "--data-dir", data.c_str(), "--static", web.c_str(), "--no-scans",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < until) {
      httplib::Client http("127.0.0.1", port_);
      http.set_connection_timeout(1);
      if (auto r = http.Get("/api/health"); r && r->status == 200) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL() << "govscore serve exited at start; log: " << Log();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "govscore serve did not answer within 60 s; log: " << Log();
  }

  // SIGKILL: no shutdown code runs.
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << Log();
    pid_ = -1;
  }

  std::string Log() const {
    std::ifstream in(data_dir_ / "serve.log");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
  }

  std::unique_ptr<Browser> As(const std::string& user) {
    auto b = std::make_unique<Browser>(port_);
    const Reply r = b->Login(user, kPassword);
    EXPECT_EQ(r.status, 200) << user << ": " << r.body;
    return b;
  }

  fs::path binary_, data_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  store::Id unit_a_ = 0;
};

json ValueFor(const std::string& input) {
  if (input == "points") return {{"points", 0}};
  if (input == "count") return {{"count", 0}};
  if (input == "yes_no") return {{"value", "yes"}};
  return {{"value", "met"}};
}

TEST_P(ServeRestartTest, KillNineLosesNoAnsweredWrite) {
  Start();
  ASSERT_FALSE(HasFatalFailure());
  auto org = As("organiser");
  Reply fw = org->Post("/api/frameworks", {{"shipped", "gx2020-city"}});
  ASSERT_EQ(fw.status, 201) << fw.body;
  Reply c = org->Post("/api/campaigns", {{"name", "重启测试"},
                                         {"framework_version_id", fw.json["id"]},
                                         {"as_of", "2026-11-20"},
                                         {"unit_ids", {unit_a_}}});
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string campaign = "/api/campaigns/" + std::to_string(c.json["id"].get<store::Id>());
  ASSERT_EQ(org->Post(campaign + "/state", {{"state", "collecting"}}).status, 200);
  Reply q = org->Get(campaign + "/queue?unit_id=" + std::to_string(unit_a_));
  ASSERT_EQ(q.status, 200) << q.body;
  std::vector<std::pair<std::string, std::string>> slots;  // indicator, input
  for (const json& item : q.json["items"])
    if (item["criterion"] == "" && item["channel"] == "" && slots.size() < 8)
      slots.push_back({item["indicator_id"], item["input"]});
  ASSERT_GE(slots.size(), 2u);
  auto admin_browser = As("admin");
  Reply audit_before = admin_browser->Get("/api/audit?limit=1000");
  ASSERT_EQ(audit_before.status, 200);
  ASSERT_FALSE(audit_before.json["entries"].empty());

  // Two writers at full speed: the reviewer's judgments, the webmaster's uploads.
  std::mutex mu;
  std::map<std::string, std::set<std::string>> notes;  // indicator -> answered notes
  std::map<std::string, std::string> files;            // file id -> bytes
  std::atomic<bool> stop{false};
  std::atomic<int> judged{0}, uploaded{0};    // writes answered with success
  std::string judge_refused, upload_refused;  // the last answer that was no success
  auto reviewer = As("reviewer"), webmaster = As("webmaster");
  std::thread judge([&] {
    for (int k = 0; !stop; ++k) {
      const auto& [indicator, input] = slots[k % slots.size()];
      const std::string note = "第" + std::to_string(k) + "次评分";
      const Reply r =
          reviewer->Post(campaign + "/judgments", {{"unit_id", unit_a_},
                                                   {"indicator_id", indicator},
                                                   {"value", ValueFor(input)},
                                                   {"note", note},
                                                   {"state", k % 3 == 2 ? "submitted" : "draft"}});
      if (r.status < 0) return;  // the server is gone; this write's fate is unknown
      std::lock_guard lock(mu);
      if (r.status == 200) {
        notes[indicator].insert(note);
        ++judged;
      } else {
        judge_refused = std::to_string(r.status) + " " + r.body.substr(0, 300);
      }
    }
  });
  std::thread upload([&] {
    for (int k = 0; !stop; ++k) {
      const std::string bytes = kPng + "upload-" + std::to_string(k);
      const Reply r =
          webmaster->Upload("/api/evidence", "file", std::to_string(k) + ".png", bytes, "image/png",
                            {{"unit_id", std::to_string(unit_a_), "", ""}});
      if (r.status < 0) return;
      std::lock_guard lock(mu);
      if (r.status == 201) {
        files[r.json["file_id"]] = bytes;
        ++uploaded;
      } else {
        upload_refused = std::to_string(r.status) + " " + r.body.substr(0, 300);
      }
    }
  });
  // Kill while both are writing (after some answers, so there is something to lose).
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  // Each writer must have been answered: on PostgreSQL the first judgment
  // (the campaign's queue is built) may come after dozens of uploads.
  while ((judged < 20 || uploaded < 20) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Kill();
  stop = true;
  judge.join();
  upload.join();
  ASSERT_GE(judged.load(), 20) << judge_refused << Log();
  ASSERT_GE(uploaded.load(), 20) << upload_refused << Log();
  ASSERT_FALSE(files.empty()) << upload_refused;
  ASSERT_FALSE(notes.empty()) << judge_refused;

  // The same store and data folder, a new process.
  Start();
  ASSERT_FALSE(HasFatalFailure());
  auto reader = As("organiser");
  int revisions = 0;
  for (const auto& [indicator, wanted] : notes) {
    Reply j = reader->Get(campaign + "/judgment?unit_id=" + std::to_string(unit_a_) +
                          "&indicator_id=" + indicator + "&criterion=&channel=");
    ASSERT_EQ(j.status, 200) << j.body;
    std::set<std::string> stored;
    for (const json& rev : j.json["revisions"]) stored.insert(rev["note"].get<std::string>());
    for (const std::string& note : wanted)
      EXPECT_TRUE(stored.count(note)) << indicator << " " << note;
    revisions += static_cast<int>(stored.size());
  }
  size_t answered_notes = 0;
  for (const auto& entry : notes) answered_notes += entry.second.size();
  EXPECT_GE(revisions, static_cast<int>(answered_notes));
  Reply listed = reader->Get("/api/units/" + std::to_string(unit_a_) + "/evidence");
  ASSERT_EQ(listed.status, 200);
  std::set<std::string> listed_ids;
  for (const json& e : listed.json["evidence"]) listed_ids.insert(e["file_id"].get<std::string>());
  for (const auto& [id, bytes] : files) {
    EXPECT_TRUE(listed_ids.count(id)) << id;
    const Reply down = reader->Get("/api/evidence/" + id);
    EXPECT_EQ(down.status, 200) << id;
    EXPECT_EQ(down.body, bytes) << id;
  }
  // The audit log: what was there before is unchanged; every answered write has its row.
  auto admin_after = As("admin");
  Reply audit = admin_after->Get("/api/audit?limit=1000");
  ASSERT_EQ(audit.status, 200);
  std::map<int64_t, json> by_id;
  for (const json& e : audit.json["entries"]) by_id[e["id"].get<int64_t>()] = e;
  for (const json& e : audit_before.json["entries"]) {
    ASSERT_TRUE(by_id.count(e["id"].get<int64_t>())) << e.dump();
    EXPECT_EQ(by_id[e["id"].get<int64_t>()], e);
  }
  std::set<std::string> audited_files, audited_notes;
  for (const auto& [id, e] : by_id) {
    const json after = e["summary"].is_object() ? e["summary"].value("after", json()) : json();
    if (!after.is_object()) continue;
    if (e["action"] == "evidence.upload") audited_files.insert(after.value("stored_name", ""));
    if (e["action"] == "judgment.save")
      audited_notes.insert(after.value("indicator_id", "") + "|" + after.value("note", ""));
  }
  for (const auto& [id, bytes] : files) EXPECT_TRUE(audited_files.count(id)) << id;
  for (const auto& [indicator, wanted] : notes)
    for (const std::string& note : wanted)
      EXPECT_TRUE(audited_notes.count(indicator + "|" + note)) << indicator << " " << note;
  // The restarted server takes writes again.
  EXPECT_EQ(As("reviewer")
                ->Post(campaign + "/judgments", {{"unit_id", unit_a_},
                                                 {"indicator_id", slots[0].first},
                                                 {"value", ValueFor(slots[0].second)},
                                                 {"note", "重启后"}})
                .status,
            200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeRestartTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing
