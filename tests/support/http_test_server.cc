#include "tests/support/http_test_server.h"

#include <sys/socket.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace newscrawl::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool HasHeaderNamed(const TestResponse& r, std::string_view name) {
  return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) {
    return Lower(h.first) == name;
  });
}

}  // namespace

std::string GzipCompress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

TestResponse TestResponse::Text(std::string body, std::string content_type) {
  TestResponse r;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

TestResponse TestResponse::Redirect(int status, std::string location) {
  TestResponse r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  r.body = "moved";
  return r;
}

TestResponse TestResponse::Status(int status) {
  TestResponse r;
  r.status = status;
  r.body = "status " + std::to_string(status);
  r.headers.emplace_back("Content-Type", "text/plain");
  return r;
}

std::string RecordedRequest::Header(std::string_view name) const {
  const std::string lower = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == lower) return value;
  }
  return {};
}

bool RecordedRequest::HasHeader(std::string_view name) const {
  const std::string lower = Lower(name);
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return h.first == lower; });
}

class HttpTestServer::Impl {
 public:
  Impl() : acceptor_(io_) {
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    // A large backlog: many clients connect at once in the tests.
    acceptor_.listen(asio::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~Impl() { Stop(); }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    // Wakes the blocked accept() (Linux returns EINVAL).
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    wake_.notify_all();
    if (accept_thread_.joinable()) accept_thread_.join();
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [this] { return active_ == 0; });
    boost::system::error_code ec;
    acceptor_.close(ec);
  }

  void Route(std::string path, Handler handler) {
    auto shared = std::make_shared<const Handler>(std::move(handler));
    std::lock_guard<std::mutex> lock(mu_);
    if (!path.empty() && path.back() == '*') {
      path.pop_back();
      prefix_routes_[path] = std::move(shared);
    } else {
      routes_[path] = std::move(shared);
    }
  }

  void ClearRoutes() {
    std::lock_guard<std::mutex> lock(mu_);
    routes_.clear();
    prefix_routes_.clear();
  }

  std::vector<RecordedRequest> Requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

  void ClearLog() {
    std::lock_guard<std::mutex> lock(mu_);
    log_.clear();
  }

  std::uint16_t port_ = 0;
  std::atomic<bool> logging_{true};
  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> body_bytes_sent_{0};

 private:
  void AcceptLoop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      std::unique_lock<std::mutex> lock(mu_);
      if (stopping_) return;
      if (ec) {
        lock.unlock();
        // EMFILE and friends: back off instead of spinning.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      const std::uint64_t id = ++connections_;
      open_fds_.insert(socket.native_handle());
      ++active_;
      lock.unlock();
      // Detached: Stop() waits for active_ to drop to zero instead, so
      // finished threads do not pile up in long benchmark runs.
      std::thread([this, id, s = std::move(socket)]() mutable {
        Serve(s, id);
        std::lock_guard<std::mutex> done_lock(mu_);
        open_fds_.erase(s.native_handle());
        boost::system::error_code close_ec;
        s.close(close_ec);
        if (--active_ == 0) idle_.notify_all();
      }).detach();
    }
  }

  std::shared_ptr<const Handler> FindHandler(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = routes_.find(path);
    if (it != routes_.end()) return it->second;
    std::shared_ptr<const Handler> best;
    std::size_t best_len = 0;
    for (const auto& [prefix, handler] : prefix_routes_) {
      if (path.compare(0, prefix.size(), prefix) == 0 &&
          (!best || prefix.size() >= best_len)) {
        best = handler;
        best_len = prefix.size();
      }
    }
    return best;
  }

  // Sleeps `d` unless the server stops first; false if it stopped.
  bool Sleep(std::chrono::milliseconds d) {
    if (d.count() <= 0) return !stopping_;
    std::unique_lock<std::mutex> lock(mu_);
    return !wake_.wait_for(lock, d, [this] { return stopping_; });
  }

  void Serve(tcp::socket& socket, std::uint64_t connection) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(64 * 1024);
      parser.body_limit(1024 * 1024);
      boost::system::error_code ec;
      http::read(socket, buffer, parser, ec);
      if (ec) return;  // closed, reset, garbage or Stop()
      const auto& req = parser.get();
      RecordedRequest record;
      record.method.assign(req.method_string().data(),
                           req.method_string().size());
      record.target.assign(req.target().data(), req.target().size());
      record.path = record.target.substr(0, record.target.find('?'));
      for (const auto& field : req) {
        const auto name = field.name_string();
        const auto value = field.value();
        record.headers.emplace_back(
            Lower(std::string_view(name.data(), name.size())),
            std::string(value.data(), value.size()));
      }
      record.connection = connection;
      record.time = std::chrono::steady_clock::now();
      const bool client_keeps = req.keep_alive();
      std::shared_ptr<const Handler> handler = FindHandler(record.path);
      if (logging_) {
        std::lock_guard<std::mutex> lock(mu_);
        log_.push_back(record);
      }
      TestResponse response =
          handler ? (*handler)(record) : TestResponse::Status(404);
      if (record.method == "HEAD") {
        response.body.clear();
        response.generated_bytes = 0;
      }
      if (!Send(socket, response) || !client_keeps) return;
    }
  }

  bool Write(tcp::socket& socket, std::string_view bytes) {
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  // Writes one response; false when the connection must be closed.
  bool Send(tcp::socket& socket, TestResponse& r) {
    if (!Sleep(r.delay)) return false;
    if (!r.raw.empty()) {
      Write(socket, r.raw);
      return false;
    }
    if (r.gzip) {
      r.body = GzipCompress(r.body);
      r.headers.emplace_back("Content-Encoding", "gzip");
    }
    const bool no_body = r.status == 204 || r.status == 304 ||
                         (r.status >= 100 && r.status < 200);
    const std::uint64_t length =
        r.generated_bytes > 0 ? r.generated_bytes : r.body.size();
    const bool keep_alive = r.keep_alive && r.close_after < 0;
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " ";
    const auto reason =
        http::obsolete_reason(static_cast<http::status>(r.status));
    head.append(reason.data(), reason.size());
    head += "\r\n";
    for (const auto& [name, value] : r.headers) {
      head += name + ": " + value + "\r\n";
    }
    if (!no_body) {
      if (r.chunked) {
        head += "Transfer-Encoding: chunked\r\n";
      } else if (!HasHeaderNamed(r, "content-length")) {
        head += "Content-Length: " + std::to_string(length) + "\r\n";
      }
    }
    if (!keep_alive) head += "Connection: close\r\n";
    head += "\r\n";
    if (no_body) return Write(socket, head) && keep_alive;

    // The common case in one write: a small body sent at once.
    const bool simple = !r.chunked && r.drip_bytes == 0 &&
                        r.close_after < 0 && r.generated_bytes == 0;
    if (simple) {
      head += r.body;
      if (!Write(socket, head)) return false;
      body_bytes_sent_ += r.body.size();
      return keep_alive;
    }
    if (!Write(socket, head)) return false;
    const std::size_t piece_size = r.drip_bytes > 0 ? r.drip_bytes : 64 * 1024;
    const std::string filler(r.generated_bytes > 0 ? piece_size : 0, 'x');
    std::uint64_t sent = 0;
    while (sent < length) {
      std::size_t n = static_cast<std::size_t>(
          std::min<std::uint64_t>(piece_size, length - sent));
      bool cut = false;
      if (r.close_after >= 0 &&
          sent + n > static_cast<std::uint64_t>(r.close_after)) {
        n = static_cast<std::size_t>(static_cast<std::uint64_t>(r.close_after) -
                                     sent);
        cut = true;
      }
      const std::string_view piece =
          r.generated_bytes > 0
              ? std::string_view(filler).substr(0, n)
              : std::string_view(r.body).substr(static_cast<std::size_t>(sent),
                                                n);
      std::string out;
      if (r.chunked && n > 0) {
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
        out = size_line;
        out.append(piece);
        out += "\r\n";
      } else {
        out.assign(piece);
      }
      if (!out.empty() && !Write(socket, out)) return false;
      sent += n;
      body_bytes_sent_ += n;
      if (cut) return false;
      if (r.drip_interval.count() > 0 && sent < length &&
          !Sleep(r.drip_interval)) {
        return false;
      }
    }
    if (r.chunked && !Write(socket, "0\r\n\r\n")) return false;
    return keep_alive;
  }

  asio::io_context io_;  // only for constructing sockets: sync I/O
  tcp::acceptor acceptor_;
  std::thread accept_thread_;
  mutable std::mutex mu_;
  std::condition_variable wake_;  // Stop() interrupts delays
  std::condition_variable idle_;  // active_ dropped to zero
  bool stopping_ = false;
  int active_ = 0;
  std::set<int> open_fds_;
  std::map<std::string, std::shared_ptr<const Handler>> routes_;
  std::map<std::string, std::shared_ptr<const Handler>> prefix_routes_;
  std::vector<RecordedRequest> log_;
};

HttpTestServer::HttpTestServer() : impl_(std::make_unique<Impl>()) {
  port_ = impl_->port_;
}

HttpTestServer::~HttpTestServer() { Stop(); }

std::string HttpTestServer::host_port() const {
  return "127.0.0.1:" + std::to_string(port_);
}

std::string HttpTestServer::Url(std::string_view path_and_query) const {
  return "http://" + host_port() + std::string(path_and_query);
}

void HttpTestServer::Route(std::string path, Handler handler) {
  impl_->Route(std::move(path), std::move(handler));
}

void HttpTestServer::Serve(std::string path, TestResponse response) {
  impl_->Route(std::move(path),
               [response = std::move(response)](const RecordedRequest&) {
                 return response;
               });
}

void HttpTestServer::ClearRoutes() { impl_->ClearRoutes(); }

std::vector<RecordedRequest> HttpTestServer::Requests() const {
  return impl_->Requests();
}

std::vector<RecordedRequest> HttpTestServer::RequestsFor(
    std::string_view path) const {
  std::vector<RecordedRequest> out;
  for (RecordedRequest& r : impl_->Requests()) {
    if (r.path == path) out.push_back(std::move(r));
  }
  return out;
}

std::size_t HttpTestServer::RequestCount(std::string_view path) const {
  return RequestsFor(path).size();
}

std::size_t HttpTestServer::RequestCount() const {
  return impl_->Requests().size();
}

void HttpTestServer::ClearLog() { impl_->ClearLog(); }

void HttpTestServer::set_logging(bool on) { impl_->logging_ = on; }

std::uint64_t HttpTestServer::connections_accepted() const {
  return impl_->connections_;
}

std::uint64_t HttpTestServer::body_bytes_sent() const {
  return impl_->body_bytes_sent_;
}

void HttpTestServer::Stop() { impl_->Stop(); }

}  // namespace newscrawl::testing
