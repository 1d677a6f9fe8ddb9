// FixtureSite: a generated union-news site for crawler, re-extraction and
// profile tests.  Every page is built from the project's own Vietnamese
// vocabulary (no text from real sites), deterministically from a seed, and
// reproduces the clutter of real union-news templates: "Tin khác" lists of
// other headlines with "Hoạt động dd/mm/yyyy hh:mm" lines, "Có thể bạn quan
// tâm" boxes (each headline twice plus a summary), "Nên xem", inline related
// boxes after the lead whose images carry the URL slug as alt text, figure
// captions, share bars, comment forms, menus and footers.
//
// Two page templates ("a": laodongthudo-like, "b": laodong-like) alternate
// by article id, so a site has old and new layouts.  Editions model nights:
// edition 0 has `articles` articles; each later edition adds about 5% new
// articles and edits about 2% of the existing ones (one paragraph changes).
//
// The site is served from memory: Page(path) returns what a server answers.
#ifndef NEWSCRAWL_TESTS_SUPPORT_FIXTURE_SITE_H_
#define NEWSCRAWL_TESTS_SUPPORT_FIXTURE_SITE_H_

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace newscrawl::testing {

struct FixtureSiteOptions {
  std::string base_url = "http://127.0.0.1";  // scheme://host:port, no slash
  int articles = 40;     // articles in edition 0
  int edition = 0;       // night number (see above)
  int per_listing = 10;  // links per category page
  std::uint64_t seed = 1;
  // When this edition's edits happened (Unix seconds; 0: the time the site
  // is built), so a sitemap announces them as newer than the last crawl.
  std::int64_t now = 0;
  // 0: no inline boxes (the default).  n > 0: every template "a" page
  // carries, inside its article text, a box of two other headlines with
  // their leads under a "Tin khác" heading, except every n-th "a" page,
  // whose box has no heading: generic extraction keeps that box, a site
  // profile learned from the other pages drops it.
  int unlabeled_box_every = 0;
};

// What a correct extractor keeps of an article page.
struct FixtureArticle {
  int id = 0;
  std::string path;       // "/cong-doan/slug-1234.html"
  std::string url;        // base_url + path
  std::string template_name;  // "a" or "b"
  std::string title;
  std::string published;  // ISO 8601, +07:00
  std::string modified;   // ISO 8601: the last edit, else `published`
  std::string author;
  std::string lead;       // without the "(LĐTĐ)" prefix
  std::string body;       // lead + paragraphs, "\n\n"-separated
  int edited_in = -1;     // edition whose edit changed the body, -1: none
  bool unlabeled_box = false;  // see FixtureSiteOptions::unlabeled_box_every
  // Text that is on the page but must not be in the body: other articles'
  // headlines in clutter boxes, captions, share and comment labels.
  std::vector<std::string> clutter;
};

struct FixturePage {
  std::string content_type;
  std::string body;
  std::string etag;           // quoted strong validator of the body
  std::string last_modified;  // HTTP date
};

class FixtureSite {
 public:
  explicit FixtureSite(const FixtureSiteOptions& options);

  // The page at `path` ("/", "/rss.xml", "/robots.txt", an article path,
  // "/chuyen-muc/cong-doan?page=2"), or nullopt for a 404.
  std::optional<FixturePage> Page(const std::string& path) const;

  const std::vector<FixtureArticle>& articles() const { return articles_; }
  const FixtureArticle* FindArticle(const std::string& path) const;

  // Paths the robots.txt disallows (linked from the home page, so a polite
  // crawler must skip them).
  static std::vector<std::string> DisallowedPaths();

  const FixtureSiteOptions& options() const { return options_; }

 private:
  std::string ArticleHtml(const FixtureArticle& article) const;
  std::string HomeHtml() const;
  std::string ListingHtml(int page) const;
  std::string FeedXml() const;
  std::string SitemapXml() const;
  std::vector<const FixtureArticle*> Others(int id, int count) const;
  std::time_t ModifiedTime(const FixtureArticle& a) const;

  FixtureSiteOptions options_;
  std::vector<FixtureArticle> articles_;  // newest last
  std::map<std::string, std::size_t> by_path_;
  // Per article: the paragraphs after the lead, and caption texts.
  std::vector<std::vector<std::string>> paragraphs_;
  std::vector<std::string> captions_;
};

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_FIXTURE_SITE_H_
