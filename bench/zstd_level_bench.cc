// zstd_level_bench: size against speed of the store's zstd levels on real
// inputs, to choose the levels of the raw page (StoreOptions::zstd_level)
// and of the article record (record_codec.cc).  Every *.html file of DIR is
// a raw page; every *.txt file is an article body.  Each input is compressed
// alone with one reused context (ZstdCodec), as the store does, at levels
// -7 .. 6; the table gives the compressed size against the input and the
// compression and decompression speed per CPU-second, with the ratio of
// each level's speed against level 3's (the peer: zstd's default).
//
//   zstd_level_bench DIR [--rounds N]
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "store/zstd_codec.h"

namespace {

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct LevelFigures {
  int level = 0;
  double ratio = 0;         // compressed / input
  double compress_mbs = 0;  // input MB per CPU-second
  double decompress_mbs = 0;
};

LevelFigures Measure(const std::vector<std::string>& inputs, int level,
                     int rounds) {
  newscrawl::ZstdCodec codec;
  std::vector<std::string> frames(inputs.size());
  std::size_t in_bytes = 0;
  std::size_t out_bytes = 0;
  double start = CpuSeconds();
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      frames[i].clear();
      if (!codec.Compress(inputs[i], level, &frames[i]).ok()) {
        std::fprintf(stderr, "zstd_level_bench: compress failed\n");
        std::exit(1);
      }
    }
  }
  const double compress_secs = CpuSeconds() - start;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    in_bytes += inputs[i].size();
    out_bytes += frames[i].size();
  }
  std::string plain;
  start = CpuSeconds();
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!codec.Decompress(frames[i], inputs[i].size(), &plain).ok() ||
          plain != inputs[i]) {
        std::fprintf(stderr, "zstd_level_bench: round trip failed\n");
        std::exit(1);
      }
    }
  }
  const double decompress_secs = CpuSeconds() - start;
  const double mb = static_cast<double>(in_bytes) * rounds / 1e6;
  return {level, static_cast<double>(out_bytes) / static_cast<double>(in_bytes),
          mb / compress_secs, mb / decompress_secs};
}

void Report(const char* what, const std::vector<std::string>& inputs,
            int rounds) {
  std::size_t bytes = 0;
  for (const std::string& s : inputs) bytes += s.size();
  std::printf("%s: %zu files, %.2f MB, mean %.1f KB\n", what, inputs.size(),
              static_cast<double>(bytes) / 1e6,
              inputs.empty() ? 0.0
                             : static_cast<double>(bytes) / 1024.0 /
                                   static_cast<double>(inputs.size()));
  if (inputs.empty()) return;
  std::vector<LevelFigures> rows;
  for (int level = -7; level <= 6; ++level) {
    if (level == 0) continue;  // 0 means "the default" (3)
    rows.push_back(Measure(inputs, level, rounds));
  }
  const auto peer =
      std::find_if(rows.begin(), rows.end(),
                   [](const LevelFigures& f) { return f.level == 3; });
  std::printf(
      "  level  size/input  compress MB/s  (x level 3)  decompress MB/s\n");
  for (const LevelFigures& f : rows) {
    std::printf("  %5d  %10.3f  %12.0f  %11.2f  %15.0f\n", f.level, f.ratio,
                f.compress_mbs, f.compress_mbs / peer->compress_mbs,
                f.decompress_mbs);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: zstd_level_bench DIR [--rounds N]\n");
    return 2;
  }
  int rounds = 5;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--rounds")
      rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  std::vector<std::string> pages;
  std::vector<std::string> articles;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string ext = path.extension().string();
    if (ext != ".html" && ext != ".txt") continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    (ext == ".html" ? pages : articles).push_back(text.str());
  }
  if (ec || (pages.empty() && articles.empty())) {
    std::fprintf(stderr, "zstd_level_bench: no .html or .txt files in %s\n",
                 argv[1]);
    return 1;
  }
  Report("raw pages (.html)", pages, rounds);
  Report("article bodies (.txt)", articles, rounds);
  return 0;
}
