// RunIoUntil: runs an io_context on the calling thread until `done()` is
// true or `limit` passes, so an asynchronous test can never hang.
#ifndef NEWSCRAWL_TESTS_SUPPORT_RUN_IO_H_
#define NEWSCRAWL_TESTS_SUPPORT_RUN_IO_H_

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

namespace newscrawl::testing {

// True if done() became true in time.  Restarts the io_context when it ran
// out of work, so it can be called repeatedly.
bool RunIoUntil(boost::asio::io_context& io, const std::function<bool()>& done,
                std::chrono::milliseconds limit = std::chrono::seconds(30));

// Runs handlers for `duration` (or until the io_context has no work).
void RunIoFor(boost::asio::io_context& io, std::chrono::milliseconds duration);

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_SUPPORT_RUN_IO_H_
