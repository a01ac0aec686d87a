// The concept lexicon: families, concepts and the surface forms that name
// them, loaded from TOML (corpus/concepts/fr.toml is compiled in as the
// default; users add codebooks in the same format). The file's own header
// comment documents the format for the people who edit it.
//
// Layering: the default lexicon first, then each codebook in order. In a
// codebook, an id already defined by an earlier layer overrides it: the
// fields it gives replace the earlier ones, `more_forms` appends forms,
// `disabled = true` removes the concept. Within one file an id is defined
// once.
//
// Every error names the file, the line and the fix, and nothing of a
// refused file is applied.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace grappe {

class LexiconError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ConceptFamily {
    std::string id;
    std::string label;
    std::string definition;
};

struct ConceptReference {
    std::string author;
    int year = 0;
};

struct SurfaceForm {
    std::string text;
    bool case_sensitive = false;
    std::vector<std::string> not_preceded_by;  // phrases
    std::vector<std::string> not_followed_by;  // phrases
    std::vector<std::string> unless_near;      // words
    std::vector<std::string> only_near;        // words
    unsigned window = 10;                      // for unless_near / only_near, words either side
    std::string origin;                        // "file:line", for messages
};

struct Concept {
    std::string id;
    std::string family;
    std::string label;
    std::string definition;
    std::vector<ConceptReference> references;
    std::vector<SurfaceForm> forms;
    std::string origin;  // "file:line" of the definition in force
};

// Edits (insert, delete, substitute, swap two neighbours) from a to b; for
// "did you mean" in messages.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word` within a few edits, or "".
[[nodiscard]] std::string closest_to(std::string_view word, const std::vector<std::string>& candidates);

class Lexicon {
  public:
    // The compiled-in default (corpus/concepts/fr.toml).
    [[nodiscard]] static Lexicon default_lexicon();
    // An empty lexicon, for tests and for building one from a single file.
    Lexicon() = default;

    // Adds one layer. `source` names it in messages (a path, or "default").
    // Throws LexiconError; the lexicon is unchanged when it does.
    void add_layer(std::string_view toml_text, const std::string& source);
    // Reads the file and adds it as a layer. Throws LexiconError (also for
    // a file that cannot be read).
    void add_file(const std::string& path);

    [[nodiscard]] const std::vector<ConceptFamily>& families() const { return families_; }
    [[nodiscard]] const std::vector<Concept>& concepts() const { return concepts_; }
    [[nodiscard]] const Concept* find(std::string_view id) const;
    [[nodiscard]] const ConceptFamily* find_family(std::string_view id) const;
    // The layers added, in order ("default", then paths).
    [[nodiscard]] const std::vector<std::string>& sources() const { return sources_; }

    // 16 hex digits over everything that decides what gets tagged (ids,
    // families, forms and their conditions, the tagger's version), not over
    // labels or definitions: an index records it, and a different hash means
    // its tags are stale.
    [[nodiscard]] std::string tagging_hash() const;

  private:
    std::vector<ConceptFamily> families_;
    std::vector<Concept> concepts_;
    std::vector<std::string> sources_;
};

}  // namespace grappe
