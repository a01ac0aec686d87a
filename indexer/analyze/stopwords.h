// The French stopword list, compiled into the program from stopwords/fr.txt
// (see stopwords.cc.in) so an installed grappe never looks for a data file.
#pragma once
#include <string_view>

namespace grappe {
[[nodiscard]] std::string_view french_stopwords_text();
}
