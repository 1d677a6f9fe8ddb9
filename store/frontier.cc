#include "store/frontier.h"

#include "store/byte_coding.h"
#include "store/lmdb_cursor.h"
#include "store/record_codec.h"
#include "store/store_env.h"

namespace newscrawl {

namespace {

constexpr std::string_view kSeqKey = "frontier_seq";
// Entries of one host looked at by a Pop for one whose time has come.
constexpr int kMaxScanPerHost = 256;

std::string HostPrefix(std::string_view host) {
  std::string k(host);
  k.push_back('\0');
  return k;
}

// frontier key: host '\0' priority(1) seq(8)
std::string QueueKey(const FrontierEntry& e) {
  std::string k = HostPrefix(e.host);
  k.push_back(static_cast<char>(e.priority));
  ByteWriter(&k).PutFixed64(e.seq);
  return k;
}

// frontier value: not_before(8) url
std::string QueueValue(const FrontierEntry& e) {
  std::string v;
  ByteWriter(&v).PutFixed64(static_cast<std::uint64_t>(e.not_before));
  v.append(e.url);
  return v;
}

Status CheckEntry(const FrontierEntry& e) {
  if (e.url.empty()) return Status::InvalidArgument("frontier: empty URL");
  if (e.url.size() > kMaxFrontierUrlBytes) {
    return Status::InvalidArgument(
        std::string("frontier: URL longer than ")
            .append(std::to_string(kMaxFrontierUrlBytes))
            .append(" bytes: ")
            .append(e.url.substr(0, 80))
            .append("..."));
  }
  if (e.host.empty() || e.host.size() > 255 ||
      e.host.find('\0') != std::string::npos) {
    return Status::InvalidArgument("frontier: bad host for " + e.url);
  }
  return Status::Ok();
}

// Hosts with waiting entries: one seek per host, not a scan of entries.
Result<std::vector<std::string>> HostsInTxn(LmdbTxn& txn, MDB_dbi frontier) {
  std::vector<std::string> hosts;
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, frontier));
  std::string_view key;
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_FIRST, &key, &value));
  while (found) {
    hosts.emplace_back(key.substr(0, key.find('\0')));
    std::string next = hosts.back();
    next.push_back('\x01');
    NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Seek(next, &key, &value));
  }
  return hosts;
}

}  // namespace

Result<bool> Frontier::PushInTxn(LmdbTxn& txn, const FrontierEntry& entry) {
  NEWSCRAWL_RETURN_IF_ERROR(CheckEntry(entry));
  const StoreDbs& dbs = env_->dbs();
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool queued, txn.Get(dbs.queued, entry.url, &value));
  if (queued) return false;
  std::uint64_t seq = 0;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool has_seq, txn.Get(dbs.meta, kSeqKey, &value));
  if (has_seq) {
    ByteReader r(value);
    if (!r.GetFixed64(&seq)) return Status::Corruption("frontier: bad seq");
  }
  FrontierEntry e = entry;
  e.seq = ++seq;
  std::string seq_value;
  ByteWriter(&seq_value).PutFixed64(seq);
  NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs.meta, kSeqKey, seq_value));
  std::string encoded;
  EncodeFrontierEntry(e, &encoded);
  NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs.queued, e.url, encoded));
  NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs.frontier, QueueKey(e), QueueValue(e)));
  return true;
}

Status Frontier::DoneInTxn(LmdbTxn& txn, std::string_view url) {
  const StoreDbs& dbs = env_->dbs();
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool queued, txn.Get(dbs.queued, url, &value));
  if (!queued) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(FrontierEntry e, DecodeFrontierEntry(url, value));
  // Given up before it was popped: drop it from its queue too.
  NEWSCRAWL_RETURN_IF_ERROR(txn.Del(dbs.frontier, QueueKey(e)).status());
  NEWSCRAWL_RETURN_IF_ERROR(txn.Del(dbs.inflight, url).status());
  return txn.Del(dbs.queued, url).status();
}

Result<std::optional<FrontierEntry>> Frontier::PopInTxn(LmdbTxn& txn,
                                                        std::string_view host,
                                                        std::int64_t now) {
  const StoreDbs& dbs = env_->dbs();
  const std::string prefix = HostPrefix(host);
  std::string url;
  {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor,
                               LmdbCursor::Open(txn, dbs.frontier));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Seek(prefix, &key, &value));
    for (int scanned = 0; found && scanned < kMaxScanPerHost; ++scanned) {
      if (key.substr(0, prefix.size()) != prefix) break;
      ByteReader r(value);
      std::uint64_t not_before = 0;
      if (!r.GetFixed64(&not_before)) {
        return Status::Corruption("frontier: bad queue entry");
      }
      if (static_cast<std::int64_t>(not_before) <= now) {
        url.assign(r.rest());
        NEWSCRAWL_RETURN_IF_ERROR(cursor.Del());
        break;
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_NEXT, &key, &value));
    }
  }
  if (url.empty()) return std::optional<FrontierEntry>();
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool queued, txn.Get(dbs.queued, url, &value));
  if (!queued) return Status::Corruption("frontier: " + url + " not in queued");
  NEWSCRAWL_ASSIGN_OR_RETURN(FrontierEntry e, DecodeFrontierEntry(url, value));
  const std::string encoded(value);
  NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs.inflight, url, encoded));
  return std::optional<FrontierEntry>(std::move(e));
}

Result<bool> Frontier::Push(const FrontierEntry& entry) {
  bool pushed = false;
  const Status status = env_->Write([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(pushed, PushInTxn(txn, entry));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return pushed;
}

Result<std::size_t> Frontier::PushAll(const std::vector<FrontierEntry>& entries) {
  std::size_t pushed = 0;
  const Status status = env_->Write([&](LmdbTxn& txn) -> Status {
    pushed = 0;
    for (const FrontierEntry& entry : entries) {
      NEWSCRAWL_ASSIGN_OR_RETURN(bool is_new, PushInTxn(txn, entry));
      if (is_new) ++pushed;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return pushed;
}

Result<std::optional<FrontierEntry>> Frontier::Pop(std::string_view host,
                                                   std::int64_t now) {
  std::optional<FrontierEntry> popped;
  const Status status = env_->Write([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(popped, PopInTxn(txn, host, now));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return popped;
}

Result<std::vector<FrontierEntry>> Frontier::PopSome(std::string_view host,
                                                    std::int64_t now,
                                                    std::size_t max) {
  std::vector<FrontierEntry> popped;
  const Status status = env_->Write([&](LmdbTxn& txn) -> Status {
    popped.clear();
    while (popped.size() < max) {
      NEWSCRAWL_ASSIGN_OR_RETURN(std::optional<FrontierEntry> entry,
                                 PopInTxn(txn, host, now));
      if (!entry) break;
      popped.push_back(std::move(*entry));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return popped;
}

Result<std::optional<FrontierEntry>> Frontier::PopNext(
    std::int64_t now, std::string_view after_host) {
  std::optional<FrontierEntry> popped;
  const Status status = env_->Write([&](LmdbTxn& txn) -> Status {
    popped.reset();
    // Hosts after `after_host`, then from the start up to and including it.
    NEWSCRAWL_ASSIGN_OR_RETURN(std::vector<std::string> hosts,
                               HostsInTxn(txn, env_->dbs().frontier));
    std::size_t start = 0;
    if (!after_host.empty()) {
      while (start < hosts.size() && hosts[start] <= after_host) ++start;
    }
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      const std::string& host = hosts[(start + i) % hosts.size()];
      NEWSCRAWL_ASSIGN_OR_RETURN(popped, PopInTxn(txn, host, now));
      if (popped) break;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return popped;
}

Status Frontier::Done(std::string_view url) {
  return env_->Write([&](LmdbTxn& txn) { return DoneInTxn(txn, url); });
}

Result<std::vector<std::string>> Frontier::Hosts() {
  std::vector<std::string> hosts;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(hosts, HostsInTxn(txn, env_->dbs().frontier));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return hosts;
}

Result<bool> Frontier::IsQueued(std::string_view url) {
  bool queued = false;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(queued, txn.Get(env_->dbs().queued, url, &value));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return queued;
}

Result<std::size_t> Frontier::CountIn(unsigned dbi) {
  std::size_t count = 0;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(count, txn.Count(dbi));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return count;
}

Result<std::size_t> Frontier::QueuedCount() { return CountIn(env_->dbs().queued); }

Result<std::size_t> Frontier::InFlightCount() {
  return CountIn(env_->dbs().inflight);
}

Result<std::size_t> Frontier::RequeueInFlight() {
  std::size_t requeued = 0;
  const Status status = env_->Write([&](LmdbTxn& txn) -> Status {
    requeued = 0;
    const StoreDbs& dbs = env_->dbs();
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, dbs.inflight));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_FIRST, &key, &value));
    while (found) {
      NEWSCRAWL_ASSIGN_OR_RETURN(FrontierEntry e, DecodeFrontierEntry(key, value));
      NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs.frontier, QueueKey(e), QueueValue(e)));
      NEWSCRAWL_RETURN_IF_ERROR(cursor.Del());
      ++requeued;
      // Deleting moves the cursor; start again from the (new) first entry.
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_FIRST, &key, &value));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return requeued;
}

}  // namespace newscrawl
