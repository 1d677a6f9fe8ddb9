#include "extractor/extract_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <system_error>

#include "config/result.h"
#include "extractor/extractor.h"
#include "extractor/extractor_set.h"

namespace newscrawl {
namespace {

constexpr std::size_t kMaxInputBytes = 64 * 1024 * 1024;

Result<std::string> ReadInput(const std::string& path) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin),
                 std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound(path + ": cannot open");
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
    if (in.bad()) return Status::IOError(path + ": read failed");
  }
  if (bytes.size() > kMaxInputBytes) {
    return Status::TooLarge(path + ": larger than 64 MiB");
  }
  return bytes;
}

// "dir/page.html" -> "page"; "-" -> "stdin".
std::string OutputName(const std::string& path) {
  if (path == "-") return "stdin";
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  for (std::string_view ext : {".html", ".htm", ".xhtml"}) {
    if (name.size() > ext.size() &&
        name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      return name.substr(0, name.size() - ext.size());
    }
  }
  return name;
}

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError(path.string() + ": cannot create");
  out << text;
  out.close();
  if (!out) return Status::IOError(path.string() + ": write failed");
  return Status::Ok();
}

std::string AsText(const Article& article) {
  std::string out;
  out += article.title + "\n";
  if (!article.published.empty()) out += article.published + "\n";
  if (!article.author.empty()) out += article.author + "\n";
  out += "\n";
  out += article.body;
  out += "\n";
  return out;
}

}  // namespace

int RunExtractCommand(const GlobalOptions& /*global*/, const Config& config,
                      const ExtractOptions& options) {
  const SiteConfig* site = nullptr;
  if (!options.site.empty()) {
    site = config.FindSite(options.site);
    if (site == nullptr) {
      std::cerr << "newscrawl extract: no site named '" << options.site
                << "' in " << (config.path.empty() ? "the config" : config.path)
                << "\n";
      return kExitUsage;
    }
  }
  if (options.format != "text" && options.format != "json") {
    std::cerr << "newscrawl extract: --format must be text or json\n";
    return kExitUsage;
  }
  if (options.files.empty()) {
    std::cerr << "newscrawl extract: no input files\n";
    return kExitUsage;
  }
  // With --site, the site's rules and its learned profile if the caller
  // attached the store's profiles to `config` (config/cli.cc).
  Config used = config;
  if (site == nullptr) used.sites.clear();
  Result<ExtractorSet> extractors = ExtractorSet::Create(used);
  if (!extractors.ok()) {
    std::cerr << "newscrawl extract: " << extractors.status().ToString() << "\n";
    return kExitUsage;
  }
  const Extractor* extractor = &extractors->For(options.site);
  if (!options.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    if (ec) {
      std::cerr << "newscrawl extract: " << options.out_dir << ": "
                << ec.message() << "\n";
      return kExitFailure;
    }
  }
  ExtractRequest request;
  request.url = options.url;
  request.explain = options.explain;
  const bool many = options.files.size() > 1;
  int failed = 0;
  for (const std::string& path : options.files) {
    Result<std::string> bytes = ReadInput(path);
    Result<ExtractResult> result =
        bytes.ok() ? extractor->ExtractDetailed(*bytes, request)
                   : Result<ExtractResult>(bytes.status());
    if (!result.ok()) {
      std::cerr << "newscrawl extract: " << path << ": "
                << result.status().ToString() << "\n";
      ++failed;
      continue;
    }
    const Article& article = result->article;
    if (options.explain) {
      for (const std::string& line : result->explain) {
        std::cerr << path << ": " << line << "\n";
      }
      for (const std::string& miss : result->rule_misses) {
        std::cerr << path << ": rule matched nothing: " << miss << "\n";
      }
    }
    if (!options.out_dir.empty()) {
      const std::filesystem::path dir(options.out_dir);
      const std::string name = OutputName(path);
      Status s = WriteFile(dir / (name + ".txt"), article.body + "\n");
      if (s.ok()) {
        s = WriteFile(dir / (name + ".json"),
                      ArticleToJson(article).dump(2) + "\n");
      }
      if (!s.ok()) {
        std::cerr << "newscrawl extract: " << s.ToString() << "\n";
        ++failed;
      }
      continue;
    }
    if (options.format == "json") {
      std::cout << ArticleToJson(article).dump(many ? -1 : 2) << "\n";
    } else {
      if (many) std::cout << "==> " << path << " <==\n";
      std::cout << AsText(article);
      if (many) std::cout << "\n";
    }
  }
  std::cout.flush();
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace newscrawl
