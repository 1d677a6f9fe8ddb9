#include "crawler/curl_multi.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <utility>
#include <vector>

#include "crawler/curl_error.h"

namespace newscrawl {

namespace asio = boost::asio;
using boost::system::error_code;

// The state of one descriptor curl asked us to watch.  The descriptor is
// curl's: the destructor only release()s it, which also cancels pending
// waits (their handlers see operation_aborted).
struct CurlMulti::Watch {
  Watch(asio::io_context& io, std::uint64_t gen) : sd(io), generation(gen) {}
  ~Watch() {
    if (sd.is_open()) sd.release();
  }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  asio::posix::stream_descriptor sd;
  std::uint64_t generation;  // distinguishes reuses of one fd number
  int what = 0;              // CURL_POLL_IN/OUT/INOUT: curl's interest
  bool read_armed = false;   // an async_wait(wait_read) is pending
  bool write_armed = false;  // an async_wait(wait_write) is pending
};

CurlMulti::CurlMulti(asio::io_context& io, const CurlMultiOptions& options)
    : io_(io), timer_(io), multi_(curl_multi_init()) {
  if (multi_ == nullptr) return;  // Add() reports it
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlMulti::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlMulti::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, long{CURLPIPE_MULTIPLEX});
  if (options.max_total_connections > 0) {
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      options.max_total_connections);
  }
  if (options.max_host_connections > 0) {
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                      options.max_host_connections);
  }
  if (options.max_connects > 0) {
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options.max_connects);
  }
}

CurlMulti::~CurlMulti() {
  // Teardown order matters: removing handles and cleaning up call back into
  // OnSocket/OnTimer, which need sockets_ and timer_ alive.
  if (multi_ != nullptr) {
    std::vector<CURL*> easies;
    easies.reserve(transfers_.size());
    for (const auto& entry : transfers_) easies.push_back(entry.first);
    for (CURL* easy : easies) curl_multi_remove_handle(multi_, easy);
    transfers_.clear();
    curl_multi_cleanup(multi_);
    multi_ = nullptr;
  }
  sockets_.clear();
  timer_.cancel();
}

Status CurlMulti::Add(CURL* easy, Done done) {
  if (multi_ == nullptr) return Status::Internal("curl_multi_init failed");
  auto [it, inserted] = transfers_.emplace(easy, std::move(done));
  if (!inserted) return Status::Internal("easy handle added twice");
  // Adding only sets a timeout (OnTimer(0)); no transfer work happens here.
  const CURLMcode rc = curl_multi_add_handle(multi_, easy);
  if (rc != CURLM_OK) {
    transfers_.erase(it);
    return CurlMultiError("curl_multi_add_handle", rc);
  }
  return Status::Ok();
}

bool CurlMulti::Remove(CURL* easy) {
  auto it = transfers_.find(easy);
  if (it == transfers_.end()) return false;
  transfers_.erase(it);
  curl_multi_remove_handle(multi_, easy);
  return true;
}

int CurlMulti::OnSocket(CURL* /*easy*/, curl_socket_t s, int what,
                        void* self, void* /*socketp*/) {
  auto* multi = static_cast<CurlMulti*>(self);
  if (what == CURL_POLL_REMOVE) {
    // curl reports REMOVE before it closes the fd; ~Watch releases it.
    multi->sockets_.erase(s);
  } else {
    multi->UpdateWatch(s, what);
  }
  return 0;  // never calls back into curl
}

int CurlMulti::OnTimer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* multi = static_cast<CurlMulti*>(self);
  const std::uint64_t generation = ++multi->timer_generation_;
  multi->timer_.cancel();
  if (timeout_ms < 0) return 0;  // delete the timer
  if (timeout_ms == 0) {
    // "Now" means "from the loop": calling socket_action here would recurse.
    multi->PostAction(CURL_SOCKET_TIMEOUT, 0, /*timer=*/true, generation);
    return 0;
  }
  multi->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  multi->timer_.async_wait([multi, generation](const error_code& ec) {
    // A cancelled wait, or one superseded by a newer timeout, does nothing.
    if (ec == asio::error::operation_aborted) return;
    if (generation != multi->timer_generation_) return;
    multi->Action(CURL_SOCKET_TIMEOUT, 0);
  });
  return 0;
}

void CurlMulti::UpdateWatch(curl_socket_t s, int what) {
  auto it = sockets_.find(s);
  bool fresh = false;
  if (it == sockets_.end()) {
    auto watch = std::make_unique<Watch>(io_, next_watch_generation_++);
    error_code ec;
    watch->sd.assign(s, ec);
    if (ec) {
      // Not pollable by epoll: let curl's timeouts fail the transfer rather
      // than crash; this does not happen with sockets.
      spdlog::error("curl multi: cannot watch fd {}: {}", s, ec.message());
      return;
    }
    it = sockets_.emplace(s, std::move(watch)).first;
    fresh = true;
  }
  Watch& watch = *it->second;
  const int added = what & ~watch.what;
  watch.what = what;
  if (!fresh && added != 0) {
    // Edge-triggered reactor: readiness that arrived while no wait was
    // pending has been consumed.  Check the newly wanted directions now.
    pollfd pfd{};
    pfd.fd = s;
    if (added & CURL_POLL_IN) pfd.events |= POLLIN;
    if (added & CURL_POLL_OUT) pfd.events |= POLLOUT;
    if (::poll(&pfd, 1, 0) > 0) {
      int mask = 0;
      if (pfd.revents & (POLLIN | POLLHUP)) mask |= CURL_CSELECT_IN;
      if (pfd.revents & POLLOUT) mask |= CURL_CSELECT_OUT;
      if (pfd.revents & (POLLERR | POLLNVAL)) mask |= CURL_CSELECT_ERR;
      if (mask != 0) {
        PostAction(s, mask, /*timer=*/false, watch.generation);
      }
    }
  }
  Arm(s, watch);
}

void CurlMulti::Arm(curl_socket_t s, Watch& watch) {
  const std::uint64_t generation = watch.generation;
  if ((watch.what & CURL_POLL_IN) && !watch.read_armed) {
    watch.read_armed = true;
    watch.sd.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [this, s, generation](const error_code& ec) {
          OnReady(s, generation, CURL_CSELECT_IN, ec);
        });
  }
  if ((watch.what & CURL_POLL_OUT) && !watch.write_armed) {
    watch.write_armed = true;
    watch.sd.async_wait(
        asio::posix::stream_descriptor::wait_write,
        [this, s, generation](const error_code& ec) {
          OnReady(s, generation, CURL_CSELECT_OUT, ec);
        });
  }
}

void CurlMulti::OnReady(curl_socket_t s, std::uint64_t generation,
                        int direction, const error_code& ec) {
  // Released (REMOVE or destruction): `this` may be gone, touch nothing.
  if (ec == asio::error::operation_aborted) return;
  auto it = sockets_.find(s);
  if (it == sockets_.end() || it->second->generation != generation) return;
  Watch& watch = *it->second;
  const int poll_bit =
      direction == CURL_CSELECT_IN ? CURL_POLL_IN : CURL_POLL_OUT;
  if (direction == CURL_CSELECT_IN) {
    watch.read_armed = false;
  } else {
    watch.write_armed = false;
  }
  if (!(watch.what & poll_bit)) return;  // curl lost interest meanwhile
  Action(s, ec ? CURL_CSELECT_ERR : direction);
  if (ec) return;  // no re-arm on a broken descriptor: no busy loop
  // The action may have removed the socket, or curl may have closed it and
  // reported a new one with the same number: look it up again.
  it = sockets_.find(s);
  if (it == sockets_.end() || it->second->generation != generation) return;
  Arm(s, *it->second);
}

void CurlMulti::PostAction(curl_socket_t s, int ev_bitmask, bool timer,
                           std::uint64_t generation) {
  std::weak_ptr<int> alive = alive_;
  asio::post(io_, [this, alive, s, ev_bitmask, timer, generation] {
    if (alive.expired()) return;
    if (timer) {
      if (generation != timer_generation_) return;  // superseded
    } else {
      auto it = sockets_.find(s);
      if (it == sockets_.end() || it->second->generation != generation) {
        return;
      }
    }
    Action(s, ev_bitmask);
  });
}

void CurlMulti::Action(curl_socket_t s, int ev_bitmask) {
  if (multi_ == nullptr) return;
  int running = 0;
  ++actions_;
  const CURLMcode rc = curl_multi_socket_action(multi_, s, ev_bitmask, &running);
  if (rc != CURLM_OK) {
    spdlog::error("{}", CurlMultiError("curl_multi_socket_action", rc).ToString());
  }
  DrainDone();
}

void CurlMulti::DrainDone() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    const CURLcode result = msg->data.result;  // msg dies with the removal
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    Done done = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(multi_, easy);
    done(easy, result);
    if (multi_ == nullptr) return;
  }
}

}  // namespace newscrawl
