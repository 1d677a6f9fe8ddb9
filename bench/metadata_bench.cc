// metadata_bench DIR [--rounds N]
//
// For every DIR/NAME.html with a DIR/NAME.json gold file ({"title",
// "published", "author"}, null when the page has none), runs
// ExtractMetadata and prints per-field accuracy (titles and authors compared
// case-folded, whitespace-folded and NFC; published compared to the minute,
// offset included; a null gold is right only when nothing is extracted).
// Then times, single-threaded over the same pages, HtmlDocument::Parse
// alone against Parse + ExtractMetadata and prints pages/s and the ratio.
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extractor/html_document.h"
#include "extractor/metadata_extractor.h"
#include "extractor/unicode_text.h"

namespace {

using newscrawl::ExtractMetadata;
using newscrawl::HtmlDocument;
using newscrawl::PageMetadata;

struct Page {
  std::string name;
  std::string html;
  bool has_gold = false;
  nlohmann::json gold;
};

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Norm(std::string_view s) {
  const std::string n = newscrawl::NormalizeText(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(n.data(), static_cast<int32_t>(n.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string GoldString(const nlohmann::json& gold, const char* key) {
  auto it = gold.find(key);
  if (it == gold.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// "2022-12-24T10:24:43+07:00" -> "2022-12-24T10:24+07:00".
std::string ToMinute(const std::string& iso) {
  if (iso.size() < 16) return iso;
  std::string zone;
  if (iso.size() >= 6) zone = iso.substr(iso.size() - 6);
  return iso.substr(0, 16) + zone;
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: metadata_bench DIR [--rounds N]\n");
    return 2;
  }
  int rounds = 5;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  std::vector<Page> pages;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec)) {
    if (entry.path().extension() != ".html") continue;
    Page page;
    page.name = entry.path().stem().string();
    page.html = ReadAll(entry.path());
    std::filesystem::path gold_path = entry.path();
    gold_path.replace_extension(".json");
    if (std::filesystem::exists(gold_path)) {
      page.gold = nlohmann::json::parse(ReadAll(gold_path), nullptr, false);
      page.has_gold = page.gold.is_object();
    }
    pages.push_back(std::move(page));
  }
  if (ec || pages.empty()) {
    std::fprintf(stderr, "no .html pages in %s\n", argv[1]);
    return 1;
  }
  std::sort(pages.begin(), pages.end(),
            [](const Page& a, const Page& b) { return a.name < b.name; });

  // --- Accuracy --------------------------------------------------------------
  int gold_pages = 0, title_ok = 0, published_ok = 0, author_ok = 0;
  for (const Page& page : pages) {
    if (!page.has_gold) continue;
    ++gold_pages;
    auto doc = HtmlDocument::Parse(page.html);
    if (!doc.ok()) {
      std::printf("%s: parse failed: %s\n", page.name.c_str(),
                  doc.status().ToString().c_str());
      continue;
    }
    const PageMetadata m = ExtractMetadata(*doc, "", nullptr);
    const std::string gt = GoldString(page.gold, "title");
    const std::string gp = GoldString(page.gold, "published");
    const std::string ga = GoldString(page.gold, "author");
    const bool t = Norm(gt) == Norm(m.title);
    const bool p = ToMinute(gp) == ToMinute(m.published);
    const bool a = Norm(ga) == Norm(m.author);
    title_ok += t;
    published_ok += p;
    author_ok += a;
    if (!t || !p || !a) {
      std::printf("MISS %s\n", page.name.c_str());
      if (!t) std::printf("  title     got [%s] (%s) want [%s]\n", m.title.c_str(),
                          m.title_source.c_str(), gt.c_str());
      if (!p) std::printf("  published got [%s] (%s) want [%s]\n",
                          m.published.c_str(), m.published_source.c_str(), gp.c_str());
      if (!a) std::printf("  author    got [%s] (%s) want [%s]\n", m.author.c_str(),
                          m.author_source.c_str(), ga.c_str());
    }
  }
  if (gold_pages > 0) {
    std::printf("pages with gold: %d\n", gold_pages);
    std::printf("title      %d/%d = %.3f\n", title_ok, gold_pages,
                static_cast<double>(title_ok) / gold_pages);
    std::printf("published  %d/%d = %.3f\n", published_ok, gold_pages,
                static_cast<double>(published_ok) / gold_pages);
    std::printf("author     %d/%d = %.3f\n", author_ok, gold_pages,
                static_cast<double>(author_ok) / gold_pages);
  }

  // --- Speed -----------------------------------------------------------------
  std::size_t bytes = 0;
  for (const Page& p : pages) bytes += p.html.size();
  std::size_t sink = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const Page& page : pages) {
      auto doc = HtmlDocument::Parse(page.html);
      if (doc.ok()) sink += doc->html().size();
    }
  }
  const double parse_s = Seconds(std::chrono::steady_clock::now() - start);
  start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const Page& page : pages) {
      auto doc = HtmlDocument::Parse(page.html);
      if (!doc.ok()) continue;
      const PageMetadata m = ExtractMetadata(*doc, "", nullptr);
      sink += m.title.size();
    }
  }
  const double full_s = Seconds(std::chrono::steady_clock::now() - start);
  const double n = static_cast<double>(pages.size()) * rounds;
  std::printf("pages %zu x %d rounds, %.1f MB per round (sink %zu)\n",
              pages.size(), rounds, static_cast<double>(bytes) / 1e6, sink);
  std::printf("parse only         %8.1f pages/s\n", n / parse_s);
  std::printf("parse + metadata   %8.1f pages/s\n", n / full_s);
  std::printf("metadata alone     %8.1f pages/s\n", n / std::max(1e-9, full_s - parse_s));
  std::printf("ratio (parse+metadata / parse-only throughput) %.3f\n",
              parse_s / full_s);
  return 0;
}
