// rules suggest: learns a site's page templates from its stored article
// pages (extractor/profile_learner.h) and prints a [site.rules] section.
#ifndef NEWSCRAWL_STORE_RULES_COMMAND_H_
#define NEWSCRAWL_STORE_RULES_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"
#include "config/result.h"
#include "extractor/site_profile.h"
#include "store/profile_refresh.h"  // LearnSiteProfile

namespace newscrawl {

// Runs `newscrawl rules suggest`; returns a process exit code.
int RunRulesSuggestCommand(const GlobalOptions& global, const Config& config,
                           const RulesSuggestOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_RULES_COMMAND_H_
