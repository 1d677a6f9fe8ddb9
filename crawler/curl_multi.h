// CurlMulti: libcurl's multi_socket interface driven by a Boost.Asio
// io_context (see STYLE.md section 3 for the contract and the pitfalls of
// curl's old asiohiper example, which this class avoids).
//
//  - curl owns every socket.  For each fd curl reports through
//    CURLMOPT_SOCKETFUNCTION (connections, the resolver's socketpair, any
//    other) a Watch observes it with a posix::stream_descriptor; on REMOVE
//    the descriptor is release()d, never closed.
//  - Asio only waits for readiness (async_wait).  Completion handlers
//    capture (this, fd, generation) and look the fd up again, so a socket
//    removed (or closed and its number reused) while a wait is pending is
//    never touched.
//  - CURLMOPT_TIMERFUNCTION drives one steady_timer: -1 cancels it, 0 posts
//    a socket_action to the loop; libcurl is never called from inside one of
//    its own callbacks.
//  - curl_multi_info_read is drained after every socket_action; a finished
//    transfer is removed from the multi handle before its Done runs.
//
// Asio's epoll reactor is edge-triggered while curl's interest is a level:
// when curl adds interest in a direction on a descriptor that is already
// watched, the readiness may have been reported (and dropped) while nobody
// waited for it, so the new interest is checked once with poll(2) before
// waiting.
//
// Thread safety: none.  Every call, and every Done, happens on the thread
// that runs the io_context (one I/O thread); construct and destroy the
// object on that thread or while the io_context is not running.
#ifndef NEWSCRAWL_CRAWLER_CURL_MULTI_H_
#define NEWSCRAWL_CRAWLER_CURL_MULTI_H_

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "config/status.h"

namespace newscrawl {

struct CurlMultiOptions {
  long max_total_connections = 0;  // CURLMOPT_MAX_TOTAL_CONNECTIONS (0: none)
  long max_host_connections = 0;   // CURLMOPT_MAX_HOST_CONNECTIONS (0: none)
  long max_connects = 0;           // connection cache size (0: curl default)
};

class CurlMulti {
 public:
  // Called once when a transfer ends, with curl's result for it.  The easy
  // handle has already been removed from the multi handle, so Done may
  // reset, reuse (Add again) or destroy it, and may Add or Remove others.
  using Done = std::function<void(CURL* easy, CURLcode result)>;

  CurlMulti(boost::asio::io_context& io, const CurlMultiOptions& options);
  // Removes every transfer without calling its Done, then cleans up.
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Starts a transfer.  `easy` is not owned; it must stay alive until Done
  // runs or Remove(easy) returns.  Never calls Done from inside Add.
  Status Add(CURL* easy, Done done);

  // Stops a transfer without calling its Done.  False if `easy` is unknown.
  bool Remove(CURL* easy);

  std::size_t size() const { return transfers_.size(); }
  // Descriptors currently watched (for tests: 0 once everything is idle and
  // the connection cache is empty).
  std::size_t watched_sockets() const { return sockets_.size(); }
  // curl_multi_socket_action calls so far (for tests and benchmarks).
  std::uint64_t actions() const { return actions_; }

 private:
  struct Watch;

  static int OnSocket(CURL* easy, curl_socket_t s, int what, void* self,
                      void* socketp);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);

  void UpdateWatch(curl_socket_t s, int what);
  void Arm(curl_socket_t s, Watch& watch);
  void OnReady(curl_socket_t s, std::uint64_t generation, int direction,
               const boost::system::error_code& ec);
  void PostAction(curl_socket_t s, int ev_bitmask, bool timer,
                  std::uint64_t generation);
  void Action(curl_socket_t s, int ev_bitmask);
  void DrainDone();

  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;
  std::uint64_t next_watch_generation_ = 1;
  std::uint64_t actions_ = 0;
  CURLM* multi_ = nullptr;
  std::unordered_map<curl_socket_t, std::unique_ptr<Watch>> sockets_;
  std::unordered_map<CURL*, Done> transfers_;
  // Handlers posted to the io_context hold a weak_ptr to this token and do
  // nothing once the CurlMulti is gone.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CURL_MULTI_H_
