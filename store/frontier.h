// Frontier: the crawl's queue of URLs to fetch, kept in the store's LMDB
// environment so that a killed crawl resumes where it stopped.
//
// Databases:
//   frontier  host '\0' priority(1) seq(8, big-endian) -> url
//   queued    url -> entry (every URL that is waiting or in flight)
//   inflight  url -> entry (popped, not yet Done)
// A URL is never queued twice: Push of a URL already in `queued` is a
// no-op.  Pop moves the entry to `inflight`; Done(url) forgets it (the
// crawler records what it learnt in the `urls` database).  When a writable
// Store opens, entries left in flight by a killed run go back to their
// queue, in their old place.
//
// Every call runs in its own write (or read) transaction (PopSome pops
// several entries in one); WriteBatch can
// carry pushes and Done()s into the same transaction as page writes.
//
// Thread safety: like Store (writes are serialised inside the store).
#ifndef NEWSCRAWL_STORE_FRONTIER_H_
#define NEWSCRAWL_STORE_FRONTIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"
#include "store/frontier_entry.h"

namespace newscrawl {

class StoreEnv;  // store/store_env.h (internal)
class LmdbTxn;   // store/lmdb_txn.h (internal)

class Frontier {
 public:
  explicit Frontier(StoreEnv* env) : env_(env) {}
  Frontier(const Frontier&) = delete;
  Frontier& operator=(const Frontier&) = delete;

  // Queues `entry` (its seq is assigned here).  Returns false if the URL
  // was already queued or in flight.
  Result<bool> Push(const FrontierEntry& entry);
  // Several pushes in one transaction; returns how many were new.
  Result<std::size_t> PushAll(const std::vector<FrontierEntry>& entries);

  // The first entry of `host` (best priority, then FIFO) whose not_before
  // <= now, moved to in-flight; nullopt if none is ready.
  Result<std::optional<FrontierEntry>> Pop(std::string_view host,
                                           std::int64_t now);
  // Up to `max` entries of `host`, the ones `max` calls of Pop would give
  // in turn, moved to in-flight in one transaction (fewer if fewer are
  // ready; none if none is).
  Result<std::vector<FrontierEntry>> PopSome(std::string_view host,
                                             std::int64_t now, std::size_t max);
  // Like Pop for the first host after `after_host` (wrapping around) that
  // has a ready entry: round robin over hosts.  "" starts at the first.
  Result<std::optional<FrontierEntry>> PopNext(std::int64_t now,
                                               std::string_view after_host = {});

  // The URL was fetched (or given up): forget it.  OK if it was unknown.
  Status Done(std::string_view url);

  // Hosts with queued (not in-flight) entries, in key order.
  Result<std::vector<std::string>> Hosts();
  Result<bool> IsQueued(std::string_view url);  // waiting or in flight
  Result<std::size_t> QueuedCount();            // waiting + in flight
  Result<std::size_t> InFlightCount();

  // Puts every in-flight entry back into its queue.  Returns how many.
  Result<std::size_t> RequeueInFlight();

  // The same operations inside a caller's write transaction (used by
  // Store::Write for a WriteBatch).
  Result<bool> PushInTxn(LmdbTxn& txn, const FrontierEntry& entry);
  Status DoneInTxn(LmdbTxn& txn, std::string_view url);

 private:
  Result<std::optional<FrontierEntry>> PopInTxn(LmdbTxn& txn,
                                                std::string_view host,
                                                std::int64_t now);
  Result<std::size_t> CountIn(unsigned dbi);  // an MDB_dbi
  StoreEnv* env_;  // not owned
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_FRONTIER_H_
