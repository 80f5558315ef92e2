#include "checklist/newmedia.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "checklist/csv_line.h"
#include "core/error.h"

namespace govscore::checklist {
namespace {

std::string Column(const std::string& header) {
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"time", "time"},   {"发布时间", "time"},     {"时间", "time"},         {"date", "time"},
      {"title", "title"}, {"标题", "title"},        {"url", "url"},           {"链接", "url"},
      {"网址", "url"},    {"original", "original"}, {"是否原创", "original"}, {"原创", "original"},
      {"type", "type"},   {"类型", "type"}};
  for (const auto& [name, key] : kNames)
    if (header == name) return key;
  return "";
}

std::optional<bool> ParseOriginal(const std::string& v, const std::string& where) {
  if (v.empty()) return std::nullopt;
  if (v == "是" || v == "true" || v == "1" || v == "原创" || v == "yes") return true;
  if (v == "否" || v == "false" || v == "0" || v == "转载" || v == "转发" || v == "no")
    return false;
  throw Error("original must be 是/否, true/false, 1/0 or 原创/转载, got '" + v + "'", where);
}

Date ParseTime(const std::string& time, const std::string& where) {
  // "2024-06-01", "2024-06-01 10:00:00", "2024/6/1 10:00", "2024-06-01T10:00:00+08:00".
  std::string day = time.substr(0, time.find_first_of(" T"));
  for (char& c : day)
    if (c == '/' || c == '.') c = '-';
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(day.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) == 3 && Date::IsValidYmd(y, m, d))
    return Date::FromYmd(y, m, d);
  throw Error("unreadable post time '" + time + "' (expected YYYY-MM-DD[ HH:MM])", where);
}

}  // namespace

std::vector<Post> ParsePostsCsv(std::string_view text, const std::string& where) {
  std::vector<Post> posts;
  std::vector<std::string> columns;
  for (CsvRecord& record : ReadCsvRecords(text)) {
    const std::vector<std::string>& cells = record.cells;
    const std::string at = where + ":" + std::to_string(record.line);
    if (columns.empty()) {
      for (const std::string& h : cells) columns.push_back(Column(h));
      if (std::find(columns.begin(), columns.end(), "time") == columns.end())
        throw Error("CSV header needs a time column (time/发布时间)", at);
      continue;
    }
    Post p;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      if (columns[i] == "time")
        p.time = cells[i];
      else if (columns[i] == "title")
        p.title = cells[i];
      else if (columns[i] == "url")
        p.url = cells[i];
      else if (columns[i] == "original")
        p.original = ParseOriginal(cells[i], at);
      else if (columns[i] == "type")
        p.type = cells[i];
    }
    p.date = ParseTime(p.time, at);
    posts.push_back(std::move(p));
  }
  return posts;
}

std::vector<Post> ParsePostsJson(std::string_view text, const std::string& where) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("JSON: ") + e.what(), where);
  }
  if (j.is_object() && j.contains("posts")) j = j["posts"];
  if (!j.is_array()) throw Error("expected an array of posts or {\"posts\": [...]}", where);
  std::vector<Post> posts;
  for (size_t i = 0; i < j.size(); ++i) {
    const nlohmann::json& e = j[i];
    const std::string at = where + ": post " + std::to_string(i + 1);
    if (!e.is_object() || !e.contains("time") || !e["time"].is_string())
      throw Error("post needs a string 'time'", at);
    Post p;
    p.time = e["time"].get<std::string>();
    p.date = ParseTime(p.time, at);
    if (e.contains("title") && e["title"].is_string()) p.title = e["title"];
    if (e.contains("url") && e["url"].is_string()) p.url = e["url"];
    if (e.contains("type") && e["type"].is_string()) p.type = e["type"];
    if (e.contains("original")) {
      if (e["original"].is_boolean())
        p.original = e["original"].get<bool>();
      else if (e["original"].is_string())
        p.original = ParseOriginal(e["original"], at);
    }
    posts.push_back(std::move(p));
  }
  return posts;
}

std::vector<Post> LoadPostsFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read post list", path);
  std::ostringstream s;
  s << in.rdbuf();
  if (path.size() >= 5 && path.substr(path.size() - 5) == ".json")
    return ParsePostsJson(s.str(), path);
  return ParsePostsCsv(s.str(), path);
}

PostStats ComputePostStats(const std::vector<Post>& posts, Date from, Date as_of) {
  PostStats s;
  s.days = static_cast<int>(from.DaysUntil(as_of)) + 1;
  std::set<Date> days;
  int said = 0, original = 0;
  for (const Post& p : posts) {
    if (p.date > as_of) continue;
    if (!s.newest || p.date > *s.newest) s.newest = p.date;
    if (p.date < from) continue;
    ++s.posts;
    days.insert(p.date);
    if (p.original) {
      ++said;
      original += *p.original;
    }
  }
  if (s.days > 0) {
    s.per_day = static_cast<double>(s.posts) / s.days;
    s.per_week = s.per_day * 7;
  }
  Date prev = from;
  long longest = 0;
  for (Date d : days) {
    longest = std::max(longest, prev.DaysUntil(d));
    prev = d;
  }
  longest = std::max(longest, prev.DaysUntil(as_of));
  s.longest_gap_days = static_cast<int>(longest);
  if (said > 0) s.original_percent = 100.0 * original / said;
  return s;
}

const char* UpdateTier(int longest_gap_days) {
  if (longest_gap_days <= 1) return "每日更新";
  if (longest_gap_days <= 7) return "每周更新";
  if (longest_gap_days <= 14) return "每两周更新";
  if (longest_gap_days <= 31) return "每月更新";
  return "长期未更新";
}

std::vector<const Post*> SamplePosts(const std::vector<Post>& posts, Date from, Date as_of,
                                     size_t n, uint64_t seed) {
  std::vector<const Post*> pool;
  for (const Post& p : posts)
    if (p.date >= from && p.date <= as_of && p.original) pool.push_back(&p);
  std::stable_sort(pool.begin(), pool.end(), [](const Post* a, const Post* b) {
    return a->date != b->date ? a->date < b->date
                              : (a->time != b->time ? a->time < b->time : a->url < b->url);
  });
  uint64_t state = seed;
  auto next = [&state]() {  // SplitMix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  const size_t k = std::min(n, pool.size());
  for (size_t i = 0; i < k; ++i) {
    const size_t j = i + static_cast<size_t>(next() % (pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(k);
  return pool;
}

}  // namespace govscore::checklist
