// A HAL cover page, as HAL prints it before every deposit (PDF, and the
// text or HTML exports made from them): the title, the authors, "To cite
// this version: AUTHORS. TITLE. VENUE, DATE, PLACE. ⟨hal-01603657⟩", "HAL
// Id: hal-01603657", "Submitted on 5 Jun 2020" and the open-archive
// disclaimer. The citation gives the work's date; "Submitted on" is only
// the deposit's.
#pragma once

#include <string>
#include <vector>

namespace grappe {

struct HalCover {
    std::string title, authors;  // authors as printed: "André Torre, Jean-Benoit Zimmermann"
    std::string date, year;      // of the work: "Jun 2016", "2016"
    std::string deposit_date;    // "5 Jun 2020"
    std::string hal_id;          // "hal-01603657"
    std::string venue;           // "Forum Innovation, Réseau de Recherche de l'Innovation."
    std::string type;            // from the citation's shape (work_type.h), "" when it shows none
};

// `paragraphs`: the cover's paragraphs, in order.
[[nodiscard]] HalCover read_hal_cover(const std::vector<std::string>& paragraphs);

}  // namespace grappe
