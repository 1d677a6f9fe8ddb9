#include "store/import_command.h"

#include <cstdio>
#include <memory>
#include <utility>

#include "extractor/extractor_set.h"
#include "store/store.h"
#include "store/write_run.h"

namespace newscrawl {

Result<PageExtractFn> MakeSiteExtractFn(const Config& config) {
  NEWSCRAWL_ASSIGN_OR_RETURN(ExtractorSet created, ExtractorSet::Create(config));
  auto extractors = std::make_shared<const ExtractorSet>(std::move(created));
  return PageExtractFn([extractors](const SiteConfig* site, const std::string& url,
                                    std::string_view html, std::string_view content_type)
                           -> Result<ExtractedPage> {
    const Extractor& extractor = extractors->For(site != nullptr ? site->name : "");
    ExtractRequest request;
    request.url = url;
    request.content_type = std::string(content_type);
    NEWSCRAWL_ASSIGN_OR_RETURN(Article article, extractor.Extract(html, request));
    ExtractedPage page;
    page.fingerprint = extractor.RulesFingerprint();
    page.article = std::move(article);
    return page;
  });
}

int RunImportCommand(const GlobalOptions& global, const Config& config,
                     const ImportOptions& options) {
  StoreOptions store_options;
  store_options.near_duplicate_bits = config.store.near_duplicate_bits;
  Result<std::unique_ptr<Store>> store = Store::Open(global.store_dir, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl import: %s\n", store.status().ToString().c_str());
    return kExitFailure;
  }
  WarcImportOptions import_options;
  import_options.site = options.site;
  // As a crawl: a stale search index rebuilt, the learned profiles used.
  Result<Config> prepared = PrepareWriteRun(**store, "import", config);
  if (!prepared.ok()) {
    std::fprintf(stderr, "newscrawl import: %s\n",
                 prepared.status().ToString().c_str());
    return prepared.status().IsAborted() ? kExitInterrupted : kExitFailure;
  }
  const Config run_config = std::move(prepared).value();
  Result<PageExtractFn> extract = MakeSiteExtractFn(run_config);
  if (!extract.ok()) {
    std::fprintf(stderr, "newscrawl import: %s\n", extract.status().ToString().c_str());
    return kExitFailure;
  }
  WarcImporter importer(store->get(), &run_config, std::move(*extract), import_options);
  int exit_code = kExitOk;
  for (const std::string& file : options.files) {
    const Status s = importer.ImportFile(file);
    if (s.ok()) continue;
    if (s.IsAborted()) {
      exit_code = kExitInterrupted;
      break;
    }
    std::fprintf(stderr, "newscrawl import: %s\n", s.ToString().c_str());
    exit_code = kExitFailure;
    // A store error stops everything; a bad file only itself.
    if (importer.report().errors.empty() ||
        importer.report().errors.back() != s.message()) {
      break;
    }
  }
  if (global.verbosity >= 0 || exit_code != kExitOk) {
    std::fprintf(stdout, "newscrawl import: %s", importer.report().ToString().c_str());
  }
  return exit_code;
}

}  // namespace newscrawl
