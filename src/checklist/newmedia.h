// New-media (政务新媒体) post lists imported from platform exports (CSV or
// JSON: time, title, url, original or reposted, type) and the measures the
// checklist reads from them: newest post, posts per day/week over a window,
// the longest gap, the share of original posts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govscore::checklist {

struct Post {
  Date date;
  std::string time;  // as written ("2024-06-01 10:00")
  std::string title;
  std::string url;
  std::optional<bool> original;  // nullopt: the export does not say
  std::string type;              // 图文, 视频 …
};

// CSV with a header naming the columns, in English or Chinese:
// time|发布时间|时间, title|标题, url|链接|网址, original|是否原创|原创 (是/否, true/false,
// 1/0, 原创/转载), type|类型. Only `time` is required. JSON: an array of objects
// with those English keys, or {"posts": [...]}. Throws govscore::Error naming
// file:row for a missing time column or an unreadable date.
std::vector<Post> ParsePostsCsv(std::string_view text, const std::string& where);
std::vector<Post> ParsePostsJson(std::string_view text, const std::string& where);
// By extension (.json, else CSV).
std::vector<Post> LoadPostsFile(const std::string& path);

struct PostStats {
  std::optional<Date> newest;  // over all posts not after as_of
  int posts = 0;               // posts dated in [from, as_of]
  int days = 0;                // calendar days in [from, as_of]
  double per_day = 0;
  double per_week = 0;
  // The longest stretch in [from, as_of] between consecutive update days, the
  // window's ends included: max of (first − from), (next − previous),
  // (as_of − last) in days; the whole window when there is no post.
  int longest_gap_days = 0;
  std::optional<double> original_percent;  // over posts in the window that say
};

PostStats ComputePostStats(const std::vector<Post>& posts, Date from, Date as_of);

// Update-frequency tier (更新频率档次) from the longest gap in the window:
// ≤ 1 day 每日更新, ≤ 7 每周更新, ≤ 14 每两周更新, ≤ 31 每月更新, else 长期未更新.
const char* UpdateTier(int longest_gap_days);

// A reproducible random sample (抽样) of `n` posts dated in [from, as_of] that
// say whether they are original: the same posts, seed and n give the same
// sample on every machine (a seeded SplitMix64 partial Fisher–Yates over the
// posts in date-then-url order, not std::shuffle). Fewer than n → all of them.
std::vector<const Post*> SamplePosts(const std::vector<Post>& posts, Date from, Date as_of,
                                     size_t n, uint64_t seed);

}  // namespace govscore::checklist
