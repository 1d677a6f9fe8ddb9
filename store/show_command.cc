#include "store/show_command.h"

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "store/article_key.h"
#include "store/record_json.h"
#include "store/store.h"

namespace newscrawl {

namespace {

bool AllDigits(const std::string& s) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "newscrawl show: %s\n", status.message().c_str());
  return kExitFailure;
}

void PrintArticleText(const ArticleRecord& r) {
  const Article& a = r.article;
  std::cout << a.title << "\n";
  if (!a.published.empty()) std::cout << a.published << "\n";
  if (!a.author.empty()) std::cout << a.author << "\n";
  std::cout << "id: " << r.key.ToHex() << "  site: " << r.site << "\n";
  for (const std::string& url : r.urls) std::cout << "url: " << url << "\n";
  if (!r.duplicate_of.empty()) {
    std::cout << "near duplicate of " << r.duplicate_of.ToHex() << "\n";
  }
  if (!r.replaced_by.empty()) {
    std::cout << "replaced by " << r.replaced_by.ToHex() << "\n";
  }
  for (const ArticleVersion& v : r.history) {
    std::cout << "previous version: " << v.key.ToHex() << " (replaced "
              << FormatUnixTime(v.replaced_at) << ")\n";
  }
  std::cout << "\n" << a.body << "\n";
}

int ShowPage(Store& store, std::uint64_t page_id, const ShowOptions& options) {
  auto page = store.GetPage(page_id);
  if (!page.ok()) return Fail(page.status());
  if (options.format == "json") {
    std::cout << DumpJson(PageRecordToJson(page_id, *page, true), 2) << "\n";
  } else {
    std::cout << page->body;
  }
  return kExitOk;
}

}  // namespace

int RunShowCommand(const GlobalOptions& global, const Config& /*config*/,
                   const ShowOptions& options) {
  StoreOptions store_options;
  store_options.read_only = true;
  auto opened = Store::Open(global.store_dir, store_options);
  if (!opened.ok()) return Fail(opened.status());
  Store& store = **opened;
  const std::string& what = options.what;

  // A page id: the page itself.
  if (AllDigits(what)) return ShowPage(store, std::stoull(what), options);

  Result<ArticleRecord> article = Status::NotFound("");
  std::uint64_t page_id = 0;
  std::optional<UrlState> url_state;  // when `what` is a URL
  if (auto key = ArticleKey::FromHex(what); key.ok()) {
    article = store.GetArticle(*key);
    if (!article.ok()) return Fail(article.status());
    if (!article->urls.empty()) {
      if (auto state = store.GetUrlState(article->urls.front()); state.ok()) {
        page_id = state->page_id;
      }
    }
  } else {
    auto state = store.GetUrlState(what);
    if (!state.ok()) return Fail(state.status());
    page_id = state->page_id;
    url_state = *state;
    if (options.raw) return ShowPage(store, page_id, options);
    if (state->article_key.empty()) {
      return Fail(Status::NotFound("no article at " + what + " (page " +
                                   std::to_string(page_id) +
                                   "; use --raw to see it)"));
    }
    article = store.GetArticle(state->article_key);
    if (!article.ok()) return Fail(article.status());
  }
  if (options.raw) {
    if (page_id == 0) return Fail(Status::NotFound("no stored page for " + what));
    return ShowPage(store, page_id, options);
  }
  if (options.format == "json") {
    nlohmann::json json = ArticleRecordToJson(*article);
    // Asked by URL: what the crawler knows of it (last fetch, validators,
    // next revisit, the rules its article was last extracted with).
    if (url_state) json["url_state"] = UrlStateToJson(*url_state);
    std::cout << DumpJson(json, 2) << "\n";
  } else {
    PrintArticleText(*article);
  }
  return kExitOk;
}

}  // namespace newscrawl
