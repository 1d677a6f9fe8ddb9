#include "config/ascii.h"
#include "store/warc_importer.h"

#include <xxhash.h>

#include <ctime>
#include <utility>

#include "config/interrupt.h"
#include "store/http_payload.h"
#include "store/store.h"
#include "store/utc_time.h"

namespace newscrawl {
namespace {

bool IsHtml(std::string_view media_type) {
  return media_type == "text/html" || media_type == "application/xhtml+xml";
}

// Untrusted text in a skip reason: short and printable.
std::string Short(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x20 && u < 0x7f ? c : '?');
  }
  return out;
}

}  // namespace

std::string UrlHost(std::string_view url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  std::size_t start;
  if (lower.rfind("http://", 0) == 0) {
    start = 7;
  } else if (lower.rfind("https://", 0) == 0) {
    start = 8;
  } else {
    return "";
  }
  std::string_view authority = url.substr(start);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    return AsciiLower(authority.substr(0, authority.find(']') + 1));
  }
  return AsciiLower(authority.substr(0, authority.find(':')));
}

std::uint64_t ImportReport::skipped_total() const {
  std::uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

std::string ImportReport::ToString() const {
  std::string out = std::to_string(files) + (files == 1 ? " file, " : " files, ") +
                    std::to_string(records) + " records read, " + std::to_string(pages) +
                    " pages imported, " + std::to_string(skipped_total()) + " skipped\n";
  out += "  articles: " + std::to_string(new_articles) + " new, " +
         std::to_string(same_article) + " same article at another URL, " +
         std::to_string(near_duplicates) + " near duplicates, " + std::to_string(edited) +
         " edited, " + std::to_string(unchanged) + " unchanged, " +
         std::to_string(no_article) + " pages without an article\n";
  for (const auto& [reason, count] : skipped) {
    out += "  skipped " + std::to_string(count) + ": " + reason + "\n";
  }
  for (const std::string& error : errors) out += "  error: " + error + "\n";
  return out;
}

WarcImporter::WarcImporter(Store* store, const Config* config, PageExtractFn extract,
                           WarcImportOptions options)
    : store_(store),
      config_(config),
      extract_(std::move(extract)),
      options_(std::move(options)) {}

std::pair<std::string, const SiteConfig*> WarcImporter::SiteFor(
    const std::string& url) const {
  if (!options_.site.empty()) return {options_.site, config_->FindSite(options_.site)};
  const std::string host = UrlHost(url);
  for (const SiteConfig& site : config_->sites) {
    for (const std::string& allowed : site.allowed_hosts) {
      if (AsciiLower(allowed) == host) return {site.name, &site};
    }
  }
  return {"unknown", nullptr};
}

std::optional<std::string> WarcImporter::Prepare(const WarcRecord& record) {
  const std::string type = record.type();
  if (type != "response") return Short(type.empty() ? "untyped" : type) + " record";
  const std::string url = record.target_uri();
  if (UrlHost(url).empty()) return "not an http(s) URL";
  Result<HttpResponse> http = ParseHttpResponse(record.block, options_.http);
  if (!http.ok()) {
    if (http.status().IsTooLarge()) return "HTTP message too large";
    if (http.status().IsUnsupported()) return "unsupported " + http.status().message();
    return "bad HTTP message";
  }
  if (http->status != 200) return "HTTP status " + std::to_string(http->status);
  const std::string media_type = http->MediaType();
  if (!IsHtml(media_type)) {
    return "not HTML (" + (media_type.empty() ? std::string("no type") : Short(media_type)) + ")";
  }

  // Importing the same record again adds nothing.
  if (Result<UrlState> state = store_->GetUrlState(url);
      state.ok() && state->page_id != 0 &&
      state->content_hash == XXH3_64bits(http->body.data(), http->body.size())) {
    return "already stored";
  }

  PageWrite write;
  PageRecord& page = write.page;
  page.url = url;
  page.status = http->status;
  const std::string_view date = record.Field("WARC-Date");
  Result<std::int64_t> fetch_time = ParseUtcTime(date);
  page.fetch_time = fetch_time.ok() ? *fetch_time : static_cast<std::int64_t>(std::time(nullptr));
  page.etag = std::string(FindHeader(http->headers, "ETag"));
  page.last_modified = std::string(FindHeader(http->headers, "Last-Modified"));
  page.content_type = std::string(FindHeader(http->headers, "Content-Type"));
  const std::string_view location = FindHeader(http->headers, "Content-Location");
  if (!UrlHost(location).empty() && location != url) page.final_url = std::string(location);
  const auto [site_name, site] = SiteFor(url);
  page.site = site_name;
  Result<ExtractedPage> extracted = extract_(site, url, http->body, page.content_type);
  if (!extracted.ok()) return "extraction failed";
  page.fingerprint = std::move(extracted->fingerprint);
  page.body = std::move(http->body);
  const bool has_article = extracted->article && !extracted->article->body.empty();
  write.kind = has_article ? UrlKind::kArticle : UrlKind::kOther;
  if (has_article) write.article = std::move(extracted->article);
  batch_.AddPage(std::move(write));
  return std::nullopt;
}

Status WarcImporter::Flush() {
  if (batch_.empty()) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(std::vector<PageWriteResult> results, store_->Write(batch_));
  batch_.Clear();
  for (const PageWriteResult& result : results) {
    ++report_.pages;
    switch (result.outcome) {
      case WriteOutcome::kNewArticle: ++report_.new_articles; break;
      case WriteOutcome::kSameArticleNewUrl: ++report_.same_article; break;
      case WriteOutcome::kNearDuplicate: ++report_.near_duplicates; break;
      case WriteOutcome::kEdited: ++report_.edited; break;
      case WriteOutcome::kUnchanged: ++report_.unchanged; break;
      case WriteOutcome::kNoArticle: ++report_.no_article; break;
    }
  }
  return Status::Ok();
}

Status WarcImporter::ImportFile(const std::string& path) {
  ++report_.files;
  Result<std::unique_ptr<WarcReader>> reader = WarcReader::Open(path, options_.reader);
  if (!reader.ok()) {
    report_.errors.push_back(reader.status().message());
    return reader.status();
  }
  Status file_status;
  WarcRecord record;
  while (true) {
    if (InterruptRequested()) {
      NEWSCRAWL_RETURN_IF_ERROR(Flush());
      return Status::Aborted("import interrupted");
    }
    Result<bool> more = (*reader)->Next(&record);
    if (!more.ok()) {
      ++report_.records;
      if ((*reader)->CanContinue()) {
        Skip("record too large");
        continue;
      }
      Skip("unreadable rest of a file");
      report_.errors.push_back(more.status().message());
      file_status = more.status();
      break;
    }
    if (!*more) break;
    ++report_.records;
    if (std::optional<std::string> reason = Prepare(record)) {
      Skip(*reason);
      continue;
    }
    if (batch_.page_count() >= options_.batch_pages) NEWSCRAWL_RETURN_IF_ERROR(Flush());
  }
  NEWSCRAWL_RETURN_IF_ERROR(Flush());
  return file_status;
}

}  // namespace newscrawl
