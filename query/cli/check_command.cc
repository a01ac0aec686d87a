// grappe check: an index's health (store/index_check.h), shard by shard.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "store/index_check.h"
#include "store/index_writer.h"

namespace grappe::cli {

Runner add_check_command(CLI::App& app) {
    auto* sub = app.add_subcommand("check", "Check that an index is consistent: records and passages agree, versions are this grappe's");
    struct Args {
        IndexArgs index;
        std::string format = "text";
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("--format", args->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));

    return [args]() -> int {
        const IndexSource source = resolve_source(args->index);
        rapidjson::StringBuffer b;
        JsonWriter w(b);
        w.StartObject();
        w.Key("shards");
        w.StartArray();
        bool consistent = true;
        for (const std::string& dir : source.shards) {
            if (dir.rfind("tcp://", 0) == 0) {
                print_error(dir + ": grappe check reads a shard's folder; run it where the shard is");
                return kExitError;
            }
            IndexCheck check;
            schema::Shard shard;
            try {
                // A writer's commits can discard the revision being read: read the new one.
                for (int attempt = 0;; ++attempt) {
                    try {
                        const Xapian::Database db = open_index(dir);
                        if (const auto declared = schema::parse_shard(db.get_metadata(std::string(schema::kMetaShard)))) shard = *declared;
                        check = check_index(db, shard);
                        break;
                    } catch (const Xapian::DatabaseModifiedError&) {
                        if (attempt == 4) throw;
                    }
                }
            } catch (const IndexError& e) {
                print_error(e.what());
                return kExitError;
            } catch (const Xapian::Error& e) {
                print_error("cannot read " + dir + ": " + e.get_description());
                return kExitError;
            }
            consistent = consistent && check.consistent();
            if (args->format == "text") {
                const std::string what = shard.sharded() ? dir + " (shard " + shard.name() + ")" : dir;
                out_printf("%s: %zu documents (%zu indexed), %zu passages: %s\n", what.c_str(), check.records, check.indexed, check.passages,
                           check.consistent() ? "consistent" : (std::to_string(check.problems_found) + " problems").c_str());
                for (const std::string& p : check.problems) out_printf("  %s\n", p.c_str());
                if (check.problems_found > check.problems.size())
                    out_printf("  ... and %zu more\n", check.problems_found - check.problems.size());
            }
            w.StartObject();
            json_member(w, "db", dir);
            w.Key("shard");
            if (shard.sharded()) w.String(shard.name().c_str());
            else w.Null();
            w.Key("documents");
            w.Uint64(check.records);
            w.Key("indexed");
            w.Uint64(check.indexed);
            w.Key("passages");
            w.Uint64(check.passages);
            w.Key("consistent");
            w.Bool(check.consistent());
            w.Key("problems_found");
            w.Uint64(check.problems_found);
            json_member(w, "problems", check.problems);
            w.EndObject();
        }
        w.EndArray();
        w.Key("consistent");
        w.Bool(consistent);
        w.EndObject();
        if (args->format == "json") emit(std::string(b.GetString(), b.GetSize()));
        if (!consistent && args->format == "text")
            err_printf("The index is not consistent: rebuild it (grappe index --rebuild --db DIR PATH...) and report the problems above.\n");
        return consistent ? kExitOk : kExitPartial;
    };
}

}  // namespace grappe::cli
