// Test support: a private nginx on 127.0.0.1, started from a config written into
// a fresh temporary directory and stopped (SIGTERM to its own pid) on
// destruction. Header-only; for *_test.cc files.
//
// nginx is a test dependency (scripts/setup.sh installs nginx-light, which has
// the ssl and http_v2 modules). When it is missing the constructor throws with
// a message saying so: tests fail, they do not skip.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace govscore {

class NginxServer {
 public:
  // The nginx binary: $PATH, then /usr/sbin/nginx; empty when not installed.
  static std::string Binary() {
    std::vector<std::string> candidates;
    if (const char* path = std::getenv("PATH")) {
      std::stringstream dirs(path);
      for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty()) candidates.push_back(dir + "/nginx");
      }
    }
    candidates.push_back("/usr/sbin/nginx");
    for (const std::string& c : candidates) {
      if (::access(c.c_str(), X_OK) == 0) return c;
    }
    return "";
  }

  // Makes a temporary directory (dir()), lets `write_files(dir)` put
  // certificates or pages there, writes nginx.conf with `http_body` inside
  // `http { }` (after logging and temp paths into dir(); every "{dir}" in it
  // is replaced by dir()), starts nginx and
  // waits until 127.0.0.1:`port` accepts connections. The access log
  // (access_log()) uses the format `conn`: "$connection $connection_requests
  // $server_protocol $request_method $request_uri $status". Throws
  // std::runtime_error naming the cause (nginx missing, bad config, no listener).
  template <typename WriteFiles>
  NginxServer(int port, const std::string& http_body, WriteFiles write_files) : port_(port) {
    const std::string nginx = Binary();
    if (nginx.empty()) {
      throw std::runtime_error(
          "nginx is not installed: this test needs it (scripts/setup.sh installs nginx-light)");
    }
    char pattern[] = "/tmp/govscore-nginx-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    write_files(dir_);
    const std::string d = dir_.string();
    std::ofstream conf(dir_ / "nginx.conf");
    conf << "worker_processes 1;\ndaemon off;\npid " << d << "/nginx.pid;\n"
         << "error_log " << d << "/error.log warn;\nevents { worker_connections 256; }\n"
         << "http {\n  default_type text/plain;\n"
         << "  log_format conn '$connection $connection_requests $server_protocol "
            "$request_method $request_uri $status';\n"
         << "  access_log " << d << "/access.log conn;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      conf << "  " << temp << "_temp_path " << d << "/tmp-" << temp << ";\n";
    }
    std::string body = http_body;
    for (size_t at = body.find("{dir}"); at != std::string::npos; at = body.find("{dir}", at)) {
      body.replace(at, 5, d);
      at += d.size();
    }
    conf << body << "\n}\n";
    conf.close();
    const std::string conf_path = d + "/nginx.conf", error_path = d + "/error.log";
    std::vector<std::string> args = {nginx, "-p", d, "-c", conf_path, "-e", error_path};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, nginx.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start " + nginx);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!Accepts()) {
      int status = 0;
      std::string problem;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        problem = "nginx exited at start: ";
      } else if (std::chrono::steady_clock::now() > deadline) {
        problem = "nginx does not listen on 127.0.0.1:" + std::to_string(port_) + ": ";
      }
      if (!problem.empty()) {
        problem += ReadFile("error.log");
        Cleanup();  // no destructor runs after a throwing constructor
        throw std::runtime_error(problem);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  ~NginxServer() { Cleanup(); }
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  int port() const { return port_; }

  // Lines of the access log, waiting up to `wait` for at least `min_lines`
  // (nginx writes a line when a request ends, maybe after the client saw it).
  std::vector<std::string> AccessLog(size_t min_lines = 0,
                                     std::chrono::milliseconds wait = std::chrono::seconds(3)) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    std::vector<std::string> lines;
    while (true) {
      lines.clear();
      std::stringstream in(ReadFile("access.log"));
      for (std::string line; std::getline(in, line);) lines.push_back(line);
      if (lines.size() >= min_lines || std::chrono::steady_clock::now() > deadline) return lines;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::string ReadFile(const std::string& name) const {
    std::ifstream in(dir_ / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  // Stops our nginx (its own pid only) and removes the directory.
  void Cleanup() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  bool Accepts() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  }

  int port_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

}  // namespace govscore
