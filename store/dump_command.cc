#include "store/dump_command.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <set>
#include <string>

#include "config/interrupt.h"
#include "store/article_jsonl.h"
#include "store/article_text.h"
#include "store/output_file.h"
#include "store/store.h"
#include "store/utc_time.h"
#include "store/warc_writer.h"

namespace newscrawl {
namespace {

// Output is appended in blocks of about this size.
constexpr std::size_t kBlock = 256 * 1024;

Status Interrupted() { return Status::Aborted("dump interrupted"); }

// Calls `fn` for every article of the selected sites (all sites when none
// is given).
Status ForEachSelectedArticle(Store& store, const DumpOptions& options,
                              const std::function<Status(const ArticleRecord&)>& fn) {
  std::vector<std::string> sites = options.sites;
  if (sites.empty()) sites.emplace_back();  // "" = every site
  std::set<std::string> seen;
  for (const std::string& site : sites) {
    if (!seen.insert(site).second) continue;
    ArticleFilter filter;
    filter.site = site;
    filter.since = options.since;
    filter.until = options.until;
    NEWSCRAWL_RETURN_IF_ERROR(store.ForEachArticle(filter, fn));
  }
  return Status::Ok();
}

Status DumpJsonl(Store& store, const DumpOptions& options, DumpSummary* summary) {
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out,
                             OutputFile::Create(options.out));
  std::string block;
  block.reserve(kBlock * 2);
  const Status walked = ForEachSelectedArticle(
      store, options, [&](const ArticleRecord& record) -> Status {
        if (InterruptRequested()) return Interrupted();
        AppendArticleJsonLine(record, &block);
        ++summary->articles;
        if (block.size() >= kBlock) {
          NEWSCRAWL_RETURN_IF_ERROR(out->Append(block));
          block.clear();
        }
        return Status::Ok();
      });
  NEWSCRAWL_RETURN_IF_ERROR(walked);
  NEWSCRAWL_RETURN_IF_ERROR(out->Append(block));
  NEWSCRAWL_RETURN_IF_ERROR(out->Commit());
  summary->files = 1;
  summary->bytes = out->bytes_written();
  return Status::Ok();
}

// mkdir -p for `dir` (relative parts only are created; existing ones kept).
Status MakeDirs(const std::string& dir) {
  for (std::size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string part = dir.substr(0, slash);
    if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
      return PosixError("create directory " + part, errno);
    }
    if (slash == std::string::npos) break;
  }
  return Status::Ok();
}

Status DumpText(Store& store, const DumpOptions& options, DumpSummary* summary) {
  if (options.out == "-") {
    NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out, OutputFile::Create("-"));
    const Status walked = ForEachSelectedArticle(
        store, options, [&](const ArticleRecord& record) -> Status {
          if (InterruptRequested()) return Interrupted();
          ++summary->articles;
          NEWSCRAWL_RETURN_IF_ERROR(
              out->Append("==> " + ArticleTextPath(record) + " <==\n"));
          return out->Append(ArticleText(record));
        });
    NEWSCRAWL_RETURN_IF_ERROR(walked);
    NEWSCRAWL_RETURN_IF_ERROR(out->Commit());
    summary->files = 1;
    summary->bytes = out->bytes_written();
    return Status::Ok();
  }
  NEWSCRAWL_RETURN_IF_ERROR(MakeDirs(options.out));
  std::set<std::string> made;  // directories known to exist (one per day)
  return ForEachSelectedArticle(store, options, [&](const ArticleRecord& record) -> Status {
    if (InterruptRequested()) return Interrupted();
    const std::string path = options.out + "/" + ArticleTextPath(record);
    const std::string dir = path.substr(0, path.rfind('/'));
    if (made.insert(dir).second) NEWSCRAWL_RETURN_IF_ERROR(MakeDirs(dir));
    NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out, OutputFile::Create(path));
    NEWSCRAWL_RETURN_IF_ERROR(out->Append(ArticleText(record)));
    NEWSCRAWL_RETURN_IF_ERROR(out->Commit());
    ++summary->articles;
    ++summary->files;
    summary->bytes += out->bytes_written();
    return Status::Ok();
  });
}

WarcResponse ToWarcResponse(const PageRecord& page) {
  WarcResponse response;
  response.target_uri = page.url;
  response.fetch_time = page.fetch_time;
  response.status = page.status;
  if (!page.content_type.empty()) response.headers.emplace_back("Content-Type", page.content_type);
  if (!page.etag.empty()) response.headers.emplace_back("ETag", page.etag);
  if (!page.last_modified.empty()) {
    response.headers.emplace_back("Last-Modified", page.last_modified);
  }
  if (!page.final_url.empty() && page.final_url != page.url) {
    response.headers.emplace_back("Content-Location", page.final_url);
  }
  response.body = page.body;
  return response;
}

Status DumpWarc(Store& store, const DumpOptions& options, DumpSummary* summary) {
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out,
                             OutputFile::Create(options.out));
  WarcWriter warc(out.get());
  std::string filename = options.out == "-" ? "" : options.out;
  filename = filename.substr(filename.rfind('/') + 1);
  NEWSCRAWL_RETURN_IF_ERROR(warc.WriteWarcinfo(filename));
  const std::set<std::string> sites(options.sites.begin(), options.sites.end());
  const Status walked = store.ForEachPage(
      true, [&](std::uint64_t, const PageRecord& page) -> Status {
        if (InterruptRequested()) return Interrupted();
        if (!sites.empty() && sites.count(page.site) == 0) return Status::Ok();
        if (!options.since.empty() || !options.until.empty()) {
          const std::string date = FormatUtcDate(page.fetch_time);
          if (!options.since.empty() && date < options.since) return Status::Ok();
          if (!options.until.empty() && date > options.until) return Status::Ok();
        }
        ++summary->pages;
        return warc.WriteResponse(ToWarcResponse(page));
      });
  NEWSCRAWL_RETURN_IF_ERROR(walked);
  NEWSCRAWL_RETURN_IF_ERROR(out->Commit());
  summary->files = 1;
  summary->bytes = out->bytes_written();
  return Status::Ok();
}

}  // namespace

Status ValidateDumpOptions(const DumpOptions& options) {
  if (options.format != "jsonl" && options.format != "text" && options.format != "warc") {
    return Status::InvalidArgument("--format must be jsonl, text or warc, not '" +
                                   options.format + "'");
  }
  if (options.out.empty()) return Status::InvalidArgument("--out is required");
  for (const auto& [flag, value] : {std::pair<const char*, const std::string*>{
                                        "--since", &options.since},
                                    {"--until", &options.until}}) {
    if (!value->empty() && !IsValidDate(*value)) {
      return Status::InvalidArgument(std::string(flag) + " must be a date YYYY-MM-DD, not '" +
                                     *value + "'");
    }
  }
  if (!options.since.empty() && !options.until.empty() && options.since > options.until) {
    return Status::InvalidArgument("--since " + options.since + " is after --until " +
                                   options.until);
  }
  return Status::Ok();
}

Result<DumpSummary> DumpStore(Store& store, const DumpOptions& options) {
  NEWSCRAWL_RETURN_IF_ERROR(ValidateDumpOptions(options));
  DumpSummary summary;
  Status status;
  if (options.format == "jsonl") {
    status = DumpJsonl(store, options, &summary);
  } else if (options.format == "text") {
    status = DumpText(store, options, &summary);
  } else {
    status = DumpWarc(store, options, &summary);
  }
  if (!status.ok()) return status;
  return summary;
}

int RunDumpCommand(const GlobalOptions& global, const Config& /*config*/,
                   const DumpOptions& options) {
  if (Status s = ValidateDumpOptions(options); !s.ok()) {
    std::fprintf(stderr, "newscrawl dump: %s\n", s.message().c_str());
    return kExitUsage;
  }
  StoreOptions store_options;
  store_options.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(global.store_dir, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl dump: %s\n", store.status().ToString().c_str());
    return kExitFailure;
  }
  Result<DumpSummary> summary = DumpStore(**store, options);
  if (!summary.ok()) {
    std::fprintf(stderr, "newscrawl dump: %s\n", summary.status().ToString().c_str());
    return summary.status().IsAborted() ? kExitInterrupted : kExitFailure;
  }
  if (global.verbosity >= 0) {
    const char* what = options.format == "warc" ? "pages" : "articles";
    std::fprintf(stderr, "newscrawl dump: %llu %s, %llu files, %llu bytes -> %s\n",
                 static_cast<unsigned long long>(options.format == "warc" ? summary->pages
                                                                         : summary->articles),
                 what, static_cast<unsigned long long>(summary->files),
                 static_cast<unsigned long long>(summary->bytes),
                 options.out == "-" ? "stdout" : options.out.c_str());
  }
  return kExitOk;
}

}  // namespace newscrawl
