#include "extract/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "extract/literal_set.h"

namespace govscore::text {
namespace {

// The straightforward definition AppendCollapsed must agree with: decode
// every code point, drop zero-width ones, turn each whitespace run into one
// space, copy everything else byte for byte.
void ReferenceCollapse(std::string_view s, std::string* out) {
  bool space = out->empty() || out->back() == ' ' || out->back() == '\n';
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const char32_t cp = DecodeUtf8(s, &i);
    if (cp == 0x200B || cp == 0xFEFF) continue;
    if (IsSpace(cp) || cp == 0) {
      if (!space) out->push_back(' ');
      space = true;
      continue;
    }
    out->append(s.data() + start, i - start);
    space = false;
  }
}

TEST(AppendCollapsed, CollapsesEveryKindOfSpace) {
  std::string out;
  AppendCollapsed("  政府\t\n网站\u3000\u3000首页\u00a0a\u2003b\u200bc\ufeffd  ", &out);
  EXPECT_EQ(out, "政府 网站 首页 a bcd ");
  std::string more = "x";
  AppendCollapsed(" y", &more);
  EXPECT_EQ(more, "x y");
  EXPECT_EQ(Collapse("\n 市人民政府 \n"), "市人民政府");
}

TEST(AppendCollapsed, AgreesWithTheReferenceOnRandomBytes) {
  // Pieces that exercise every branch: ASCII and Unicode spaces, zero-width
  // characters, CJK, other lead bytes that begin a space elsewhere, broken
  // and truncated sequences.
  const std::string pieces[] = {" ",        "\t",     "\n",     "a",      "Z",
                                "政",       "府",     "\u00a0", "\u00e9", "\u1680",
                                "\u2003",   "\u2010", "\u200b", "\u2028", "\u205f",
                                "\u3000",   "\u3001", "\ufeff", "\uff0c", "\xe2",
                                "\xe3\x80", "\xc2",   "\x80",   "\xff",   std::string(1, '\0')};
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> len(0, 40);
  for (int round = 0; round < 20000; ++round) {
    std::string input;
    for (int k = len(rng); k > 0; --k) input += pieces[pick(rng)];
    std::string prefix = round % 3 == 0 ? "" : round % 3 == 1 ? "x" : "x ";
    std::string got = prefix, want = prefix;
    AppendCollapsed(input, &got);
    ReferenceCollapse(input, &want);
    ASSERT_EQ(got, want) << "input bytes: " << input.size();
  }
}

}  // namespace
}  // namespace govscore::text

// text::Find is string_view::find by another road (memmem): the same answer
// for every haystack, needle and start, including empty ones and starts past
// the end.
TEST(Find, AgreesWithStringViewFind) {
  std::mt19937 rng(7);
  const std::string alphabet[] = {"来", "源", "a", "b", "\xe6", "\x9d", "上一篇", "\n"};
  auto random_text = [&](int max_parts) {
    std::string s;
    const int n = static_cast<int>(rng() % static_cast<unsigned>(max_parts + 1));
    for (int i = 0; i < n; ++i) s += alphabet[rng() % std::size(alphabet)];
    return s;
  };
  for (int round = 0; round < 20000; ++round) {
    const std::string hay = random_text(30);
    const std::string needle = random_text(3);
    const size_t pos = rng() % (hay.size() + 3);
    ASSERT_EQ(govscore::text::Find(hay, needle, pos), std::string_view(hay).find(needle, pos))
        << "hay=" << hay << " needle=" << needle << " pos=" << pos;
  }
  EXPECT_TRUE(govscore::text::Contains("来源：新华社", "来源"));
  EXPECT_FALSE(govscore::text::Contains("来", "来源"));
}

// CollapseLines is Collapse for the walker's text: pieces appended with
// AppendCollapsed and block breaks that drop a trailing space and add one
// '\n' (Walker::Break). The same answer on random such texts.
TEST(CollapseLines, AgreesWithCollapseOnWalkerText) {
  std::mt19937 rng(11);
  const std::string pieces[] = {"  政务 ", "公开\t",       "\n",           "a  b",
                                " ",       "\xe3\x80\x80", "\xe2\x80\x8b", "x",
                                "\r\n",    "来源：",       "\xc2\xa0"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      if (rng() % 4 == 0) {  // Walker::Break
        if (!text.empty() && text.back() == ' ') text.pop_back();
        if (!text.empty() && text.back() != '\n') text.push_back('\n');
      } else {
        govscore::text::AppendCollapsed(pieces[rng() % std::size(pieces)], &text);
      }
    }
    ASSERT_EQ(govscore::text::CollapseLines(text), govscore::text::Collapse(text))
        << "text=" << text;
  }
}

// LiteralSet answers what text::Find answers for each needle: whether any
// occurs, which occur, and the first start at or after a position.
TEST(LiteralSet, AgreesWithFind) {
  const std::vector<std::string> needles = {"上一篇", "上一", "篇a", "ab", "b", "来源：转载"};
  const govscore::text::LiteralSet set(needles);
  std::mt19937 rng(5);
  const std::string alphabet[] = {"上", "一", "篇", "a", "b", "来源：", "转载", "\n", "\xe4"};
  for (int round = 0; round < 20000; ++round) {
    std::string hay;
    const int n = static_cast<int>(rng() % 16);
    for (int i = 0; i < n; ++i) hay += alphabet[rng() % std::size(alphabet)];
    const size_t from = rng() % (hay.size() + 2);
    uint64_t which = 0;
    size_t first = std::string_view::npos;
    for (size_t i = 0; i < needles.size(); ++i) {
      if (govscore::text::Contains(hay, needles[i])) which |= uint64_t{1} << i;
      first = std::min(first, govscore::text::Find(hay, needles[i], from));
    }
    ASSERT_EQ(set.Which(hay), which) << hay;
    ASSERT_EQ(set.Any(hay), which != 0) << hay;
    ASSERT_EQ(set.FindFirst(hay, from), first) << hay << " from " << from;
  }
}

TEST(LiteralSet, RejectsEmptyLists) {
  EXPECT_THROW(govscore::text::LiteralSet({}), govscore::Error);
  EXPECT_THROW(govscore::text::LiteralSet({"a", ""}), govscore::Error);
}
