// Parser benchmark for the extract stage: parses every page under a directory
// (default ../shared/real-pages) many times with gumbo and with libxml2's HTML
// parser, walking the resulting tree (element count, href count) so both do
// comparable work, and prints MB/s and pages/s per parser. Also reports how each
// parser sees a set of broken-markup snippets (unclosed tags, stray </div>,
// attribute soup, markup inside an attribute) so the choice is not speed alone.
//
//   html_parsers [DIR] [ROUNDS]
// Build: cmake --build <dir> --target html_parsers_bench (not part of `all` or the tests).
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/page.h"

namespace {

struct Counts {
  long elements = 0;
  long hrefs = 0;
};

void WalkGumbo(const GumboNode* node, Counts* c) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  ++c->elements;
  const GumboElement& e = node->v.element;
  if (gumbo_get_attribute(&e.attributes, "href") != nullptr) ++c->hrefs;
  for (unsigned i = 0; i < e.children.length; ++i)
    WalkGumbo(static_cast<const GumboNode*>(e.children.data[i]), c);
}

void WalkXml(const xmlNode* node, Counts* c) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    ++c->elements;
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next)
      if (std::strcmp(reinterpret_cast<const char*>(a->name), "href") == 0) ++c->hrefs;
    WalkXml(node->children, c);
  }
}

Counts ParseGumbo(const std::string& html) {
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Counts c;
  WalkGumbo(out->root, &c);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return c;
}

Counts ParseXml(const std::string& html) {
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  Counts c;
  if (doc != nullptr) {
    WalkXml(doc->children, &c);  // all top-level nodes: content after </html> lands there
    xmlFreeDoc(doc);
  }
  return c;
}

template <typename F>
void Run(const char* name, const std::vector<std::string>& pages, int rounds, F parse) {
  size_t bytes = 0;
  Counts total;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& p : pages) {
      Counts c = parse(p);
      total.elements += c.elements;
      total.hrefs += c.hrefs;
      bytes += p.size();
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-8s %8.1f MB/s %9.0f pages/s  (elements/round %ld, hrefs/round %ld)\n", name,
              bytes / s / 1e6, pages.size() * rounds / s, total.elements / rounds,
              total.hrefs / rounds);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = argc > 1 ? argv[1] : "../shared/real-pages";
  int rounds = argc > 2 ? std::atoi(argv[2]) : 50;
  std::vector<std::string> pages;
  size_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    pages.push_back(ss.str());
    total += pages.back().size();
  }
  if (pages.empty()) {
    std::fprintf(stderr, "no .html files under %s\n", dir.c_str());
    return 1;
  }
  xmlInitParser();
  std::printf("%zu pages, %.1f KB mean, %d rounds\n", pages.size(), total / 1024.0 / pages.size(),
              rounds);
  Run("gumbo", pages, rounds, ParseGumbo);
  Run("libxml2", pages, rounds, ParseXml);
  Run("gumbo", pages, rounds, ParseGumbo);
  Run("libxml2", pages, rounds, ParseXml);

  // The whole extract stage on top of the chosen parser (links, text, footer,
  // items, dates, privacy scan): what the crawl pays per page.
  govscore::ExtractOptions options;
  options.as_of = govscore::Date::FromYmd(2024, 6, 30);
  for (int pass = 0; pass < 2; ++pass) {
    Run("extract", pages, rounds, [&](const std::string& html) {
      govscore::PageFacts f =
          govscore::ExtractPage(html, "https://www.example.gov.cn/a/b.html", options);
      return Counts{static_cast<long>(f.items.size()), static_cast<long>(f.links.size())};
    });
  }

  // Broken markup: how many <a href> each parser recovers (expected in brackets).
  struct Case {
    const char* html;
    int expected_hrefs;
  } cases[] = {
      {"<div><a href=a>x<div><a href=b>y</div></div></span><a href=c>z", 3},
      {"<p><table><tr><td><a href=a>1<td><a href=b>2</table><a href=c>3", 3},
      {"<meta name=ArticleTitle content=\"t<div>\"><a href=a>1</a><a href='b'>2", 2},
      {"<a href=a><a href=b>nested</a></a><a href=\"c\"  href=d>dup</a>", 3},
      {"<script>document.write('<a href=x>')</script><a href=a>1</a>", 1},
      {"<html><body><a href=a>1</a></body></html><a href=b>after html</a>", 2},
      {"<a href=a>1</a><!-- unclosed comment <a href=b>", 1},
      {"<select><option><a href=a>x</a></select><a href=b>y</a>", 2},
  };
  std::printf("broken-markup hrefs recovered (gumbo / libxml2 / expected):\n");
  for (const auto& c : cases) {
    std::printf("  %ld / %ld / %d   %s\n", ParseGumbo(c.html).hrefs, ParseXml(c.html).hrefs,
                c.expected_hrefs, c.html);
  }
  return 0;
}
