// Codebooks (concepts/lexicon.h): a TOML layer a user writes over the
// default lexicon is taken whole or refused whole with a LexiconError, and
// a lexicon it makes can tag text.
#include "analyze/analyzer.h"
#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grappe;
    static const Analyzer analyzer;
    static const Lexicon base = Lexicon::default_lexicon();
    static const std::string text = Analyzer::prepare(
        "Les districts industriels marshalliens, puis les milieux innovateurs du GREMI, et les clusters de Porter (1998) "
        "précèdent les pôles de compétitivité de 2005 et les écosystèmes d'affaires. L'écosystème d'innovation du plateau "
        "de Saclay n'est pas un système productif local.");
    // The first byte: over the default lexicon, or alone.
    const fuzz::Choice in = fuzz::choose(data, size, 2);
    Lexicon lexicon = in.which == 0 ? base : Lexicon{};
    const std::string hash_before = lexicon.tagging_hash();
    const std::size_t concepts_before = lexicon.concepts().size();
    try {
        lexicon.add_layer(in.rest, "fuzz.toml");
    } catch (const LexiconError& e) {
        fuzz::require(lexicon.tagging_hash() == hash_before && lexicon.concepts().size() == concepts_before,
                      "a refused layer changed the lexicon", e.what());
        return 0;
    }
    try {
        const ConceptTagger tagger(lexicon, analyzer);
        for (const ConceptMention& m : tagger.tag(text)) {
            fuzz::require(m.begin < m.end && m.end <= text.size(), "mention outside the text", m.id);
            fuzz::require(lexicon.find(m.id) != nullptr, "mention of a concept the lexicon lacks", m.id);
        }
    } catch (const LexiconError&) {
        // A form with no word in it: refused when the tagger is built, as documented.
    }
    return 0;
}
