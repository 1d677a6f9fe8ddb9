#include "tests/support/run_io.h"

#include <thread>

namespace newscrawl::testing {

bool RunIoUntil(boost::asio::io_context& io, const std::function<bool()>& done,
                std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    if (io.run_one_for(std::chrono::milliseconds(50)) == 0 && io.stopped()) {
      // No work at all: nothing can make done() true but another thread.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  return true;
}

void RunIoFor(boost::asio::io_context& io, std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    if (io.run_one_until(deadline) == 0 && io.stopped()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

}  // namespace newscrawl::testing
