#include "store/import_command.h"

#include <cstdio>
#include <map>
#include <memory>

#include "extractor/extractor.h"
#include "store/store.h"

namespace newscrawl {
namespace {

// The Extractors of the sites met so far (one for pages of no config site).
class SiteExtractors {
 public:
  explicit SiteExtractors(const Config* config) : config_(config) {}

  Result<ExtractedPage> Extract(const SiteConfig* site, const std::string& url,
                                std::string_view html, std::string_view content_type) {
    const std::string name = site != nullptr ? site->name : "";
    auto it = extractors_.find(name);
    if (it == extractors_.end()) {
      Result<Extractor> created = Extractor::Create(config_->extract, site);
      if (!created.ok()) return created.status();
      it = extractors_.emplace(name, std::make_unique<Extractor>(std::move(*created))).first;
    }
    ExtractRequest request;
    request.url = url;
    request.content_type = std::string(content_type);
    NEWSCRAWL_ASSIGN_OR_RETURN(Article article, it->second->Extract(html, request));
    ExtractedPage page;
    page.fingerprint = it->second->RulesFingerprint();
    page.article = std::move(article);
    return page;
  }

 private:
  const Config* const config_;
  std::map<std::string, std::unique_ptr<Extractor>> extractors_;
};

}  // namespace

PageExtractFn MakeSiteExtractFn(const Config& config) {
  auto extractors = std::make_shared<SiteExtractors>(&config);
  return [extractors](const SiteConfig* site, const std::string& url, std::string_view html,
                      std::string_view content_type) {
    return extractors->Extract(site, url, html, content_type);
  };
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
  WarcImporter importer(store->get(), &config, MakeSiteExtractFn(config), import_options);
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
