// SiteProfile: what newscrawl learned about one site's page templates from
// its stored pages (see ProfileLearner): per template, the article container
// and the template blocks (site-wide lists, related boxes, menus, share
// bars) that extraction drops even where the generic heuristics would keep
// them.  Blocks are named by structural signature (extractor/page_blocks.h).
//
// A profile is a value: built by ProfileLearner, stored as JSON in the
// store, applied read-only from any number of threads.
#ifndef NEWSCRAWL_EXTRACTOR_SITE_PROFILE_H_
#define NEWSCRAWL_EXTRACTOR_SITE_PROFILE_H_

#include <gumbo.h>

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "config/result.h"
#include "extractor/page_blocks.h"

namespace newscrawl {

struct ProfileBlock {
  std::string signature;
  std::uint32_t pages = 0;  // pages of the template it occurs on
  std::string reason;       // "dropped on 23 of 24 pages", "same text ..."
};

struct ProfileTemplate {
  std::uint32_t pages = 0;        // pages it was learned from
  std::string container;          // signature of the article container
  std::uint32_t container_pages = 0;  // pages whose content sat exactly there
  std::vector<ProfileBlock> drop;     // outermost template blocks
  // Container-level signatures on at least half of the pages, sorted; a
  // page is matched to the template whose structure it shares most.
  std::vector<std::string> structure;
};

// The decisions of a profile for one page.
struct ProfileDecision {
  int template_index = -1;  // -1: no template matches, profile not used
  double similarity = 0;
  const GumboNode* container = nullptr;  // nullptr: keep the generic choice
  struct Drop {
    const GumboNode* node;
    const ProfileBlock* block;
  };
  std::vector<Drop> drops;  // outermost nodes only
};

class SiteProfile {
 public:
  static constexpr int kVersion = 1;
  // A page must share at least this much structure with a template.
  static constexpr double kMinSimilarity = 0.5;

  std::string site;
  int version = kVersion;
  std::uint32_t pages = 0;  // pages learned from, all templates
  std::int64_t learned_at = 0;  // Unix seconds, 0: unknown
  // What it was learned from (store/profile_refresh.cc: a hash of the
  // learning settings and the sample's pages and bodies); empty: unknown.
  // A refresh whose sample has the same key keeps the profile.
  std::string sample_key;
  std::vector<ProfileTemplate> templates;

  bool empty() const { return templates.empty(); }

  // What the profile's decisions depend on (version, per template its
  // container, drop and structure signatures), without page counts or
  // reasons: two profiles with the same key decide the same on any page.
  // Part of Extractor::RulesFingerprint.
  std::string DecisionKey() const;

  // Which template `page` follows and what to drop and keep on it.
  ProfileDecision Apply(const PageBlocks& page) const;

  // A [site.rules] TOML section with the body and drop selectors, each line
  // commented with the pages it applies to.  Pasted into sites.toml under
  // the site's [[site]] table, it reproduces the profile's decisions.
  std::string SuggestRules() const;

  nlohmann::json ToJson() const;
  // InvalidArgument for a malformed profile; Unsupported for a newer
  // version (the caller relearns it).
  static Result<SiteProfile> FromJson(const nlohmann::json& json);
};

// Learned profiles by site name (Config::extract.profiles, ExtractorSet).
using SiteProfiles = std::map<std::string, SiteProfile>;

// The set of container-level signatures of a page, sorted (for matching).
std::vector<std::string> StructureOf(const PageBlocks& page);

// Jaccard similarity of two sorted signature sets.
double Similarity(const std::vector<std::string>& a,
                  const std::vector<std::string>& b);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_SITE_PROFILE_H_
