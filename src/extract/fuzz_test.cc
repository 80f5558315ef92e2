// Property tests: ExtractPage, the date parser, the personal-data scanner and
// ExtractAttachmentText must return (or, for attachments, throw Error) on any
// input — random bytes, truncated and mutated real pages, pathological nesting.
// Deterministic seed and bounded iterations so the suite stays reproducible.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "extract/dates.h"
#include "extract/page.h"
#include "extract/text.h"

namespace govscore {
namespace {

namespace fs = std::filesystem;
const Date kAsOf = Date::FromYmd(2024, 6, 30);

std::vector<std::string> RealPages() {
  std::vector<std::string> pages;
  fs::path dir = fs::path(GOVSCORE_SHARED_DIR) / "real-pages";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".html") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    pages.push_back(ss.str());
  }
  return pages;
}

const char* const kFragments[] = {
    "<a href=",
    "<div>",
    "</div>",
    "<table><tr><td>",
    "</td>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<meta http-equiv=refresh content='0;url=",
    "&#x",
    "&amp",
    "<form action=/s><input name=q>",
    "<select><option>",
    "<base href=",
    "\"",
    "'",
    ">",
    "<",
    "2024-05-01",
    "[05-01]",
    "2024年5月1日",
    "当前位置：",
    "网站标识码：",
    "ICP备",
    "公网安备",
    "主办：",
    "来源：",
    "450102198506121239",
    "13812345678",
    "\xFF",
    "\xE4\xB8",
    "\0",
    "<img srcset=\"a 1x, b 2x,",
    "location.href='",
    "createPageHTML(999999,0,\"index\",\"html\")",
    "<h1>",
    "<li><a href=x>标题标题标题</a><span>05-0",
    "<frameset><frame src=",
};

std::string Mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 4);
  int rounds = std::uniform_int_distribution<int>(1, 8)(rng);
  for (int r = 0; r < rounds; ++r) {
    size_t n = s.size();
    auto pos = [&] {
      return n == 0 ? size_t{0} : std::uniform_int_distribution<size_t>(0, n)(rng);
    };
    switch (op(rng)) {
      case 0:  // truncate
        s.resize(pos());
        break;
      case 1: {  // delete a range
        size_t p = pos();
        size_t len = std::uniform_int_distribution<size_t>(0, 200)(rng);
        s.erase(std::min(p, s.size()), len);
        break;
      }
      case 2: {  // insert a fragment
        const char* frag =
            kFragments[std::uniform_int_distribution<size_t>(0, std::size(kFragments) - 1)(rng)];
        std::string f = frag[0] == '\0' ? std::string(1, '\0') : std::string(frag);
        s.insert(std::min(pos(), s.size()), f);
        break;
      }
      case 3: {  // random bytes
        size_t p = std::min(pos(), s.size());
        int len = std::uniform_int_distribution<int>(1, 16)(rng);
        std::string junk;
        for (int k = 0; k < len; ++k) junk.push_back(static_cast<char>(rng() & 0xFF));
        s.insert(p, junk);
        break;
      }
      default: {  // duplicate a slice (repeated structures)
        if (n < 2) break;
        size_t a = pos() % n;
        size_t len = std::min<size_t>(n - a, std::uniform_int_distribution<size_t>(1, 2000)(rng));
        s.insert(std::min(pos(), s.size()), s.substr(a, len));
        break;
      }
    }
  }
  return s;
}

void CheckInvariants(const PageFacts& f, const ExtractOptions& o) {
  EXPECT_LE(f.links.size(), o.max_links);
  bool changed = false;
  text::SanitizeUtf8(f.text, &changed);
  EXPECT_FALSE(changed) << "text is not valid UTF-8";
  for (const PrivacyHit& h : f.privacy) {
    int run = 0, longest = 0;
    for (char c : h.context) {
      run = (c >= '0' && c <= '9') ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    EXPECT_LT(longest, 11) << "unmasked digits in context: " << h.context;
  }
  for (const RawLink& l : f.links) EXPECT_FALSE(l.href.empty());
}

TEST(Fuzz, ExtractPageNeverCrashesOrHangs) {
  std::mt19937 rng(20240630);
  std::vector<std::string> seeds = RealPages();
  ASSERT_FALSE(seeds.empty());
  seeds.push_back("<html><body><ul><li><a href=a>x</a><span>05-01</span></li></ul></body></html>");
  ExtractOptions o;
  o.as_of = kAsOf;
  o.keep_text = true;
  o.max_links = 500;
  double worst = 0;
  const int kIterations = 2000;
  for (int i = 0; i < kIterations; ++i) {
    std::string input;
    if (i % 5 == 0) {
      size_t len = std::uniform_int_distribution<size_t>(0, 4000)(rng);
      for (size_t k = 0; k < len; ++k) input.push_back(static_cast<char>(rng() & 0xFF));
    } else {
      const std::string& seed = seeds[rng() % seeds.size()];
      input = Mutate(seed, rng);
    }
    auto start = std::chrono::steady_clock::now();
    PageFacts f = ExtractPage(input, "https://www.example.gov.cn/a/index.html", o);
    worst = std::max(
        worst, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    CheckInvariants(f, o);
    if (HasFatalFailure() || HasNonfatalFailure()) {
      ADD_FAILURE() << "iteration " << i << " input size " << input.size();
      return;
    }
  }
  EXPECT_LT(worst, 10.0) << "slowest page took " << worst << " s";
}

TEST(Fuzz, PathologicalStructures) {
  ExtractOptions o;
  o.as_of = kAsOf;
  std::string deep;
  for (int k = 0; k < 100000; ++k) deep += "<div>";
  deep += "<a href=x>deep</a>";
  EXPECT_NO_FATAL_FAILURE(ExtractPage(deep, "u", o));
  std::string nested_a;
  for (int k = 0; k < 20000; ++k) nested_a += "<a href=a" + std::to_string(k) + "><b><i>";
  PageFacts f = ExtractPage(nested_a, "u", o);
  EXPECT_LE(f.links.size(), o.max_links);
  std::string attrs = "<a";
  for (int k = 0; k < 20000; ++k) attrs += " a" + std::to_string(k) + "=v";
  attrs += " href=ok>x</a>";
  EXPECT_NO_FATAL_FAILURE(ExtractPage(attrs, "u", o));
  std::string huge_attr = "<a href=\"" + std::string(5 << 20, 'x') + "\">x</a>";
  EXPECT_EQ(ExtractPage(huge_attr, "u", o).links.size(), 1u);
  EXPECT_NO_FATAL_FAILURE(ExtractPage("<script>" + std::string(1 << 20, 'x'), "u", o));
  EXPECT_NO_FATAL_FAILURE(ExtractPage("<!--" + std::string(1 << 20, '-'), "u", o));
  std::string many_rows = "<table>";
  for (int k = 0; k < 20000; ++k)
    many_rows += "<tr><td><a href=r>标题标题标题</a></td><td>2024-01-01</td></tr>";
  EXPECT_EQ(ExtractPage(many_rows, "u", o).items.size(), 20000u);
  std::string nul_page("<p>a\0b</p><a href=x>y</a>", 25);
  EXPECT_EQ(ExtractPage(nul_page, "u", o).links.size(), 1u);
}

TEST(Fuzz, TextScannersOnRandomInput) {
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789-/.年月日号[]() X:：\xE5\xB9\xB4";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t len = std::uniform_int_distribution<size_t>(0, 40)(rng);
    for (size_t k = 0; k < len; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    DateScanOptions o{kAsOf, std::nullopt, (i & 1) != 0};
    for (const DateMatch& m : FindDates(s, o)) {
      ASSERT_LE(m.begin, m.end);
      ASSERT_LE(m.end, s.size());
      ASSERT_LE(m.date.year(), kAsOf.year() + 1);
    }
    (void)ParseDate(s, kAsOf);
    for (const PrivacyHit& h : FindPersonalData(s, kAsOf)) ASSERT_FALSE(h.masked.empty());
  }
}

TEST(Fuzz, AttachmentTextReturnsOrThrowsError) {
  std::mt19937 rng(99);
  const char* kinds[] = {"a.pdf", "a.docx", "a.xlsx", "a.txt", "a.csv", "a.doc", "a.html", "a.bin"};
  const std::string prefixes[] = {"%PDF-1.4\n", std::string("PK\x03\x04", 4),
                                  std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), ""};
  for (int i = 0; i < 300; ++i) {
    std::string bytes = prefixes[rng() % 4];
    size_t len = std::uniform_int_distribution<size_t>(0, 3000)(rng);
    for (size_t k = 0; k < len; ++k) bytes.push_back(static_cast<char>(rng() & 0xFF));
    try {
      ExtractAttachmentText(bytes, kinds[rng() % std::size(kinds)]);
    } catch (const Error&) {
      // Clear error: fine.
    }
  }
}

TEST(Concurrency, ThreadsGiveTheSameFactsAsOneThread) {
  // The crawl extracts on several workers at once: libxml2 init, static regexes
  // and tables must be safe, and results must not depend on interleaving.
  std::vector<std::string> pages = RealPages();
  ExtractOptions o;
  o.as_of = kAsOf;
  std::vector<size_t> expected;
  for (const auto& p : pages) {
    PageFacts f = ExtractPage(p, "https://www.example.gov.cn/a/b.html", o);
    expected.push_back(f.links.size() * 1000003 + f.items.size() * 101 + f.footer.icp.size());
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (size_t k = 0; k < pages.size(); ++k) {
          size_t i = (k + static_cast<size_t>(t) * 7) % pages.size();
          PageFacts f = ExtractPage(pages[i], "https://www.example.gov.cn/a/b.html", o);
          size_t got = f.links.size() * 1000003 + f.items.size() * 101 + f.footer.icp.size();
          if (got != expected[i]) ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace govscore
