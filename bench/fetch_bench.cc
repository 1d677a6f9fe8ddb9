// fetch_bench: how fast the Fetcher downloads pages from a local server,
// against the curl command-line tool (--parallel) over the same URLs in the
// same run.
//
//   fetch_bench [--pages 20000] [--concurrency 64] [--page-bytes 16384]
//               [--no-curl]
//
// The server (tests/support HttpTestServer: Beast, one thread per
// connection, keep-alive) runs in a forked child process, so the figures of
// each client are its own: wall time, CPU seconds (user+sys) and peak RSS.
// Both clients keep `concurrency` transfers in flight over at most that
// many connections.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "crawler/fetcher.h"
#include "tests/support/child_http_server.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double seconds = 0;
  double cpu_seconds = 0;
  long peak_rss_kb = 0;
  long pages = 0;
  long failed = 0;
};

double CpuSeconds(const rusage& ru) {
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// VmHWM (peak resident set) of a running process in kB; 0 if unknown.
long VmHwmKb(pid_t pid) {
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
  if (f == nullptr) return 0;
  char line[256];
  long kb = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) kb = std::atol(line + 6);
  }
  std::fclose(f);
  return kb;
}

Figures RunFetcher(const std::string& base, long pages, int concurrency) {
  boost::asio::io_context io;
  newscrawl::FetcherOptions options;
  options.max_connections = concurrency;
  newscrawl::Fetcher fetcher(io, options);
  Figures f;
  long started = 0;
  std::function<void()> start_one = [&] {
    newscrawl::FetchRequest request;
    request.url = base + "/page/" + std::to_string(++started);
    fetcher.Fetch(std::move(request), [&](newscrawl::FetchResult r) {
      ++f.pages;
      if (!r.status.ok() || r.http_status != 200) ++f.failed;
      if (started < pages) {
        start_one();
      } else if (f.pages == pages) {
        io.stop();
      }
    });
  };
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const auto t0 = Clock::now();
  for (int i = 0; i < concurrency && started < pages; ++i) start_one();
  io.run();
  f.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  f.cpu_seconds = CpuSeconds(after) - CpuSeconds(before);
  f.peak_rss_kb = after.ru_maxrss;
  return f;
}

Figures RunCurl(const std::string& base, long pages, int concurrency) {
  const std::string glob = base + "/page/[1-" + std::to_string(pages) + "]";
  const std::string max = std::to_string(concurrency);
  std::vector<std::string> args = {"curl", "-s", "--no-progress-meter", "--parallel",
                                   "--parallel-immediate", "--parallel-max",
                                   max, glob};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  Figures f;
  const auto t0 = Clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, "curl", &actions, nullptr, argv.data(), environ) != 0) {
    std::fprintf(stderr, "cannot run curl\n");
    f.failed = pages;
    return f;
  }
  // The child's ru_maxrss is useless here: exec records the high-water
  // mark of the mm it replaces, which posix_spawn shares with this process.
  // curl's own peak is VmHWM of its new mm, sampled until it exits.
  int status = 0;
  rusage ru{};
  long hwm_kb = 0;
  while (wait4(pid, &status, WNOHANG, &ru) == 0) {
    hwm_kb = std::max(hwm_kb, VmHwmKb(pid));
    usleep(2000);
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  posix_spawn_file_actions_destroy(&actions);
  f.cpu_seconds = CpuSeconds(ru);
  f.peak_rss_kb = hwm_kb;
  f.pages = pages;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) f.failed = pages;
  return f;
}

void Print(const char* name, const Figures& f) {
  std::printf("%-22s %8ld pages %7.2f s %9.0f pages/s %6.2f cpu-s %7.1f MB peak RSS (%ld kB)%s\n",
              name, f.pages, f.seconds, static_cast<double>(f.pages) / f.seconds,
              f.cpu_seconds, static_cast<double>(f.peak_rss_kb) / 1024.0, f.peak_rss_kb,
              f.failed ? "  (FAILURES)" : "");
}

}  // namespace

int main(int argc, char** argv) {
  long pages = 20000;
  int concurrency = 64;
  std::size_t page_bytes = 16384;
  bool run_curl = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--pages") {
      pages = std::atol(next());
    } else if (arg == "--concurrency") {
      concurrency = std::atoi(next());
    } else if (arg == "--page-bytes") {
      page_bytes = static_cast<std::size_t>(std::atol(next()));
    } else if (arg == "--no-curl") {
      run_curl = false;
    } else {
      std::fprintf(stderr,
                   "usage: fetch_bench [--pages N] [--concurrency C] "
                   "[--page-bytes B] [--no-curl]\n");
      return 2;
    }
  }
  if (pages <= 0 || concurrency <= 0) return 2;

  // The server forks before this process starts any thread.
  std::string page = "<!doctype html><html><head><title>Tin</title></head><body>";
  while (page.size() + 20 < page_bytes) page += "<p>Người lao động</p>";
  page += "</body></html>";
  const newscrawl::testing::ChildHttpServer server(
      [&page](newscrawl::testing::HttpTestServer& s) {
        s.Serve("/page/*", newscrawl::testing::TestResponse::Text(page));
      });
  if (!server.ok()) return 1;
  const std::string base = server.Url("");

  std::printf("fetch_bench: %ld pages of %zu bytes, concurrency %d, server %s\n",
              pages, page_bytes, concurrency, base.c_str());
  const Figures ours = RunFetcher(base, pages, concurrency);
  Print("newscrawl Fetcher", ours);
  if (run_curl) {
    const Figures curl = RunCurl(base, pages, concurrency);
    Print("curl --parallel", curl);
    const double ratio = (static_cast<double>(ours.pages) / ours.seconds) /
                         (static_cast<double>(curl.pages) / curl.seconds);
    std::printf("ratio Fetcher/curl pages/s: %.2fx\n", ratio);
  }
  return ours.failed == 0 ? 0 : 1;
}
