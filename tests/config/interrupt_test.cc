#include "config/interrupt.h"

#include <doctest/doctest.h>
#include <signal.h>

namespace newscrawl {
namespace {

TEST_CASE("SIGINT and SIGTERM set the interrupt flag instead of killing") {
  InstallInterruptHandlers();
  ResetInterrupt();
  CHECK_FALSE(InterruptRequested());
  raise(SIGTERM);
  CHECK(InterruptRequested());
  CHECK(InterruptSignal() == SIGTERM);
  ResetInterrupt();
  raise(SIGINT);
  CHECK(InterruptRequested());
  CHECK(InterruptSignal() == SIGINT);
  ResetInterrupt();
  RequestInterrupt();
  CHECK(InterruptRequested());
  CHECK(InterruptSignal() == 0);
  ResetInterrupt();
  // Restore defaults so a later Ctrl-C of the test runner behaves normally.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
}

}  // namespace
}  // namespace newscrawl
