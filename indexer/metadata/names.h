// People's names: the author lists files and covers print, read into family
// and given names, and the test that tells a line of names from a title, a
// subtitle, an institution or a role.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grappe {

struct Author {
    std::string family;
    std::string given;
    bool operator==(const Author&) const = default;
};

// "André Torre, Jean-Benoit Zimmermann", "Julien Moreau et Anne Petit",
// "Moreau, Julien; Petit, Anne", "BRUNET Philippe" -> family and given names.
[[nodiscard]] std::vector<Author> parse_authors(std::string_view list);

// "P.O. Chasset, H. Commenges, C. Cottineau, J. Raimbault", "CRUVELLIER
// Baptiste", "Fabien Petit¹ et Anne Morel*": a line of people's names, each
// of two to four words that are capitalised names, initials or particles;
// not an institution, a role or a subtitle in lower case.
// `names`: the line without its affiliation marks, people separated by ", ".
[[nodiscard]] bool reads_as_names(std::string_view line, std::string* names = nullptr);

}  // namespace grappe
