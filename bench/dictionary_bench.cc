// Serious-error dictionary matching: Hyperscan (checklist::DictionaryMatcher)
// against a plain loop of std::string_view::find per entry (checklist::FindNaive),
// on generated page texts. Usage: dictionary_bench [entries=2000] [pages=2000]
// Prints the time per page and checks both find the same hits.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "checklist/dictionary.h"

using govscore::checklist::Dictionary;
using govscore::checklist::DictionaryEntry;
using govscore::checklist::DictionaryMatcher;

namespace {

const char* kHan[] = {"政", "府", "网", "站", "信", "息", "公", "开", "工", "作", "动", "态",
                      "通", "知", "告", "市", "县", "区", "局", "委", "会", "发", "展", "改",
                      "革", "建", "设", "管", "理", "服", "务", "办", "事", "指", "南", "材"};

std::string RandomHan(std::mt19937& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += kHan[rng() % (sizeof(kHan) / sizeof(kHan[0]))];
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int entries = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int pages = argc > 2 ? std::atoi(argv[2]) : 2000;
  std::mt19937 rng(42);
  Dictionary d;
  for (int i = 0; i < entries; ++i) {
    DictionaryEntry e;
    e.word = RandomHan(rng, 4 + static_cast<int>(rng() % 3));
    d.entries.push_back(e);
  }
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (int i = 0; i < pages; ++i) {
    std::string t = RandomHan(rng, 3000);  // ~9 KB, a typical article's visible text
    if (i % 10 == 0) t += d.entries[rng() % d.entries.size()].word;
    bytes += t.size();
    texts.push_back(std::move(t));
  }
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  DictionaryMatcher m(d);
  auto t1 = Clock::now();
  size_t hs_hits = 0;
  for (const std::string& t : texts) hs_hits += m.Find(t).size();
  auto t2 = Clock::now();
  size_t naive_hits = 0;
  for (const std::string& t : texts) naive_hits += govscore::checklist::FindNaive(d, t).size();
  auto t3 = Clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("entries %d, pages %d, %.1f MB of text\n", entries, pages, bytes / 1e6);
  std::printf("hyperscan: compile %.1f ms, scan %.1f ms (%.3f ms/page), %zu hits\n", ms(t0, t1),
              ms(t1, t2), ms(t1, t2) / pages, hs_hits);
  std::printf("naive loop: %.1f ms (%.3f ms/page), %zu hits\n", ms(t2, t3), ms(t2, t3) / pages,
              naive_hits);
  std::printf("speed-up %.1fx\n", ms(t2, t3) / ms(t1, t2));
  return hs_hits == naive_hits ? 0 : 1;
}
