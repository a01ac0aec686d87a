// Periods a text names (cite/periods.h): the third axis of a timeline.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cite/citations.h"
#include "cite/periods.h"

namespace grappe {
namespace {

using Spans = std::vector<std::pair<int, int>>;

Spans spans(const std::string& text) {
    Spans out;
    for (const Period& p : find_periods(text, find_citations(text))) out.emplace_back(p.from, p.to);
    return out;
}

TEST(Periods, DecadesAndTheirThirds) {
    EXPECT_EQ(spans("Dans les années 1970, les districts italiens se développent."), (Spans{{1970, 1979}}));
    EXPECT_EQ(spans("depuis les années 80 la DATAR"), (Spans{{1980, 1989}}));
    EXPECT_EQ(spans("les années 1970-1980 voient"), (Spans{{1970, 1989}}));
    EXPECT_EQ(spans("les années 1970 et 1980 voient"), (Spans{{1970, 1979}, {1980, 1989}}));
    EXPECT_EQ(spans("au début des années 1980"), (Spans{{1980, 1983}}));
    EXPECT_EQ(spans("au milieu des années 1990"), (Spans{{1994, 1996}}));
    EXPECT_EQ(spans("à la fin des années 1990, Porter"), (Spans{{1997, 1999}}));
    EXPECT_EQ(spans("since the 1990s, and in the late 1980s"), (Spans{{1990, 1999}, {1987, 1989}}));
    EXPECT_EQ(spans("dès les années 2000"), (Spans{{2000, 2009}}));
    EXPECT_EQ(spans("la décennie 1990"), (Spans{{1990, 1999}}));
}

TEST(Periods, Centuries) {
    EXPECT_EQ(spans("au XIXe siècle, Marshall"), (Spans{{1801, 1900}}));
    EXPECT_EQ(spans("au XIX e siècle"), (Spans{{1801, 1900}}));
    EXPECT_EQ(spans("au XIXème siècle"), (Spans{{1801, 1900}}));
    EXPECT_EQ(spans("au 19e siècle"), (Spans{{1801, 1900}}));
    EXPECT_EQ(spans("aux XIXe et XXe siècles"), (Spans{{1801, 1900}, {1901, 2000}}));
    EXPECT_EQ(spans("à la fin du XIXe siècle"), (Spans{{1868, 1900}}));
    EXPECT_EQ(spans("in the 19th century"), (Spans{{1801, 1900}}));
    EXPECT_EQ(spans("XXIe siècle"), (Spans{{2001, 2100}}));
    EXPECT_TRUE(spans("le siècle dernier").empty());
}

TEST(Periods, NamedPeriods) {
    EXPECT_EQ(spans("pendant les Trente Glorieuses"), (Spans{{1945, 1975}}));
    EXPECT_EQ(spans("l'après-guerre"), (Spans{{1945, 1959}}));
    EXPECT_EQ(spans("l’entre-deux-guerres"), (Spans{{1919, 1939}}));
    EXPECT_EQ(spans("après la Seconde Guerre mondiale"), (Spans{{1939, 1945}}));
    EXPECT_EQ(spans("la Grande Guerre"), (Spans{{1914, 1918}}));
    EXPECT_TRUE(spans("une grande guerre commerciale").empty());
    EXPECT_EQ(spans("les chocs pétroliers"), (Spans{{1973, 1979}}));
    EXPECT_EQ(spans("the post-war decades"), (Spans{{1945, 1959}}));
}

TEST(Periods, YearsAndRanges) {
    EXPECT_EQ(spans("Les pôles sont créés en 2005."), (Spans{{2005, 2005}}));
    EXPECT_EQ(spans("dès 2004, le gouvernement"), (Spans{{2004, 2004}}));
    EXPECT_EQ(spans("depuis 1990 les clusters"), (Spans{{1990, 1990}}));
    EXPECT_EQ(spans("en 1982 et 1983"), (Spans{{1982, 1982}, {1983, 1983}}));
    EXPECT_EQ(spans("de 1945 à 1975"), (Spans{{1945, 1975}}));
    EXPECT_EQ(spans("entre 1990 et 2000"), (Spans{{1990, 2000}}));
    EXPECT_EQ(spans("sur la période 1998-2004"), (Spans{{1998, 2004}}));
    EXPECT_EQ(spans("en 1998-99"), (Spans{{1998, 1999}}));
    EXPECT_EQ(spans("la crise de 2008, puis"), (Spans{{2008, 2008}}));
    EXPECT_EQ(spans("le 12 janvier 2017"), (Spans{{2017, 2017}}));
    EXPECT_EQ(spans("à la mi-2012"), (Spans{{2012, 2012}}));
    EXPECT_EQ(spans("from 1945 to 1975"), (Spans{{1945, 1975}}));
    EXPECT_EQ(spans("in 1982"), (Spans{{1982, 1982}}));
}

TEST(Periods, CitationsLawsAndQuantitiesAreNone) {
    EXPECT_TRUE(spans("les clusters (Porter, 1990) sont").empty());
    EXPECT_TRUE(spans("selon Porter (1998), les clusters").empty());
    EXPECT_TRUE(spans("la loi n° 2004-1484 du").empty());
    EXPECT_TRUE(spans("le décret 2005-12 fixe").empty());
    EXPECT_TRUE(spans("plus de 2000 entreprises").empty());
    EXPECT_TRUE(spans("en 2000 entreprises").empty());
    EXPECT_TRUE(spans("1 998 emplois").empty());
    EXPECT_TRUE(spans("voir p. 1990 et la page 2004").empty());
    EXPECT_TRUE(spans("2-7071-1998-4").empty());
    EXPECT_TRUE(spans("Research Policy 43.10 (2014): 1785-1799.").empty());
    EXPECT_TRUE(spans("on compte 1990 membres").empty());
    EXPECT_TRUE(spans("depuis 1500 ans").empty());
    EXPECT_TRUE(spans("aucune période ici").empty());
}

TEST(Periods, SpansPointAtThePhrase) {
    const std::string text = "Dès les années 1970, puis en 1982.";
    const std::vector<Period> found = find_periods(text);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "années 1970");
    EXPECT_EQ(text.substr(found[1].begin, found[1].end - found[1].begin), "en 1982");
}

}  // namespace
}  // namespace grappe
