// SPDX-License-Identifier: Apache-2.0
// The transport: HTTP/1.1 over Boost.Beast, with keep-alive, limits on headers, bodies,
// time and connections, one log line per request, graceful stop and reload on signals.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fmt/format.h>

#include <array>
#include <condition_variable>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "app.hpp"

namespace elig::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::string JsonText(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, ms);
}

// Sent with every response: the pages load nothing from elsewhere and run no inline script.
void SecurityHeaders(http::response<http::string_body>& res) {
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServeOptions o) : options(o), app(std::move(o)), acceptor(ioc) {}

  // Declared before the io_context: the sessions it still holds when destroyed count
  // themselves out of these.
  ServeOptions options;
  App app;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> busy{0};  // requests read and not yet answered
  std::atomic<bool> stopping{false};
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;

  void Accept();
  void RequestStop() {
    std::lock_guard lock(stop_mutex);
    stop_requested = true;
    stop_cv.notify_all();
  }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& impl)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), impl_(impl) {
    impl_.app.metrics().Connections(1);
  }
  ~Session() {
    impl_.connections.fetch_sub(1);
    impl_.app.metrics().Connections(-1);
  }

  void Start() { ReadHeader(); }

  // Over the connection limit: a 503 problem in the request's language (its headers are
  // waited for a second at most), then close.
  void Refuse() {
    impl_.app.metrics().Refused();
    refused_ = true;
    ReadHeader();
  }

 private:
  // The limits on reading. The stream's own timer closes the socket when it fires, which
  // leaves no way to answer; this one cancels the read, so that a request cut off midway is
  // told why (408). Writes keep the stream's timer.
  void Arm(std::chrono::milliseconds limit) {
    stream_.expires_never();
    timed_out_ = false;
    limit_ = limit;
    timer_.expires_after(limit);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(impl_.options.max_header));
    parser_->body_limit(impl_.options.max_body);
    Arm(refused_ ? std::min<std::chrono::milliseconds>(impl_.options.header_timeout, std::chrono::seconds(1))
                 : impl_.options.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    start_ = Clock::now();
    if (ec) return Failed(ec);
    if (refused_) return Busy();
    auto& req = parser_->get();
    if (auto length = parser_->content_length(); length && *length > impl_.options.max_body)
      return Failed(http::error::body_limit);
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, size_t) {
        if (wec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    Arm(impl_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    timer_.cancel();
    if (ec) return Failed(ec);
    auto& req = parser_->get();
    Request r;
    r.method = std::string(req.method_string());
    std::string_view target(req.target().data(), req.target().size());
    size_t q = target.find('?');
    r.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
    r.content_type = std::string(req[http::field::content_type]);
    r.accept_language = std::string(req[http::field::accept_language]);
    r.accept = std::string(req[http::field::accept]);
    r.body = std::move(req.body());
    bytes_in_ = r.body.size();
    bool keep = req.keep_alive();
    head_ = req.method() == http::verb::head;
    impl_.busy.fetch_add(1);
    Response res = impl_.app.Handle(r);
    impl_.busy.fetch_sub(1);
    Send(std::move(res), keep, true);
  }

  // The language of a problem sent before the request is read whole: from what the parser
  // has taken of its line and headers, and the bytes it has not taken yet.
  Lang EarlyLang() const {
    std::string_view raw(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    if (!parser_) return HeadLang({}, {}, raw);
    const auto& req = parser_->get();
    auto accept = req[http::field::accept_language];
    return HeadLang(std::string_view(req.target().data(), req.target().size()),
                    std::string_view(accept.data(), accept.size()), raw);
  }

  void Busy() {
    timer_.cancel();
    Lang lang = EarlyLang();
    Response r = Problem(503, "busy", lang, Msg::kServeBusy,
                         Say(lang, Msg::kServeBusyDetail, fmt::arg("limit", impl_.options.max_connections)), "");
    r.headers.emplace_back("Retry-After", "1");
    r.route = "connection";
    r.close = true;
    head_ = false;
    Send(std::move(r), false, false);
  }

  // A request that could not be read: nothing, when the peer left or a kept-alive connection
  // stayed idle; else a problem in the request's language.
  void Failed(beast::error_code ec) {
    timer_.cancel();
    bool begun = buffer_.size() > 0 || (parser_ && parser_->got_some());
    if (refused_ && (begun || timed_out_) && ec != http::error::end_of_stream && ec != net::error::eof &&
        ec != net::error::connection_reset)
      return Busy();
    if (ec == net::error::operation_aborted && timed_out_ && begun) {
      Lang lang = EarlyLang();
      double seconds = std::chrono::duration<double>(limit_).count();
      Response r = Problem(408, "timeout", lang, Msg::kServeTimeout,
                           Say(lang, Msg::kServeTimeoutDetail, fmt::arg("seconds", seconds)), "");
      r.route = "unread";
      head_ = false;
      return Send(std::move(r), false, true);
    }
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
        ec == net::error::operation_aborted || ec == beast::error::timeout)
      return Close();
    Lang lang = EarlyLang();
    Response r;
    if (ec == http::error::body_limit) {
      r = Problem(413, "too-large", lang, Msg::kServeTooLarge,
                  Say(lang, Msg::kServeTooLargeDetail, fmt::arg("limit", impl_.options.max_body)), "");
    } else if (ec == http::error::header_limit) {
      r = Problem(431, "headers-too-large", lang, Msg::kServeHeaders,
                  Say(lang, Msg::kServeHeadersDetail, fmt::arg("limit", impl_.options.max_header)), "");
    } else {
      r = Problem(400, "bad-request", lang, Msg::kServeBadRequest, Say(lang, Msg::kServeBadRequestDetail), "");
    }
    r.route = "unread";
    head_ = false;
    Send(std::move(r), false, true);
  }

  void Send(Response r, bool keep, bool log) {
    keep = keep && !r.close && !impl_.stopping.load();
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
    res->set(http::field::server, "elig");
    res->set(http::field::content_type, r.content_type);
    res->set(http::field::cache_control, r.route == "/style.css" ? "public, max-age=3600" : "no-store");
    SecurityHeaders(*res);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    size_t size = r.body.size();
    res->body() = std::move(r.body);
    res->keep_alive(keep);
    res->prepare_payload();
    if (head_) {
      res->body().clear();
      res->content_length(size);
    }
    if (log) Log(r, size);
    stream_.expires_after(impl_.options.body_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, size_t) {
      if (ec || !keep) return self->Close();
      self->ReadHeader();
    });
  }

  void Log(const Response& r, size_t bytes_out) {
    double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    impl_.app.metrics().Request(r.route, r.status, seconds);
    const auto& req = parser_->get();
    impl_.app.Log(fmt::format(
        "{{\"time\":\"{}\",\"method\":{},\"route\":{},\"status\":{},\"ms\":{:.3f},\"bytes_in\":{},\"bytes_out\":{}}}", NowUtc(),
        JsonText(std::string(req.method_string())), JsonText(r.route), r.status, seconds * 1000, bytes_in_, bytes_out));
  }

  // Closes after the response: the sending side first, then what the client still sends is
  // read and dropped (for a second, a megabyte at most), so that closing with unread bytes
  // does not reset the connection before the client has read the response (a 413 or 400).
  void Close() {
    timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec || !stream_.socket().is_open()) return stream_.close();
    stream_.expires_after(std::chrono::seconds(1));
    Drain(0);
  }

  void Drain(size_t drained) {
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this(), drained](beast::error_code ec, size_t n) {
      if (ec || drained + n > 1024 * 1024) return self->stream_.close();
      self->Drain(drained + n);
    });
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  std::chrono::milliseconds limit_{0};  // the limit armed
  bool timed_out_ = false;
  bool refused_ = false;  // over the connection limit: answered 503 whatever it asks
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server::Impl& impl_;
  Clock::time_point start_ = Clock::now();
  size_t bytes_in_ = 0;
  bool head_ = false;
  std::array<char, 4096> discard_;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      app.Log("{\"event\":\"accept-failed\",\"message\":" + JsonText(ec.message()) + "}");
    } else {
      size_t n = connections.fetch_add(1) + 1;
      auto session = std::make_shared<Session>(std::move(socket), *this);
      if (n > options.max_connections) session->Refuse();
      else session->Start();
    }
    if (acceptor.is_open()) Accept();
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

std::unique_ptr<Server> Server::Create(const ServeOptions& options, StartFailure& failure) {
  auto started = Clock::now();
  std::string& error = failure.message;
  failure.kind = StartFailure::kUsage;
  if (options.max_body == 0 || options.max_body > kMaxBodyLimit) {
    error = "--max-body must be from 1 to " + std::to_string(kMaxBodyLimit) + " bytes (the C API's document limit)";
    return nullptr;
  }
  size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    error = "--listen `" + options.listen + "` is not HOST:PORT (e.g. 127.0.0.1:8080)";
    return nullptr;
  }
  auto impl = std::make_unique<Impl>(options);
  failure.kind = StartFailure::kRules;
  if (!impl->app.Load(error)) return nullptr;
  failure.kind = StartFailure::kIo;
  if (!impl->app.OpenAudit(error)) return nullptr;
  std::string host = options.listen.substr(0, colon), port = options.listen.substr(colon + 1);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  char* end = nullptr;
  unsigned long port_number = std::strtoul(port.c_str(), &end, 10);
  if (ec || port.empty() || *end || port_number > 65535) {
    failure.kind = StartFailure::kUsage;
    error = "--listen `" + options.listen + "` is not HOST:PORT with an IP address (e.g. 127.0.0.1:8080)";
    return nullptr;
  }
  tcp::endpoint endpoint(address, static_cast<uint16_t>(port_number));
  auto& acceptor = impl->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); !ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + options.listen + ": " + ec.message();
    return nullptr;
  }
  auto rules = impl->app.rules();
  impl->app.Log(fmt::format("{{\"event\":\"listening\",\"address\":{},\"port\":{},\"programs\":{},\"rules\":\"{}\",\"ms\":{:.1f}}}",
                            JsonText(host), acceptor.local_endpoint().port(), rules->programs.size(), rules->hash,
                            std::chrono::duration<double, std::milli>(Clock::now() - started).count()));
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::Start() {
  impl_->Accept();
  unsigned n = impl_->options.threads ? impl_->options.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void Server::Run() {
  net::signal_set signals(impl_->ioc, SIGINT, SIGTERM, SIGHUP);
  std::function<void(beast::error_code, int)> on_signal = [&](beast::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      std::string errors;
      Reload(errors);
      signals.async_wait(on_signal);
      return;
    }
    impl_->app.Log(fmt::format("{{\"event\":\"stopping\",\"signal\":{}}}", sig));
    impl_->RequestStop();
  };
  signals.async_wait(on_signal);
  Start();
  {
    std::unique_lock lock(impl_->stop_mutex);
    impl_->stop_cv.wait(lock, [&] { return impl_->stop_requested; });
  }
  signals.cancel();
  Stop();
}

void Server::Stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  // Requests in progress finish (their connections then close); idle ones are cut after 5 s at most.
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (impl_->busy.load() > 0 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the last responses be written
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  impl_->app.Log("{\"event\":\"stopped\"}");
}

bool Server::Reload(std::string& errors) {
  bool ok = impl_->app.Load(errors);
  auto rules = impl_->app.rules();
  if (ok)
    impl_->app.Log(fmt::format("{{\"event\":\"reload\",\"result\":\"ok\",\"generation\":{},\"programs\":{},\"rules\":\"{}\"}}",
                               rules->generation, rules->programs.size(), rules->hash));
  else
    impl_->app.Log(fmt::format("{{\"event\":\"reload\",\"result\":\"refused\",\"generation\":{},\"errors\":{}}}",
                               rules->generation, JsonText(errors)));
  return ok;
}

uint64_t Server::generation() const { return impl_->app.rules()->generation; }
std::string Server::rules_hash() const { return impl_->app.rules()->hash; }

}  // namespace elig::serve
