#include "extractor/extractor_set.h"

#include <utility>

namespace newscrawl {

Result<ExtractorSet> ExtractorSet::Create(const Config& config) {
  return Create(config, config.extract.profiles.get());
}

Result<ExtractorSet> ExtractorSet::Create(const Config& config,
                                          const SiteProfiles* profiles) {
  ExtractorSet set;
  for (const SiteConfig& site : config.sites) {
    const SiteProfile* profile = nullptr;
    if (profiles != nullptr) {
      auto it = profiles->find(site.name);
      if (it != profiles->end()) profile = &it->second;
    }
    Result<Extractor> extractor =
        Extractor::Create(config.extract, &site, profile);
    if (!extractor.ok()) {
      return extractor.status().WithContext("site " + site.name);
    }
    set.sites_.emplace(site.name,
                       std::make_shared<const Extractor>(std::move(*extractor)));
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(Extractor generic,
                             Extractor::Create(config.extract, nullptr));
  set.generic_ = std::make_shared<const Extractor>(std::move(generic));
  return set;
}

const Extractor& ExtractorSet::For(const std::string& site) const {
  auto it = sites_.find(site);
  return it == sites_.end() ? *generic_ : *it->second;
}

bool ExtractorSet::Has(const std::string& site) const {
  return sites_.count(site) != 0;
}

}  // namespace newscrawl
