// Front matter: the block of fields at the head of a Markdown file, as
// static-site generators and note-taking tools write it, YAML between
// "---" lines (Jekyll, Hugo, Obsidian, pandoc) or TOML between "+++" lines
// (Hugo). Only the top-level fields are read, scalars and lists:
//   title: "Des clusters aux écosystèmes"      authors: ["Eric Marcon", "Florence Puech"]
//   auteur: Damien Belvèze                      tags:
//   date: 11-03-2022                              - tiers-lieux
// Nested maps, anchors and other YAML are skipped, never an error: a file
// is indexed for its text, whatever its front matter holds.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extract/raw_document.h"

namespace grappe {

struct FrontMatter {
    // Folded keys ("titre", "date de publication" -> "date_de_publication")
    // to their values, each list item apart; quotes removed.
    std::map<std::string, std::vector<std::string>> fields;
    std::size_t body_offset = 0;  // where the text after the block starts; 0 without one
    [[nodiscard]] const std::vector<std::string>* get(std::string_view key) const;
};

[[nodiscard]] FrontMatter read_front_matter(std::string_view text);

// What the fields say about the work, declared on `doc` (first statement
// wins): title / titre; author(s) / auteur(s) / creator; date / year /
// année / date de publication / published / issued (never created,
// modified, lastmod or updated: those are the file's); the kind
// (publication_types, type, layout: post); venue / publication / journal;
// doi. `abstract` gets the abstract / summary / résumé / description text.
void declare_front_matter(const FrontMatter& front, RawDocument& doc, std::string& abstract);

}  // namespace grappe
