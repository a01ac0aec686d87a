#include "cli/concept_args.h"

#include <algorithm>

#include "text/folding.h"
#include "parse/query_parser.h"

namespace grappe::cli {

namespace {

bool is_family(const std::string& id, const Lexicon& lexicon, const IndexLexicon& recorded) {
    if (lexicon.find_family(id)) return true;
    for (const auto& [concept_id, family] : recorded.families)
        if (family == id) return true;
    return false;
}

}  // namespace

std::optional<SeriesRequest> resolve_concept_arg(const std::string& arg, const Lexicon& lexicon, const IndexLexicon& recorded) {
    if (arg.rfind("family:", 0) == 0) {
        const std::string id = arg.substr(7);
        if (is_family(id, lexicon, recorded)) return SeriesRequest{id, true};
        return std::nullopt;
    }
    const bool concept_only = arg.rfind("concept:", 0) == 0;
    const std::string id = concept_only ? arg.substr(8) : arg;
    if (lexicon.find(id) || recorded.families.count(id)) return SeriesRequest{id, false};
    if (!concept_only && is_family(id, lexicon, recorded)) return SeriesRequest{id, true};
    return std::nullopt;
}

std::vector<std::string> family_concepts(const std::string& family, const Lexicon& lexicon, const IndexLexicon& recorded) {
    std::vector<std::string> out;
    for (const Concept& c : lexicon.concepts())
        if (c.family == family) out.push_back(c.id);
    for (const auto& [id, f] : recorded.families)
        if (f == family && !lexicon.find(id)) out.push_back(id);
    return out;
}

std::vector<std::string> concept_ids_of(const std::vector<std::string>& args, const Lexicon& lexicon, const IndexLexicon& recorded,
                                        std::string& unknown) {
    std::vector<std::string> ids;
    auto add = [&](const std::string& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    if (args.empty()) {
        for (const Concept& c : lexicon.concepts()) add(c.id);
        for (const auto& [id, family] : recorded.families) add(id);
    }
    for (const std::string& arg : args) {
        const auto series = resolve_concept_arg(arg, lexicon, recorded);
        if (!series) {
            unknown = arg;
            return {};
        }
        if (series->family)
            for (const std::string& id : family_concepts(series->id, lexicon, recorded)) add(id);
        else
            add(series->id);
    }
    return ids;
}

SeriesName series_name(const SeriesRequest& s, const Lexicon& lexicon, const IndexLexicon& recorded) {
    if (s.family) {
        const ConceptFamily* f = lexicon.find_family(s.id);
        return {f && !f->label.empty() ? f->label : s.id, s.id};
    }
    if (const Concept* c = lexicon.find(s.id)) return {c->label.empty() ? s.id : c->label, c->family};
    const auto it = recorded.families.find(s.id);
    return {s.id, it == recorded.families.end() ? "" : it->second};
}

ConceptVocabulary lexicon_vocabulary(const Lexicon& lexicon) {
    ConceptVocabulary vocabulary;
    for (const Concept& c : lexicon.concepts()) vocabulary.family_of[c.id] = c.family;
    vocabulary.names = [&lexicon] {
        std::vector<std::pair<std::string, std::string>> names;
        for (const Concept& c : lexicon.concepts()) {
            names.emplace_back(c.label, c.id);
            for (const SurfaceForm& f : c.forms) names.emplace_back(f.text, c.id);
        }
        return names;
    };
    return vocabulary;
}

std::string unknown_concept_message(const std::string& arg, const Lexicon& lexicon) {
    const ConceptVocabulary vocabulary = lexicon_vocabulary(lexicon);
    const std::size_t colon = arg.find(':');
    const std::string id = colon == std::string::npos ? arg : arg.substr(colon + 1);
    std::string message = "no concept or family \"" + arg + "\" in the lexicon";
    if (const std::string near = suggest_concept(lower_text(id), vocabulary); !near.empty()) message += "; did you mean " + near + "?";
    return message + " (grappe concepts lists them)";
}

}  // namespace grappe::cli
