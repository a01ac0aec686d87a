// Periods a text names: the third time axis of a concept's genealogy (the
// years a text talks about, beside the year it was written and the years
// of the works it cites). Read in French and English:
//   decades     "les années 1970" (1970-1979), "années 80", "the 1990s",
//               "années 1970-1980" (1970-1989), "la décennie 1990"
//   thirds      "début des années 1980" (1980-1983), "milieu des années
//               1990" (1994-1996), "fin des années 1990" (1997-1999);
//               "early/mid/late 1990s" likewise; of a century the same
//               thirds ("fin du XIXe siècle": 1868-1900)
//   centuries   "au XIXe siècle" (1801-1900), "XIXème", "19e siècle",
//               "XIXe et XXe siècles", "the 19th century"
//   ranges      "de 1945 à 1975", "entre 1990 et 2000", "1998-1999",
//               "1998-99", "from 1945 to 1975", "between 1990 and 2000"
//   years       after a word that dates: "en 1982", "dès 2005", "depuis
//               1990", "jusqu'en 2010", "vers 1970", "avant/après 1945",
//               "l'année 2005", "janvier 2017", "fin 2010", "mi-2012",
//               "in 1982", "since 1990", "by 2020", "la crise de 2008"
//   named       "les Trente Glorieuses" (1945-1975), "l'après-guerre" and
//               "post-war" (1945-1959), "l'entre-deux-guerres" (1919-1939),
//               "la Première / Seconde Guerre mondiale" (1914-1918,
//               1939-1945), "la guerre froide" (1947-1991), "les chocs
//               pétroliers" (1973-1979), "le premier / second choc
//               pétrolier" (1973, 1979)
// Not periods: a citation's year "(Porter, 1990)" (the caller passes the
// citations found), a law's or decree's number ("loi n° 2004-1484",
// "décret 2005-12"), a quantity ("plus de 2000 entreprises", "1 998
// emplois"), a bare number with no word that dates it.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "cite/citations.h"

namespace grappe {

struct Period {
    int from = 0;  // first year covered
    int to = 0;    // last year covered (== from for one year)
    std::size_t begin = 0;  // byte span of the phrase in the text
    std::size_t end = 0;
    friend bool operator==(const Period&, const Period&) = default;
};

// The periods `text` names, in text order; years inside `citations`' spans
// are not read.
[[nodiscard]] std::vector<Period> find_periods(std::string_view text, const std::vector<Citation>& citations = {});

}  // namespace grappe
