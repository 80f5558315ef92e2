#include "extract/dates.h"

#include <cstdint>

#include "extract/text.h"

namespace govscore {
namespace {

constexpr std::string_view kNian = "\xE5\xB9\xB4";  // 年
constexpr std::string_view kYue = "\xE6\x9C\x88";   // 月
constexpr std::string_view kRi = "\xE6\x97\xA5";    // 日
constexpr std::string_view kHao = "\xE5\x8F\xB7";   // 号

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_len digits at *i; returns -1 when none.
int ReadNumber(std::string_view s, size_t* i, int max_len, int* len) {
  int v = 0;
  *len = 0;
  while (*i < s.size() && IsDigit(s[*i])) {
    if (*len == max_len) return -1;  // too long a run
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++*len;
  }
  return *len == 0 ? -1 : v;
}

void SkipSpaces(std::string_view s, size_t* i) {
  while (*i < s.size() && s[*i] == ' ') ++*i;
}

bool Consume(std::string_view s, size_t* i, std::string_view token) {
  if (s.substr(*i, token.size()) == token) {
    *i += token.size();
    return true;
  }
  return false;
}

// Tries to read a date starting at `start` (a digit not preceded by a digit).
std::optional<DateMatch> TryAt(std::string_view s, size_t start, const DateScanOptions& o) {
  size_t i = start;
  int len = 0;
  int first = ReadNumber(s, &i, 4, &len);
  if (first < 0 || (i < s.size() && IsDigit(s[i]))) return std::nullopt;
  DateMatch m;
  m.begin = start;
  if (len == 4) {
    // Year-first forms.
    size_t j = i;
    SkipSpaces(s, &j);
    char sep = 0;
    bool cjk = false;
    if (j < s.size() && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
      sep = s[j++];
    } else if (Consume(s, &j, kNian)) {
      cjk = true;
    } else {
      return std::nullopt;
    }
    SkipSpaces(s, &j);
    int mlen = 0;
    int month = ReadNumber(s, &j, 2, &mlen);
    if (month < 0) return std::nullopt;
    SkipSpaces(s, &j);
    if (cjk) {
      if (!Consume(s, &j, kYue)) return std::nullopt;
    } else if (j >= s.size() || s[j] != sep) {
      return std::nullopt;
    } else {
      ++j;
    }
    SkipSpaces(s, &j);
    int dlen = 0;
    int day = ReadNumber(s, &j, 2, &dlen);
    if (day < 0) return std::nullopt;
    if (cjk) {
      size_t k = j;
      SkipSpaces(s, &k);
      if (Consume(s, &k, kRi) || Consume(s, &k, kHao))
        j = k;
      else
        return std::nullopt;
    } else if (j < s.size() &&
               (IsDigit(s[j]) || (s[j] == sep && j + 1 < s.size() && IsDigit(s[j + 1])))) {
      return std::nullopt;  // 2024-05-01-3 or similar: a code, not a date
    }
    int year = first;
    if (year < 1949 || year > o.as_of.year() + 1 || !Date::IsValidYmd(year, month, day))
      return std::nullopt;
    m.date = Date::FromYmd(year, month, day);
    m.has_year = true;
    m.end = j;
    return m;
  }
  if (!o.allow_month_day || len > 2) return std::nullopt;
  size_t j = i;
  bool cjk = false;
  char sep = 0;
  if (j < s.size() && (s[j] == '-' || s[j] == '/')) {
    sep = s[j++];
  } else if (Consume(s, &j, kYue)) {
    cjk = true;
  } else {
    return std::nullopt;
  }
  int dlen = 0;
  int day = ReadNumber(s, &j, 2, &dlen);
  if (day < 0) return std::nullopt;
  if (cjk) {
    if (!Consume(s, &j, kRi) && !Consume(s, &j, kHao)) return std::nullopt;
  } else {
    // "05-01" must be two-digit pairs to count (5-1 is too often a range or a code),
    // and must not continue as a longer code (05-01-2).
    if (len != 2 || dlen != 2) return std::nullopt;
    if (j < s.size() && (IsDigit(s[j]) || s[j] == sep || s[j] == '.')) return std::nullopt;
    if (start > 0 && (s[start - 1] == sep || s[start - 1] == '.')) return std::nullopt;
  }
  auto d = ResolveMonthDay(first, day, o.as_of, o.year_hint);
  if (!d) return std::nullopt;
  m.date = *d;
  m.end = j;
  return m;
}

}  // namespace

std::optional<Date> ResolveMonthDay(int month, int day, Date as_of, std::optional<int> year_hint) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (year_hint) {
    if (!Date::IsValidYmd(*year_hint, month, day)) return std::nullopt;
    return Date::FromYmd(*year_hint, month, day);
  }
  // Feb 29 may need up to 8 years back (1900-style century gaps included).
  for (int y = as_of.year(); y >= as_of.year() - 8; --y) {
    if (!Date::IsValidYmd(y, month, day)) continue;
    Date d = Date::FromYmd(y, month, day);
    if (d <= as_of) return d;
  }
  return std::nullopt;
}

namespace {

// Dates left to right, non-overlapping, at most `limit`.
std::vector<DateMatch> Scan(std::string_view text, const DateScanOptions& options, size_t limit) {
  std::vector<DateMatch> out;
  size_t i = 0;
  while (i < text.size() && out.size() < limit) {
    if (IsDigit(text[i]) && (i == 0 || !IsDigit(text[i - 1]))) {
      // A letter right before ("A2024-01-01", "No.12") marks a code, not a date.
      bool code = i > 0 && ((text[i - 1] >= 'A' && text[i - 1] <= 'Z') ||
                            (text[i - 1] >= 'a' && text[i - 1] <= 'z'));
      if (!code) {
        if (auto m = TryAt(text, i, options)) {
          out.push_back(*m);
          i = m->end;
          continue;
        }
      }
    }
    ++i;
  }
  return out;
}

}  // namespace

std::vector<DateMatch> FindDates(std::string_view text, const DateScanOptions& options) {
  return Scan(text, options, SIZE_MAX);
}

std::optional<DateMatch> FindFirstDate(std::string_view text, const DateScanOptions& options) {
  std::vector<DateMatch> first = Scan(text, options, 1);
  if (first.empty()) return std::nullopt;
  return first[0];
}

std::optional<Date> ParseDate(std::string_view raw, Date as_of, std::optional<int> year_hint) {
  std::string collapsed = text::Collapse(raw);
  std::string_view s = collapsed;
  static constexpr std::string_view kOpen[] = {"[", "(", "\xE3\x80\x90", "\xEF\xBC\x88"};
  static constexpr std::string_view kClose[] = {"]", ")", "\xE3\x80\x91", "\xEF\xBC\x89"};
  for (int k = 0; k < 4; ++k) {
    if (text::StartsWith(s, kOpen[k]) && text::EndsWith(s, kClose[k])) {
      s = s.substr(kOpen[k].size(), s.size() - kOpen[k].size() - kClose[k].size());
      s = text::TrimAscii(s);
      break;
    }
  }
  if (s.empty() || !IsDigit(s[0])) return std::nullopt;
  DateScanOptions o{as_of, year_hint, true};
  auto m = TryAt(s, 0, o);
  if (!m) return std::nullopt;
  std::string_view rest = text::TrimAscii(s.substr(m->end));
  // Allow a trailing time: "09:30", "09:30:15".
  for (char c : rest)
    if (!IsDigit(c) && c != ':') return std::nullopt;
  return m->date;
}

}  // namespace govscore
