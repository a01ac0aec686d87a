// grappe retag: applies a changed lexicon to an existing index, from the
// stored passage text, without reading any file again.
#include <cstdio>

#include "cli/commands.h"
#include "cli/output.h"
#include "pipeline/index_run.h"
#include "store/index_writer.h"

namespace grappe::cli {

void add_lexicon_option(CLI::App& sub, CodebookRequest& request) {
    auto* files = sub.add_option("--lexicon", request.files,
                                 "A codebook (TOML, the format of corpus/concepts/fr.toml) layered on the default lexicon; repeat for "
                                 "several. Default: the codebooks the index was tagged with, and grappe.toml at the root of an "
                                 "indexed folder")
                      ->check(CLI::ExistingFile);
    sub.add_flag("--no-codebooks", request.none,
                 "The default lexicon alone: forget the codebooks the index was tagged with, and any grappe.toml")
        ->excludes(files);
}

void print_retag(const RetagReport& report) {
    std::printf("%zu passages read again, %zu changed, in %.2f s.\n", report.passages, report.changed, report.seconds);
    for (const auto& [id, counts] : report.by_concept)
        std::printf("  %-30s +%zu passages, -%zu passages\n", id.c_str(), counts.first, counts.second);
}

void write_retag_json(rapidjson::Writer<rapidjson::StringBuffer>& w, const RetagReport& report) {
    w.StartObject();
    w.Key("passages_read");
    w.Uint64(report.passages);
    w.Key("passages_changed");
    w.Uint64(report.changed);
    w.Key("seconds");
    w.Double(report.seconds);
    w.Key("concepts");
    w.StartObject();
    for (const auto& [id, counts] : report.by_concept) {
        w.Key(id.c_str());
        w.StartObject();
        w.Key("gained");
        w.Uint64(counts.first);
        w.Key("lost");
        w.Uint64(counts.second);
        w.EndObject();
    }
    w.EndObject();
    w.EndObject();
}

Runner add_retag_command(CLI::App& app) {
    auto* sub = app.add_subcommand("retag", "Tag the stored passages again with a changed lexicon (no file is read again)");
    struct Args {
        std::string db;
        CodebookRequest lexicons;
        bool force = false;
        std::string format = "text";
    };
    auto args = std::make_shared<Args>();
    add_db_option(*sub, args->db);
    add_lexicon_option(*sub, args->lexicons);
    sub->add_flag("--force", args->force, "Tag again even when the lexicon is the one the index was tagged with");
    sub->add_option("--format", args->format, "Report as text or json")->check(CLI::IsMember({"text", "json"}));

    return [args]() -> int {
        const std::string db = resolve_db(args->db);
        try {
            require_index(db);  // the writer would create one
            IndexWriter writer(db);
            const IndexLexicon recorded = writer.lexicon();
            std::vector<std::string> warnings;
            const std::vector<std::string> codebooks = choose_codebooks(args->lexicons, recorded.codebooks, {}, warnings);
            for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
            const Lexicon lexicon = load_lexicon(codebooks);
            RetagReport report;
            const bool same = recorded.hash == lexicon.tagging_hash() && !args->force;
            if (same) {
                if (recorded.codebooks != codebooks) {
                    writer.record_lexicon(lexicon, codebooks);
                    writer.commit();
                }
            } else {
                const Analyzer analyzer;
                const ConceptTagger tagger(lexicon, analyzer);
                report = writer.retag(lexicon, tagger, analyzer, codebooks);
            }
            if (args->format == "json") {
                rapidjson::StringBuffer b;
                rapidjson::Writer<rapidjson::StringBuffer> w(b);
                w.StartObject();
                w.Key("db");
                w.String(db.c_str());
                w.Key("lexicon");
                w.String(lexicon.tagging_hash().c_str());
                w.Key("codebooks");
                w.StartArray();
                for (const auto& c : codebooks) w.String(c.c_str());
                w.EndArray();
                w.Key("unchanged_lexicon");
                w.Bool(same);
                w.Key("report");
                write_retag_json(w, report);
                w.EndObject();
                std::printf("%s\n", b.GetString());
            } else if (same) {
                std::printf("The index is already tagged with this lexicon (%zu concepts); nothing to do (--force tags again anyway).\n",
                            lexicon.concepts().size());
            } else {
                std::string layers = "default lexicon";
                for (const auto& c : codebooks) layers += " + " + c;
                std::printf("Tagged again with %zu concepts (%s).\n", lexicon.concepts().size(), layers.c_str());
                print_retag(report);
            }
            return kExitOk;
        } catch (const IndexError& e) {
            print_error(e.what());
        } catch (const LexiconError& e) {
            print_error(std::string("lexicon refused, index unchanged: ") + e.what());
        } catch (const Xapian::Error& e) {
            print_error("retag failed, index unchanged: " + e.get_description());
        }
        return kExitError;
    };
}

}  // namespace grappe::cli
