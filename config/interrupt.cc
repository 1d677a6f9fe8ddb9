#include "config/interrupt.h"

#include <signal.h>

#include <atomic>

namespace newscrawl {
namespace {

std::atomic<int> g_signal{0};
std::atomic<bool> g_requested{false};
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int signo) {
  if (g_requested.exchange(true)) {
    // Second signal: the user insists; fall back to the default action.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(signo, &dfl, nullptr);
    raise(signo);
    return;
  }
  g_signal.store(signo);
}

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR promptly
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool InterruptRequested() noexcept { return g_requested.load(); }

int InterruptSignal() noexcept { return g_signal.load(); }

void RequestInterrupt() noexcept { g_requested.store(true); }

void ResetInterrupt() noexcept {
  g_requested.store(false);
  g_signal.store(0);
}

}  // namespace newscrawl
