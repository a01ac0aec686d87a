#include "server/server.h"

#include <httplib.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <xapian.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "cli/commands.h"
#include "cli/concept_args.h"
#include "cli/output.h"
#include "cli/remote.h"
#include "concepts/concept_stats.h"
#include "parse/query_parser.h"
#include "pipeline/index_run.h"
#include "search/searcher.h"
#include "server/web_assets.h"
#include "store/index_writer.h"
#include "store/schema.h"
#include "text/utf8.h"
#include "timeline/genealogy.h"
#include "timeline/timeline.h"

namespace grappe {

namespace {

using Clock = std::chrono::steady_clock;

// A request the daemon answers with an error envelope.
struct HttpError {
    int status;
    std::string code, message, param;
    long column = -1;
};

std::string envelope(const HttpError& e) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    w.StartObject();
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.String(e.code.c_str());
    w.Key("message");
    w.String(e.message.data(), static_cast<rapidjson::SizeType>(e.message.size()));
    if (!e.param.empty()) {
        w.Key("param");
        w.String(e.param.c_str());
    }
    if (e.column >= 0) {
        w.Key("column");
        w.Int64(e.column);
    }
    w.EndObject();
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

// Answers already made, for the index's state they were made on: a
// research team asks the same searches again (the page's facets, a
// notebook re-run). Least recently used first out past `budget` bytes;
// an answer made on another revision of the index is never served.
class AnswerCache {
  public:
    explicit AnswerCache(std::size_t budget) : budget_(budget) {}

    struct Answer {
        std::string body, type;
    };

    // An answer being made: the requests for the same answer that come
    // meanwhile wait for it rather than make it again (after a commit,
    // every client asks at once for what the commit made stale).
    struct Flight {
        std::condition_variable landed;
        bool done = false;
        std::optional<Answer> answer;  // none: it failed, make your own
    };

    // The answer kept for `key` on `revision`; else, when another request is
    // making it, the answer kept from an earlier revision, or, if none,
    // that request's (waited for, up to `patience`); else nothing, and
    // `mine` is the flight this request must land().
    //
    // So after a commit the first request for an answer makes it anew and
    // the others meanwhile get the one it replaces instead of queueing
    // behind it: while `grappe index` runs beside the daemon, commits
    // every few seconds would otherwise make every client wait for
    // searches that share two cores with the indexer.
    //
    // While a writer still holds the index (`being_written`, asked only
    // when an earlier answer is kept), the first request gets the earlier
    // answer too, and `mine` is then the flight of an answer to make in
    // the background (`in_background` set): a client never waits for a
    // search the indexer's next commit makes stale again. Once the writer
    // is gone, only an answer of the index as it now is is served.
    std::optional<Answer> find(const std::string& key, const std::string& revision, std::chrono::milliseconds patience,
                               const std::function<bool()>& being_written, std::shared_ptr<Flight>& mine, bool& in_background) {
        std::unique_lock lock(mutex_);
        const auto it = index_.find(key);
        if (it != index_.end() && it->second->revision == revision) {
            order_.splice(order_.begin(), order_, it->second);  // now the most recent
            ++hits_;
            return it->second->answer;
        }
        const std::string flight_key = key + '\0' + revision;
        if (const auto f = flights_.find(flight_key); f != flights_.end()) {
            if (it != index_.end()) {
                ++previous_;
                return it->second->answer;
            }
            const std::shared_ptr<Flight> theirs = f->second;
            if (theirs->landed.wait_for(lock, patience, [&] { return theirs->done; }) && theirs->answer) {
                ++shared_;
                return theirs->answer;
            }
            ++misses_;
            return std::nullopt;  // made again here, outside any flight
        }
        ++misses_;
        mine = std::make_shared<Flight>();
        flights_[flight_key] = mine;
        if (it != index_.end() && being_written()) {
            ++previous_;
            in_background = true;
            return it->second->answer;
        }
        return std::nullopt;
    }

    // The flight `mine` ends, with its answer (kept) or without (it failed).
    void land(const std::string& key, const std::string& revision, const std::shared_ptr<Flight>& mine, std::optional<Answer> answer) {
        if (!mine) return;
        if (answer) keep(key, revision, *answer);
        std::lock_guard lock(mutex_);
        mine->answer = std::move(answer);
        mine->done = true;
        flights_.erase(key + '\0' + revision);
        mine->landed.notify_all();
    }

    // Whether an answer to `key` made on `revision` is kept.
    bool kept_on(const std::string& key, const std::string& revision) {
        std::lock_guard lock(mutex_);
        const auto it = index_.find(key);
        return it != index_.end() && it->second->revision == revision;
    }
    void count_background() {
        std::lock_guard lock(mutex_);
        ++background_;
    }

    void keep(const std::string& key, const std::string& revision, Answer answer) {
        const std::size_t cost = key.size() + answer.body.size() + answer.type.size() + 64;
        if (cost > budget_ / 8) return;  // one answer never takes much of it
        std::lock_guard lock(mutex_);
        if (const auto it = index_.find(key); it != index_.end()) drop(it->second);
        order_.push_front({key, revision, std::move(answer), cost});
        index_[key] = order_.begin();
        bytes_ += cost;
        while (bytes_ > budget_ && !order_.empty()) drop(std::prev(order_.end()));
    }

    void write(rapidjson::Writer<rapidjson::StringBuffer>& w) {
        std::lock_guard lock(mutex_);
        w.StartObject();
        w.Key("hits");
        w.Uint64(hits_);
        w.Key("misses");
        w.Uint64(misses_);
        w.Key("waited");  // answered by another request's making of it
        w.Uint64(shared_);
        w.Key("previous");  // answered from an earlier revision while the answer was made anew
        w.Uint64(previous_);
        w.Key("background");  // made anew in the background while `grappe index` held the index
        w.Uint64(background_);
        w.Key("answers");
        w.Uint64(order_.size());
        w.Key("bytes");
        w.Uint64(bytes_);
        w.Key("budget_bytes");
        w.Uint64(budget_);
        w.EndObject();
    }

  private:
    struct Entry {
        std::string key, revision;
        Answer answer;
        std::size_t cost;
    };
    void drop(std::list<Entry>::iterator it) {
        bytes_ -= it->cost;
        index_.erase(it->key);
        order_.erase(it);
    }
    std::size_t budget_;
    std::mutex mutex_;
    std::list<Entry> order_;
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
    std::uint64_t hits_ = 0, misses_ = 0, shared_ = 0, previous_ = 0, background_ = 0;
};

// One thread that makes answers in the background, one at a time and in
// the order asked (AnswerCache::find): it runs beside the indexer and the
// clients' searches, so it takes one core at most. A job left when the
// daemon stops is dropped (its flight lands empty as the job is destroyed).
class BackgroundMaker {
  public:
    BackgroundMaker() : thread_([this] { run(); }) {}
    BackgroundMaker(const BackgroundMaker&) = delete;
    BackgroundMaker& operator=(const BackgroundMaker&) = delete;
    ~BackgroundMaker() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    // False when too many are waiting already: a later request makes it.
    bool submit(std::function<void()> job) {
        std::lock_guard lock(mutex_);
        if (stop_ || jobs_.size() >= kMaxWaiting) return false;
        jobs_.push_back(std::move(job));
        wake_.notify_one();
        return true;
    }

  private:
    void run() {
        // Below the clients' threads: an answer made early serves nobody
        // sooner (the earlier one is served meanwhile).
        (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
                if (stop_) {
                    jobs_.clear();
                    return;
                }
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }
    static constexpr std::size_t kMaxWaiting = 256;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stop_ = false;
    std::thread thread_;  // last: started once the rest is built
};

// What a worker thread reads the index with: its own database.
struct Worker {
    std::unique_ptr<Searcher> searcher;
    std::unique_ptr<Lexicon> lexicon;
};

class Daemon {
  public:
    explicit Daemon(ServerOptions options) : options_(std::move(options)), started_(Clock::now()), cache_(options_.cache_bytes) {}

    void routes(httplib::Server& server) {
        auto get = [&](const std::string& pattern, const std::string& name, std::string (Daemon::*handler)(const httplib::Request&)) {
            server.Get(pattern, [this, name, handler](const httplib::Request& req, httplib::Response& res) { answer(name, req, res, handler); });
            const httplib::Server::Handler refuse = [](const httplib::Request&, httplib::Response& res) {
                send(res, {405, "method_not_allowed", "only GET is served", "", -1});
            };
            server.Post(pattern, refuse);
            server.Put(pattern, refuse);
            server.Delete(pattern, refuse);
            server.Patch(pattern, refuse);
        };
        uncached_ = {"health", "stats", "cli"};  // cli: its arguments' order matters
        get("/v1/health", "health", &Daemon::health);
        get("/v1/stats", "stats", &Daemon::stats);
        get("/v1/search", "search", &Daemon::search);
        get("/v1/documents", "documents", &Daemon::documents);
        get(R"(/v1/documents/(\d+))", "document", &Daemon::document);
        get(R"(/v1/documents/(\d+)/pages/([^/]+))", "page", &Daemon::page);
        get("/v1/concepts", "concepts", &Daemon::concepts);
        get(R"(/v1/concepts/([a-z0-9-]+))", "concept", &Daemon::concept_of);
        get("/v1/timeline", "timeline", &Daemon::timeline);
        get("/v1/genealogy", "genealogy", &Daemon::genealogy);
        get("/v1/export", "export", &Daemon::exported);
        get("/v1/kwic", "kwic", &Daemon::kwic);
        get("/v1/cli", "cli", &Daemon::command_line);
        // The search page: static files compiled in, no data in them, so
        // served without the token (the page asks for it on a 401).
        for (const web::Asset& asset : web::assets()) {
            const std::string path(asset.path);
            const std::string type = path.ends_with(".html") ? "text/html; charset=utf-8"
                                     : path.ends_with(".css") ? "text/css; charset=utf-8"
                                                              : "text/javascript; charset=utf-8";
            const httplib::Server::Handler page = [asset, type](const httplib::Request&, httplib::Response& res) {
                res.set_header("Content-Security-Policy",
                               "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
                res.set_header("X-Content-Type-Options", "nosniff");
                res.set_header("Cache-Control", "no-cache");
                res.set_content(std::string(asset.content), type);
            };
            server.Get(path, page);
            if (path == "/index.html") server.Get("/", page);
        }
        server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return;
            if (res.status == 404) send(res, {404, "not_found", "no such route: " + req.path, "", -1});
            else if (res.status == 414) send(res, {414, "too_long", "the request's address is too long", "", -1});
            else if (res.status == 413) send(res, {413, "too_long", "the request is too large", "", -1});
            else if (res.status == 400) send(res, {400, "bad_request", "malformed request", "", -1});
        });
    }

  private:
    static void send(httplib::Response& res, const HttpError& e) {
        content_type() = "application/json";
        res.status = e.status;
        res.set_content(envelope(e), "application/json");
    }

    void answer(const std::string& name, const httplib::Request& req, httplib::Response& res,
                std::string (Daemon::*handler)(const httplib::Request&)) {
        const auto start = Clock::now();
        try {
            authorize(req);
            // The same request on the same state of the index: the same answer.
            const bool cached = options_.cache_bytes > 0 && !uncached_.count(name);
            std::string key, revision;
            std::shared_ptr<AnswerCache::Flight> flight;
            // A flight left without an answer (an error) lets its waiters make their own.
            struct Landing {
                AnswerCache& cache;
                const std::string& key;
                const std::string& revision;
                std::shared_ptr<AnswerCache::Flight>& flight;
                ~Landing() { cache.land(key, revision, flight, std::nullopt); }
            } landing{cache_, key, revision, flight};
            if (cached) {
                key = cache_key(name, req);
                const Searcher& current = searcher();
                revision = current.revision();
                // Not for a route with ids in its address: the background's
                // copy of the request keeps no match of it.
                const auto being_written = [&] { return req.matches.size() <= 1 && current.being_written(); };
                bool in_background = false;
                if (std::optional<AnswerCache::Answer> known = cache_.find(key, revision, std::chrono::milliseconds(options_.time_limit_ms),
                                                                           being_written, flight, in_background)) {
                    if (in_background) make_in_background(handler, req, key, revision, std::move(flight));
                    res.status = 200;
                    res.set_content(std::move(known->body), known->type);
                    record(name, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
                    return;
                }
            }
            const std::string made_on = revision;
            std::string body;
            try {
                body = (this->*handler)(req);
            } catch (const IndexError&) {
                // A read that raced a commit: once more on the new revision.
                worker().searcher.reset();
                body = (this->*handler)(req);
            } catch (const Xapian::Error&) {
                // A remote shard's connection closed (xapian-tcpsrv's idle
                // timeout, a restart): once more on new connections.
                worker().searcher.reset();
                body = (this->*handler)(req);
            }
            // As the CLI prints (cli/output.h emit): a file name or a record
            // in another encoding never makes an answer invalid UTF-8.
            if (!is_valid_utf8(body)) body = valid_utf8(body);
            res.status = 200;
            if (cached && searcher().revision() == made_on) {
                cache_.land(key, made_on, flight, AnswerCache::Answer{body, content_type()});
                flight.reset();
            }
            res.set_content(body, content_type());
            content_type() = "application/json";
        } catch (const HttpError& e) {
            send(res, e);
        } catch (const QueryError& e) {
            std::string message = e.what();
            message = message.substr(0, message.rfind(" (column"));
            send(res, {400, "bad_query", message, "q", static_cast<long>(e.column())});
        } catch (const TimeLimitError&) {
            send(res, {503, "time_limit", "the request took longer than its " + std::to_string(options_.time_limit_ms) +
                                              " ms; narrow the query or ask for fewer results", "", -1});
        } catch (const ShardError& e) {
            worker().searcher.reset();
            send(res, {503, "shard_unavailable", e.what(), "", -1});
        } catch (const IndexError&) {
            worker().searcher.reset();
            send(res, {503, "index_unavailable", "the index cannot be read now; try again", "", -1});
        } catch (const Xapian::Error&) {
            worker().searcher.reset();
            send(res, {503, "index_unavailable", "the index cannot be read now; try again", "", -1});
        } catch (const std::exception&) {
            send(res, {500, "internal", "internal error", "", -1});
        }
        record(name, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }

    // The answer to `req` made anew on the background thread and kept for
    // the revision it is made on; `flight` lands with it (or empty, when
    // it fails, the index moved on meanwhile, or the daemon stops first).
    void make_in_background(std::string (Daemon::*handler)(const httplib::Request&), const httplib::Request& req,
                            const std::string& key, const std::string& revision, std::shared_ptr<AnswerCache::Flight> flight) {
        auto copy = std::make_shared<httplib::Request>();  // what the handlers read of a request
        copy->method = req.method;
        copy->path = req.path;
        copy->target = req.target;
        copy->headers = req.headers;
        copy->params = req.params;
        struct Pending {
            AnswerCache& cache;
            std::string key, revision;
            std::shared_ptr<AnswerCache::Flight> flight;
            ~Pending() { cache.land(key, revision, flight, std::nullopt); }
        };
        const std::shared_ptr<Pending> pending(new Pending{cache_, key, revision, std::move(flight)});
        const bool queued = background_.submit([this, handler, copy, pending] {
            try {
                const std::string made_on = searcher().revision();
                // Queued behind others while commits came (this thread runs
                // below the clients): one of them may have made it already.
                if (cache_.kept_on(pending->key, made_on)) return;
                std::string body = (this->*handler)(*copy);
                if (!is_valid_utf8(body)) body = valid_utf8(body);
                AnswerCache::Answer answer{std::move(body), content_type()};
                content_type() = "application/json";
                if (searcher().revision() != made_on) return;
                if (made_on == pending->revision) {
                    cache_.land(pending->key, pending->revision, pending->flight, std::move(answer));
                    pending->flight.reset();
                } else {
                    cache_.keep(pending->key, made_on, std::move(answer));  // a later commit's: as good
                }
            } catch (const IndexError&) {
                worker().searcher.reset();
            } catch (const Xapian::Error&) {
                worker().searcher.reset();
            } catch (...) {
                // Nothing kept: the next request makes its own (and meets the error).
            }
            content_type() = "application/json";
        });
        if (queued) cache_.count_background();
    }

    // The content type of the answer being made (JSON unless an export says otherwise).
    static std::string& content_type() {
        thread_local std::string type = "application/json";
        return type;
    }

    // The endpoint, the address's ids and the parameters, in a canonical order.
    static std::string cache_key(const std::string& name, const httplib::Request& req) {
        std::string key = name + '\n' + req.path;
        std::vector<std::pair<std::string, std::string>> params(req.params.begin(), req.params.end());
        std::sort(params.begin(), params.end());
        for (const auto& [k, v] : params) key += '\n' + k + '=' + v;
        return key;
    }

    void authorize(const httplib::Request& req) const {
        if (options_.token.empty()) return;
        const std::string expected = "Bearer " + options_.token;
        const std::string given = req.get_header_value("Authorization");
        // Constant time: every byte compared, whatever differs first.
        unsigned char differ = given.size() == expected.size() ? 0 : 1;
        for (std::size_t i = 0; i < expected.size(); ++i)
            differ |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
        if (differ) throw HttpError{401, "unauthorized", "a bearer token is required (Authorization: Bearer ...)", "", -1};
    }

    Worker& worker() {
        thread_local std::map<const Daemon*, Worker> workers;
        return workers[this];
    }

    // This thread's searcher, opened or refreshed to the index's last commit.
    Searcher& searcher() {
        Worker& w = worker();
        // A compaction's swap leaves the folder away for an instant: wait
        // for it rather than fail the request (up to about half a second).
        for (int attempt = 0;; ++attempt) {
            try {
                if (!w.searcher) {
                    w.searcher = std::make_unique<Searcher>(options_.index);
                    w.lexicon.reset();
                } else if (w.searcher->refresh()) {
                    w.lexicon.reset();
                }
                return *w.searcher;
            } catch (const ShardError& e) {
                // Named, at once: waiting does not bring a server back.
                w.searcher.reset();
                throw HttpError{503, "shard_unavailable", e.what(), "", -1};
            } catch (const IndexError&) {
                w.searcher.reset();
                if (attempt == 10) throw HttpError{503, "index_unavailable", "the index cannot be opened now; try again", "", -1};
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }

    const Lexicon& lexicon() {
        Searcher& s = searcher();
        Worker& w = worker();
        if (!w.lexicon) {
            std::vector<std::string> warnings;
            w.lexicon = std::make_unique<Lexicon>(current_lexicon(s.lexicon(), CodebookRequest{}, warnings));
        }
        return *w.lexicon;
    }

    static std::string param(const httplib::Request& req, const char* name, const std::string& fallback = "") {
        return req.has_param(name) ? req.get_param_value(name) : fallback;
    }

    static long number(const httplib::Request& req, const char* name, long fallback, long low, long high) {
        if (!req.has_param(name)) return fallback;
        const std::string v = req.get_param_value(name);
        long n = 0;
        bool ok = !v.empty() && v.size() < 10;  // nine digits at most: no overflow
        for (std::size_t i = 0; ok && i < v.size(); ++i) {
            ok = v[i] >= '0' && v[i] <= '9';
            n = n * 10 + (v[i] - '0');
        }
        if (!ok || n < low || n > high)
            throw HttpError{400, "bad_parameter", std::string(name) + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high),
                            name, -1};
        return n;
    }

    static std::string choice(const httplib::Request& req, const char* name, const std::string& fallback, std::initializer_list<const char*> allowed) {
        const std::string v = param(req, name, fallback);
        for (const char* a : allowed)
            if (v == a) return v;
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        throw HttpError{400, "bad_parameter", std::string(name) + " must be one of " + list, name, -1};
    }

    static std::vector<std::string> ids(const httplib::Request& req) {
        std::vector<std::string> out;
        const std::string v = param(req, "ids");
        std::size_t start = 0;
        while (start < v.size()) {
            const std::size_t comma = std::min(v.find(',', start), v.size());
            if (comma > start) out.push_back(v.substr(start, comma - start));
            start = comma + 1;
        }
        return out;
    }

    // ---- endpoints ----

    std::string health(const httplib::Request&) {
        const Searcher& s = searcher();
        if (s.warnings().empty()) return R"({"status":"ok"})";
        // Answering, from the shards that answer (--allow-partial).
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> w(b);
        w.StartObject();
        w.Key("status");
        w.String("partial");
        w.Key("warnings");
        w.StartArray();
        for (const std::string& warning : s.warnings()) w.String(warning.c_str());
        w.EndArray();
        w.EndObject();
        return std::string(b.GetString(), b.GetSize());
    }

    std::string stats(const httplib::Request&) {
        Searcher& s = searcher();
        const Xapian::Database& db = s.database();
        const auto records = db.get_termfreq(std::string(schema::kTermRecord));
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> w(b);
        w.StartObject();
        w.Key("documents");
        w.Uint(records);
        w.Key("passages");
        w.Uint(db.get_doccount() - records);
        w.Key("works_in_several_files");
        w.Uint64(s.works().groups().size());
        // Every shard has the same versions (open_index_source checks them).
        const auto answering = std::find_if(s.shards().parts.begin(), s.shards().parts.end(), [](const ShardPart& p) { return !p.absent; });
        const Xapian::Database& first = answering == s.shards().parts.end() ? db : answering->db;
        w.Key("schema");
        w.String(first.get_metadata(std::string(schema::kMetaSchema)).c_str());
        w.Key("analyzer");
        w.String(first.get_metadata(std::string(schema::kMetaAnalyzer)).c_str());
        w.Key("shards");
        w.Uint64(s.shards().sharded() ? s.shards().parts.size() : 1);
        w.Key("shards_absent");
        w.Uint64(static_cast<std::uint64_t>(
            std::count_if(s.shards().parts.begin(), s.shards().parts.end(), [](const ShardPart& p) { return p.absent; })));
        w.Key("lexicon");
        w.String(s.lexicon().hash.c_str());
        w.Key("uptime_s");
        w.Double(std::chrono::duration<double>(Clock::now() - started_).count());
        std::lock_guard lock(stats_mutex_);
        w.Key("requests");
        w.StartObject();
        for (const auto& [name, n] : requests_) {
            w.Key(name.c_str());
            w.Uint64(n);
        }
        w.EndObject();
        std::vector<double> sorted = latencies_;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) { return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))]; };
        w.Key("cache");
        cache_.write(w);
        w.Key("latency_ms");
        w.StartObject();
        w.Key("p50");
        w.Double(at(0.5));
        w.Key("p99");
        w.Double(at(0.99));
        w.EndObject();
        w.EndObject();
        return std::string(b.GetString(), b.GetSize());
    }

    std::string search(const httplib::Request& req) {
        SearchRequest request;
        request.query = query_param(req);
        request.by_passage = choice(req, "by", "document", {"document", "passage"}) == "passage";
        const std::string within = choice(req, "within", "page", {"passage", "window", "page", "document"});
        for (Scope scope : {Scope::Passage, Scope::Window, Scope::Page, Scope::Document})
            if (within == scope_name(scope)) request.scope = scope;
        request.limit = static_cast<std::size_t>(number(req, "limit", 10, 1, 1000));
        request.offset = static_cast<std::size_t>(number(req, "offset", 0, 0, 10000));
        request.facets = choice(req, "facets", "true", {"true", "false"}) == "true";
        request.deadline = deadline();
        Searcher& s = searcher();
        const SearchResults results = s.search(request);
        std::vector<std::string> warnings = s.warnings();
        if (results.concept_filters)
            for (std::string& w : cli::lexicon_warnings(s, CodebookRequest{})) warnings.push_back(std::move(w));
        return cli::results_json(request, results, warnings);
    }

    // As `grappe list --format json`, optionally with q.
    std::string documents(const httplib::Request& req) {
        const std::string q = param(req, "q");
        if (q.size() > 2000) throw HttpError{400, "too_long", "the query is longer than 2,000 bytes", "q", -1};
        return cli::list_json(searcher(), q);
    }

    std::string document(const httplib::Request& req) {
        const std::string id = req.matches[1];
        if (id.size() > 9) throw HttpError{404, "not_found", "no document " + id, "", -1};
        const auto doc = static_cast<std::uint32_t>(std::stoul(id));
        const auto record = searcher().record(doc);
        if (!record) throw HttpError{404, "not_found", "no document " + id, "", -1};
        return record_to_json(*record, doc);
    }

    // As `grappe show ID --page LABEL --format json`.
    std::string page(const httplib::Request& req) {
        const std::string id = req.matches[1];
        const std::string label = req.matches[2];
        if (id.size() > 9) throw HttpError{404, "not_found", "no document " + id, "", -1};
        const auto doc = static_cast<std::uint32_t>(std::stoul(id));
        Searcher& s = searcher();
        const auto record = s.record(doc);
        if (!record) throw HttpError{404, "not_found", "no document " + id, "", -1};
        const std::optional<std::uint32_t> index = cli::page_index_of(*record, label);
        if (!index) throw HttpError{404, "not_found", "document " + id + " has no page \"" + label + "\" (" + cli::page_range_text(*record) + ")", "label", -1};
        const std::vector<PassageData> passages = s.page_passages(doc, *index);
        const std::string mark = param(req, "mark");
        if (mark.empty()) return cli::page_json(doc, *record, *index, passages);
        if (mark.size() > 2000) throw HttpError{400, "too_long", "the query is longer than 2,000 bytes", "mark", -1};
        try {
            const auto marks = cli::page_marks(s, mark, passages);
            return cli::page_json(doc, *record, *index, passages, &marks);
        } catch (const QueryError& e) {
            const std::string message = e.what();
            throw HttpError{400, "bad_query", message.substr(0, message.rfind(" (column")), "mark", static_cast<long>(e.column())};
        }
    }

    // Past it, a search stops (TimeLimitError: 503 time_limit).
    [[nodiscard]] std::chrono::steady_clock::time_point deadline() const {
        return Clock::now() + std::chrono::milliseconds(options_.time_limit_ms);
    }

    std::string concepts(const httplib::Request& req) {
        const Lexicon& lex = lexicon();
        Searcher& s = searcher();
        const auto top = static_cast<std::size_t>(number(req, "top", 3, 0, 100));
        return cli::concepts_json(concept_table(s.database(), s.works(), lex, top), false, lex.tagging_hash(), s.lexicon().hash);
    }

    // As `grappe concepts ID --format json`; an unknown id: 404 with the nearest.
    std::string concept_of(const httplib::Request& req) {
        const Lexicon& lex = lexicon();
        Searcher& s = searcher();
        const std::string id = req.matches[1];
        const Concept* found = lex.find(id);
        if (!found) throw HttpError{404, "not_found", cli::unknown_concept_message(id, lex), "id", -1};
        const ConceptTable table = concept_table(s.database(), s.works(), lex, 3);
        const ConceptFigures* figures = nullptr;
        for (const auto& f : table.concepts)
            if (f.id == found->id) figures = &f;
        return cli::concept_json(*found, lex.find_family(found->family), figures);
    }

    std::string timeline(const httplib::Request& req) {
        const Lexicon& lex = lexicon();
        Searcher& s = searcher();
        TimelineRequest request;
        const std::string axis = choice(req, "axis", "published", {"published", "cited", "period"});
        request.axis = axis == "cited" ? TimeAxis::Cited : axis == "period" ? TimeAxis::Period : TimeAxis::Published;
        request.bin = static_cast<int>(number(req, "bin", 1, 1, 500));
        request.smooth = static_cast<int>(number(req, "smooth", 1, 1, 99));
        request.from = static_cast<int>(number(req, "from", 0, 0, 2100));
        request.to = static_cast<int>(number(req, "to", 0, 0, 2100));
        if (request.from && request.to && request.from > request.to) throw HttpError{400, "bad_parameter", "from is after to", "from", -1};
        request.where = param(req, "where");
        std::vector<cli::SeriesName> names;
        const std::vector<std::string> asked = ids(req);
        if (asked.empty()) throw HttpError{400, "bad_parameter", "ids, the concept or family ids, is missing", "ids", -1};
        for (const std::string& arg : asked) {
            const auto series = cli::resolve_concept_arg(arg, lex, s.lexicon());
            if (!series) throw HttpError{404, "not_found", cli::unknown_concept_message(arg, lex), "ids", -1};
            request.series.push_back(*series);
            names.push_back(cli::series_name(*series, lex, s.lexicon()));
        }
        const std::string format = choice(req, "format", "json", {"json", "csv", "svg"});
        const bool french = choice(req, "lang", "en", {"en", "fr"}) == "fr";  // the chart's words
        try {
            const Timeline t = compute_timeline(s, request);
            if (format == "csv") {
                content_type() = "text/csv; charset=utf-8";
                return cli::timeline_csv(t, names);
            }
            if (format == "svg") {
                content_type() = "image/svg+xml";
                return cli::timeline_svg(t, names, french);
            }
            return cli::timeline_json(t, names);
        } catch (const QueryError& e) {
            std::string message = e.what();
            throw HttpError{400, "bad_query", message.substr(0, message.rfind(" (column")), "where", static_cast<long>(e.column())};
        }
    }

    std::string genealogy(const httplib::Request& req) {
        const Lexicon& lex = lexicon();
        Searcher& s = searcher();
        std::string unknown;
        const std::vector<std::string> concept_ids = cli::concept_ids_of(ids(req), lex, s.lexicon(), unknown);
        if (!unknown.empty()) throw HttpError{404, "not_found", cli::unknown_concept_message(unknown, lex), "ids", -1};
        const auto top = static_cast<std::size_t>(number(req, "top", 3, 1, 50));
        const std::vector<Genealogy> all = compute_genealogy(s, concept_ids, top);
        std::vector<cli::SeriesName> names;
        for (const Genealogy& g : all) names.push_back(cli::series_name({g.id, false}, lex, s.lexicon()));
        return cli::genealogy_json(all, names);
    }

    static std::string query_param(const httplib::Request& req) {
        const std::string q = param(req, "q");
        if (q.empty()) throw HttpError{400, "bad_parameter", "q, the query, is missing", "q", -1};
        if (q.size() > 2000) throw HttpError{400, "too_long", "the query is longer than 2,000 bytes", "q", -1};
        return q;
    }

    // As `grappe export`: the same parameters, --format's output with its
    // content type; at most 10,000 rows.
    std::string exported(const httplib::Request& req) {
        cli::ExportOptions options;
        options.query = query_param(req);
        options.format = choice(req, "format", "md", {"md", "csv", "json", "bibtex", "ris", "csl-json"});
        options.by = choice(req, "by", "passage", {"passage", "document"});
        options.within = choice(req, "within", "page", {"passage", "window", "page", "document"});
        options.style = choice(req, "style", "author-date", {"author-date", "numeric"});
        options.pandoc = choice(req, "cite", "", {"", "pandoc"}) == "pandoc";
        if (options.pandoc && options.format != "md")
            throw HttpError{400, "bad_parameter", "cite=pandoc writes Markdown citations: use it with format=md", "cite", -1};
        options.limit = static_cast<std::size_t>(number(req, "limit", 100, 1, 10000));
        options.deadline = deadline();
        std::ostringstream out;
        (void)cli::write_export(searcher(), options, out);
        static const std::map<std::string, std::string> kTypes = {{"md", "text/markdown; charset=utf-8"},
                                                                  {"csv", "text/csv; charset=utf-8"},
                                                                  {"json", "application/json"},
                                                                  {"bibtex", "application/x-bibtex; charset=utf-8"},
                                                                  {"ris", "application/x-research-info-systems; charset=utf-8"},
                                                                  {"csl-json", "application/vnd.citationstyles.csl+json"}};
        content_type() = kTypes.at(options.format);
        return out.str();
    }

    // As `grappe kwic`, JSON by default; at most 10,000 lines.
    std::string kwic(const httplib::Request& req) {
        cli::KwicOptions options;
        options.query = query_param(req);
        options.width = static_cast<std::size_t>(number(req, "width", 40, 5, 500));
        options.sort = choice(req, "sort", "doc", {"doc", "left", "right", "date"});
        options.limit = static_cast<std::size_t>(number(req, "limit", 1000, 1, 10000));
        options.format = choice(req, "format", "json", {"json", "csv", "text"});
        options.deadline = deadline();
        std::ostringstream out;
        (void)cli::write_kwic(searcher(), options, out, cli::Style{});
        if (options.format == "csv") content_type() = "text/csv; charset=utf-8";
        if (options.format == "text") content_type() = "text/plain; charset=utf-8";
        return out.str();
    }

    // A command line of a `--server` client, run here as the program would
    // (cli/remote.h): its exit code and outputs.
    std::string command_line(const httplib::Request& req) {
        std::vector<std::string> args;
        const std::size_t n = req.get_param_value_count("arg");
        if (n > 200) throw HttpError{400, "too_long", "more than 200 arguments", "arg", -1};
        for (std::size_t i = 0; i < n; ++i) args.push_back(req.get_param_value("arg", i));
        cli::CapturedOutput output;
        output.colour = param(req, "colour") == "1";
        output.deadline = deadline();
        const int code = cli::run_for_client(param(req, "command"), args, options_.index, output);
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> w(b);
        w.StartObject();
        w.Key("exit");
        w.Int(code);
        cli::json_member(w, "stdout", output.out);
        cli::json_member(w, "stderr", output.err);
        w.Key("files");
        w.StartArray();
        for (const auto& [name, content] : output.files) {
            w.StartObject();
            cli::json_member(w, "name", name);
            cli::json_member(w, "content", content);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        return std::string(b.GetString(), b.GetSize());
    }

    void record(const std::string& name, double ms) {
        std::lock_guard lock(stats_mutex_);
        ++requests_[name];
        if (latencies_.size() >= 10000) latencies_.erase(latencies_.begin(), latencies_.begin() + 5000);
        latencies_.push_back(ms);
    }

    ServerOptions options_;
    Clock::time_point started_;
    AnswerCache cache_;
    std::set<std::string> uncached_;
    std::mutex stats_mutex_;
    std::map<std::string, std::uint64_t> requests_;
    std::vector<double> latencies_;
    BackgroundMaker background_;  // last: its thread stops before the rest goes
};

bool loopback(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

}  // namespace

std::string check_server_options(const ServerOptions& options) {
    if (!loopback(options.host) && options.token.empty())
        return "listening on " + options.host + " needs a token (--token-file): without one only 127.0.0.1 is served";
    return "";
}

ServeEnd serve(const ServerOptions& options, const std::atomic<bool>& stop, const std::function<void(int port)>& on_listening) {
    httplib::Server server;
    Daemon daemon(options);
    daemon.routes(server);
    // A kept-alive connection holds its thread between requests (httplib's
    // model): threads are for clients connected at once, not for cores.
    const std::size_t threads = options.threads ? options.threads : std::max<std::size_t>(16, 4 * std::thread::hardware_concurrency());
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_read_timeout(5, 0);
    server.set_write_timeout(10, 0);
    server.set_keep_alive_timeout(5);
    server.set_keep_alive_max_count(1000);
    // Headers and body leave in two writes: without this, Nagle's algorithm
    // holds the body until the client's delayed ACK (40 ms a request).
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(64 * 1024);
    int port = options.port;
    if (port == 0) port = server.bind_to_any_port(options.host);
    else if (!server.bind_to_port(options.host, port)) port = -1;
    if (port < 0) return ServeEnd::cannot_bind;
    on_listening(port);
    std::atomic<bool> listening{true};
    std::thread listener([&] {
        server.listen_after_bind();
        listening = false;
    });
    while (!stop.load() && listening.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // Stopped, or accept() failed for good (httplib retries EINTR, EAGAIN
    // and EMFILE, and ends its loop and closes the socket on any other
    // error): either way no more connections; the pool finishes the
    // requests in flight. A daemon that cannot accept says so and exits
    // rather than stay up answering no one.
    const bool asked = stop.load();
    server.stop();
    listener.join();
    return asked ? ServeEnd::stopped : ServeEnd::listening_failed;
}

}  // namespace grappe
