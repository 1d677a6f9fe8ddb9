#include "extractor/site_profile.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace newscrawl {
namespace {

std::string_view LastStepTag(std::string_view signature) {
  const std::size_t gt = signature.rfind('>');
  std::string_view step =
      gt == std::string_view::npos ? signature : signature.substr(gt + 1);
  const std::size_t end = step.find_first_of(".#");
  return end == std::string_view::npos ? step : step.substr(0, end);
}

bool IsStructural(std::string_view tag) {
  static const std::unordered_set<std::string_view> kTags = {
      "body", "div",   "section", "article", "aside", "header", "footer",
      "nav",  "main",  "ul",      "ol",      "table", "form",   "figure"};
  return kTags.count(tag) > 0;
}

bool EndsWithSteps(std::string_view signature, std::string_view suffix) {
  if (signature == suffix) return true;
  return signature.size() > suffix.size() &&
         signature.substr(signature.size() - suffix.size()) == suffix &&
         signature[signature.size() - suffix.size() - 1] == '>';
}

bool HasClassOrId(std::string_view suffix) {
  const std::size_t gt = suffix.rfind('>');
  const std::string_view step =
      gt == std::string_view::npos ? suffix : suffix.substr(gt + 1);
  return step.find_first_of(".#") != std::string_view::npos;
}

// The shortest suffix of `signature` that no other known signature ends
// with, with a class or id in its last step where the path allows.
std::string ShortSelector(const std::string& signature,
                          const std::vector<std::string>& known) {
  const int steps = static_cast<int>(
      std::count(signature.begin(), signature.end(), '>') + 1);
  for (int n = 1; n <= steps; ++n) {
    const std::string suffix = SignatureSuffix(signature, n);
    if (!HasClassOrId(suffix) && n < steps) continue;
    bool unique = true;
    for (const std::string& other : known) {
      if (other != signature && EndsWithSteps(other, suffix)) {
        unique = false;
        break;
      }
    }
    if (unique) return SignatureToSelector(suffix);
  }
  return SignatureToSelector(signature);
}

std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<std::string> StructureOf(const PageBlocks& page) {
  std::vector<std::string> out;
  std::vector<bool> seen(page.signatures().size(), false);
  for (const PageBlock& b : page.blocks()) {
    if (seen[b.signature]) continue;
    seen[b.signature] = true;
    const std::string& sig = page.signature(b);
    if (IsStructural(LastStepTag(sig))) out.push_back(sig);
  }
  std::sort(out.begin(), out.end());
  return out;
}

double Similarity(const std::vector<std::string>& a,
                  const std::vector<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  const std::size_t total = a.size() + b.size() - common;
  return static_cast<double>(common) / static_cast<double>(total);
}

ProfileDecision SiteProfile::Apply(const PageBlocks& page) const {
  ProfileDecision decision;
  if (templates.empty()) return decision;
  const std::vector<std::string> structure = StructureOf(page);
  for (std::size_t t = 0; t < templates.size(); ++t) {
    const double s = Similarity(structure, templates[t].structure);
    if (s > decision.similarity) {
      decision.similarity = s;
      decision.template_index = static_cast<int>(t);
    }
  }
  if (decision.similarity < kMinSimilarity) {
    decision.template_index = -1;
    return decision;
  }
  const ProfileTemplate& tpl =
      templates[static_cast<std::size_t>(decision.template_index)];
  // Signature index of this page -> the template's drop entry.
  std::vector<const ProfileBlock*> drop_of(page.signatures().size(), nullptr);
  for (const ProfileBlock& block : tpl.drop) {
    const std::int32_t index = page.FindSignature(block.signature);
    if (index >= 0) drop_of[static_cast<std::size_t>(index)] = &block;
  }
  const std::int32_t container_index = page.FindSignature(tpl.container);
  int containers = 0;
  const GumboNode* container = nullptr;
  std::vector<bool> dropped(page.blocks().size(), false);
  for (std::size_t i = 0; i < page.blocks().size(); ++i) {
    const PageBlock& b = page.blocks()[i];
    const bool parent_dropped =
        b.parent >= 0 && dropped[static_cast<std::size_t>(b.parent)];
    const ProfileBlock* block = drop_of[b.signature];
    dropped[i] = parent_dropped || block != nullptr;
    if (block != nullptr && !parent_dropped) {
      decision.drops.push_back({b.node, block});
    }
    if (container_index >= 0 &&
        b.signature == static_cast<std::uint32_t>(container_index)) {
      ++containers;
      container = b.node;
    }
  }
  if (containers == 1) decision.container = container;
  return decision;
}

std::string SiteProfile::DecisionKey() const {
  std::string key("profile-v");
  key.append(std::to_string(version)).append("\n");
  auto add = [&key](char kind, const std::string& value) {
    key += kind;
    key += std::to_string(value.size());
    key += ':';
    key += value;
    key += '\n';
  };
  for (const ProfileTemplate& t : templates) {
    key += "template\n";
    add('c', t.container);
    std::vector<std::string> drops;
    for (const ProfileBlock& b : t.drop) drops.push_back(b.signature);
    std::sort(drops.begin(), drops.end());
    for (const std::string& d : drops) add('d', d);
    for (const std::string& s : t.structure) add('s', s);
  }
  return key;
}

std::string SiteProfile::SuggestRules() const {
  std::string out = "# newscrawl rules suggest: learned from " +
                    std::to_string(pages) + " pages of " + site + " (" +
                    std::to_string(templates.size()) +
                    " template(s), profile v" + std::to_string(version) +
                    ").\n# Paste under the site's [[site]] table, then "
                    "check the effect with\n#   newscrawl reextract --site " +
                    site + " --dry-run --diff 5\n";
  if (templates.empty()) {
    return out + "# Not enough pages to learn from: no rules.\n";
  }
  std::vector<std::string> bodies;
  std::string body_comment;
  std::vector<std::pair<std::string, std::string>> drops;  // selector, note
  for (std::size_t t = 0; t < templates.size(); ++t) {
    const ProfileTemplate& tpl = templates[t];
    std::vector<std::string> known = tpl.structure;
    for (const ProfileBlock& b : tpl.drop) known.push_back(b.signature);
    if (!tpl.container.empty()) known.push_back(tpl.container);
    const std::string label = "template " + std::to_string(t + 1);
    if (!tpl.container.empty()) {
      const std::string sel = ShortSelector(tpl.container, known);
      if (std::find(bodies.begin(), bodies.end(), sel) == bodies.end()) {
        bodies.push_back(sel);
      }
      body_comment += (body_comment.empty() ? "" : "; ") + label +
                      ": content on " + std::to_string(tpl.container_pages) +
                      " of " + std::to_string(tpl.pages) + " pages";
    }
    for (const ProfileBlock& b : tpl.drop) {
      const std::string sel = ShortSelector(b.signature, known);
      const std::string note = label + ": on " + std::to_string(b.pages) +
                               " of " + std::to_string(tpl.pages) +
                               " pages, " + b.reason;
      auto it = std::find_if(drops.begin(), drops.end(),
                             [&](const auto& d) { return d.first == sel; });
      if (it == drops.end()) {
        drops.emplace_back(sel, note);
      } else {
        it->second += "; " + note;
      }
    }
  }
  out += "[site.rules]\n";
  if (!bodies.empty()) {
    std::string joined;
    for (const std::string& b : bodies) joined += (joined.empty() ? "" : ", ") + b;
    out += "body = " + TomlString(joined) + "  # " + body_comment + "\n";
  }
  out += "drop = [\n";
  for (const auto& [sel, note] : drops) {
    out += "  " + TomlString(sel) + ",  # " + note + "\n";
  }
  out += "]\n";
  return out;
}

nlohmann::json SiteProfile::ToJson() const {
  nlohmann::json tpls = nlohmann::json::array();
  for (const ProfileTemplate& t : templates) {
    nlohmann::json drop = nlohmann::json::array();
    for (const ProfileBlock& b : t.drop) {
      drop.push_back(
          {{"signature", b.signature}, {"pages", b.pages}, {"reason", b.reason}});
    }
    tpls.push_back({{"pages", t.pages},
                    {"container", t.container},
                    {"container_pages", t.container_pages},
                    {"drop", drop},
                    {"structure", t.structure}});
  }
  nlohmann::json json = {{"site", site},
                         {"version", version},
                         {"pages", pages},
                         {"learned_at", learned_at},
                         {"templates", tpls}};
  if (!sample_key.empty()) json["sample"] = sample_key;
  return json;
}

Result<SiteProfile> SiteProfile::FromJson(const nlohmann::json& json) {
  if (!json.is_object()) return Status::InvalidArgument("profile: not an object");
  SiteProfile p;
  try {
    p.version = json.at("version").get<int>();
    if (p.version > kVersion) {
      return Status::Unsupported("profile version " + std::to_string(p.version) +
                                 " is newer than this newscrawl's " +
                                 std::to_string(kVersion));
    }
    p.site = json.at("site").get<std::string>();
    p.pages = json.at("pages").get<std::uint32_t>();
    p.learned_at = json.value("learned_at", std::int64_t{0});
    p.sample_key = json.value("sample", std::string());
    for (const auto& t : json.at("templates")) {
      ProfileTemplate tpl;
      tpl.pages = t.at("pages").get<std::uint32_t>();
      tpl.container = t.at("container").get<std::string>();
      tpl.container_pages = t.at("container_pages").get<std::uint32_t>();
      for (const auto& b : t.at("drop")) {
        tpl.drop.push_back({b.at("signature").get<std::string>(),
                            b.at("pages").get<std::uint32_t>(),
                            b.at("reason").get<std::string>()});
      }
      tpl.structure = t.at("structure").get<std::vector<std::string>>();
      std::sort(tpl.structure.begin(), tpl.structure.end());
      p.templates.push_back(std::move(tpl));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("profile: ") + e.what());
  }
  return p;
}

}  // namespace newscrawl
