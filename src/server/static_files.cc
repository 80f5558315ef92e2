#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace govscore::server {

namespace fs = std::filesystem;

std::string MimeTypeOf(const std::string& name) {
  const std::string ext = fs::path(name).extension().string();
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".wasm", "application/wasm"},
  };
  for (const auto& [e, t] : kTypes)
    if (ext == e) return t;
  return "application/octet-stream";
}

namespace {

bool ReadFile(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// Splits the URL path into safe segments; false when any segment could escape
// the folder or name a hidden file.
bool SafeSegments(const std::string& path, std::vector<std::string>& segs) {
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(pos, end - pos);
    if (!seg.empty()) {
      if (seg[0] == '.') return false;  // "..", ".env", ".git"
      segs.push_back(seg);
    }
    pos = end + 1;
  }
  return true;
}

void ServeIndex(const fs::path& root, httplib::Response& res) {
  std::string body;
  if (!ReadFile(root / "index.html", body)) {
    res.status = 404;
    res.set_content(
        "<!doctype html><meta charset=utf-8><title>govscore</title>"
        "<p>网页界面尚未构建（web/dist 不存在）。接口位于 /api/。</p>",
        "text/html; charset=utf-8");
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_content(body, "text/html; charset=utf-8");
}

}  // namespace

void ServeStatic(const std::string& dir, const httplib::Request& req, httplib::Response& res) {
  const fs::path root = dir.empty() ? fs::path() : fs::path(dir);
  std::vector<std::string> segs;
  if (!SafeSegments(req.path, segs)) {
    res.status = 404;
    res.set_content("not found", "text/plain; charset=utf-8");
    return;
  }
  if (segs.empty()) return ServeIndex(root, res);
  fs::path p = root;
  for (const auto& s : segs) p /= s;
  std::error_code ec;
  if (!root.empty() && fs::is_regular_file(p, ec)) {
    std::string body;
    if (ReadFile(p, body)) {
      // Vite's hashed assets never change under the same name.
      res.set_header("Cache-Control",
                     segs[0] == "assets" ? "public, max-age=31536000, immutable" : "no-cache");
      res.set_content(body, MimeTypeOf(p.filename().string()));
      return;
    }
  }
  if (fs::path(segs.back()).has_extension()) {
    res.status = 404;
    res.set_content("not found", "text/plain; charset=utf-8");
    return;
  }
  ServeIndex(root, res);
}

}  // namespace govscore::server
