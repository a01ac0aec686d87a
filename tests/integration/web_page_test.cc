// The search page at / driven end to end in Debian's headless Chromium,
// through chromedriver's W3C WebDriver protocol (HTTP/JSON, spoken here with
// cpp-httplib): type a query, see hits with marked words, click a facet,
// open a document at its page, export the quotations. What the page shows
// is checked against what the daemon's endpoints answer for the same
// request. Screenshots of each step are written to screenshots/ in the
// test's working folder (build/tests), for a person to look at.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <functional>
#include <thread>

#include "integration/daemon.h"
#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";
const char* const kChromium = "/usr/bin/chromium";
const char* const kChromedriver = "/usr/bin/chromedriver";
const char* const kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::string json_string(const std::string& s) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return b.GetString();
}

std::string base64_decode(const std::string& in) {
    std::string out;
    int value = 0, bits = -8;
    for (const char c : in) {
        int d;
        if (c >= 'A' && c <= 'Z') d = c - 'A';
        else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
        else if (c >= '0' && c <= '9') d = c - '0' + 52;
        else if (c == '+') d = 62;
        else if (c == '/') d = 63;
        else continue;
        value = (value << 6) + d;
        bits += 6;
        if (bits >= 0) {
            out.push_back(static_cast<char>((value >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}

// A headless Chromium session through chromedriver.
class Browser {
  public:
    Browser() : port_(free_port()) {
        pid_ = fork();
        if (pid_ == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            const std::string port = "--port=" + std::to_string(port_);
            execl(kChromedriver, kChromedriver, port.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client_->set_read_timeout(60, 0);
        for (int i = 0; i < 200; ++i) {
            if (const auto res = client_->Get("/status"); res && res->status == 200) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        const std::string capabilities = std::string(R"({"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":")") +
                                         kChromium +
                                         R"(","args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--window-size=1280,1000","--lang=fr-FR"]}}}})";
        const auto doc = call("POST", "/session", capabilities);
        if (doc.HasMember("value") && doc["value"].IsObject() && doc["value"].HasMember("sessionId"))
            session_ = doc["value"]["sessionId"].GetString();
    }
    ~Browser() {
        if (!session_.empty()) (void)client_->Delete("/session/" + session_);
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    [[nodiscard]] bool ready() const { return !session_.empty(); }

    void open(const std::string& url) { (void)call("POST", path("/url"), R"({"url":)" + json_string(url) + "}"); }

    // The script's return value, as JSON text.
    std::string run(const std::string& script) {
        const auto doc = call("POST", path("/execute/sync"), R"({"script":)" + json_string(script) + R"(,"args":[]})");
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> w(b);
        if (doc.HasMember("value")) doc["value"].Accept(w);
        return b.GetString();
    }

    // The element a CSS selector finds first, "" when none.
    std::string element(const std::string& css) {
        const auto doc = call("POST", path("/element"), R"({"using":"css selector","value":)" + json_string(css) + "}");
        if (!doc.HasMember("value") || !doc["value"].IsObject() || !doc["value"].HasMember(kElementKey)) return "";
        return doc["value"][kElementKey].GetString();
    }
    void type(const std::string& id, const std::string& text) {
        (void)call("POST", path("/element/" + id + "/value"), R"({"text":)" + json_string(text) + "}");
    }
    void click(const std::string& id) { (void)call("POST", path("/element/" + id + "/click"), "{}"); }

    // Polls `script` (a JS expression) until it is true, up to 15 s.
    bool until(const std::string& expression) {
        for (int i = 0; i < 300; ++i) {
            if (run("return Boolean(" + expression + ");") == "true") return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    void screenshot(const std::string& name) {
        const auto res = client_->Get(path("/screenshot"));
        if (!res) return;
        rapidjson::Document doc;
        doc.Parse(res->body.c_str());
        if (!doc.IsObject() || !doc.HasMember("value") || !doc["value"].IsString()) return;
        fs::create_directories("screenshots");
        std::ofstream(fs::path("screenshots") / (name + ".png"), std::ios::binary) << base64_decode(doc["value"].GetString());
    }

  private:
    std::string path(const std::string& tail) const { return "/session/" + session_ + tail; }
    rapidjson::Document call(const std::string& method, const std::string& where, const std::string& body) {
        rapidjson::Document doc;
        const auto res = method == "POST" ? client_->Post(where, body, "application/json") : client_->Get(where);
        if (res) doc.Parse(res->body.c_str());
        if (!doc.IsObject()) doc.SetObject();
        return doc;
    }
    int port_;
    pid_t pid_ = -1;
    std::unique_ptr<httplib::Client> client_;
    std::string session_;
};

std::string text_of(Browser& b, const std::string& css) {
    const std::string v = b.run("const e = document.querySelector(" + json_string(css) + "); return e ? e.textContent : '';");
    rapidjson::Document d;
    d.Parse(v.c_str());
    return d.IsString() ? d.GetString() : "";
}

std::vector<std::string> texts_of(Browser& b, const std::string& css) {
    const std::string v = b.run("return Array.from(document.querySelectorAll(" + json_string(css) + ")).map(e => e.textContent);");
    rapidjson::Document d;
    d.Parse(v.c_str());
    std::vector<std::string> out;
    if (d.IsArray())
        for (const auto& s : d.GetArray()) out.emplace_back(s.GetString());
    return out;
}

TEST(WebPage, TypeAQueryClickAFacetOpenADocumentAndExportInHeadlessChromium) {
    if (!fs::exists(kChromium) || !fs::exists(kChromedriver)) GTEST_SKIP() << "chromium and chromium-driver are not installed (tools/setup installs them)";
    const TempDir dir;
    ASSERT_EQ(grappe({"index", "--db", dir / "db", kSample.string()}).code, 0);
    Daemon daemon({"--db", dir / "db", "--listen", "127.0.0.1:0"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client api = daemon.client();
    const std::string site = "http://127.0.0.1:" + std::to_string(daemon.port());
    auto api_json = [&](const std::string& path) { return json(api.Get(path)->body); };

    Browser browser;
    ASSERT_TRUE(browser.ready()) << "chromedriver did not open a Chromium session";
    browser.open(site + "/");
    ASSERT_TRUE(browser.until("document.querySelector('#q')"));
    EXPECT_EQ(browser.run("return document.documentElement.lang;"), "\"fr\"");
    EXPECT_NE(text_of(browser, "#syntax").find("concept:cluster"), std::string::npos) << "the query box shows the field syntax";

    // 1. A query typed and sent with Enter: the hits the search endpoint gives.
    browser.type(browser.element("#q"), "cluster proximité\xee\x80\x87");  // U+E007: Enter
    ASSERT_TRUE(browser.until("document.querySelectorAll('#hits .hit').length > 0")) << text_of(browser, "#status");
    const auto expected = api_json("/v1/search?q=cluster%20proximit%C3%A9&limit=10");
    std::vector<std::string> titles;
    for (const auto& h : expected["hits"].GetArray()) titles.emplace_back(h["title"].GetString());
    EXPECT_EQ(texts_of(browser, "#hits .hit h2"), titles);
    EXPECT_GT(std::stoi(browser.run("return document.querySelectorAll('#hits mark').length;")), 0) << "matched words are marked";
    EXPECT_NE(text_of(browser, "#hits .hit .meta").find("p. "), std::string::npos) << "each hit gives its page";
    EXPECT_GT(std::stoi(browser.run("return document.querySelectorAll('#hits .tag').length;")), 0) << "concept tags";
    ASSERT_TRUE(browser.until("!document.querySelector('#timeline').hidden && document.querySelector('#timeline-chart').naturalWidth > 0"))
        << "the timeline of the results' concepts is drawn";
    browser.screenshot("1-results");

    // 2. A facet clicked: the query gains its field, the hits are the endpoint's for it.
    const std::string facet = browser.element("#facets ul[data-facet='concept'] li[data-value='district-industriel']");
    ASSERT_FALSE(facet.empty()) << "no concept facet for district-industriel";
    browser.click(facet);
    ASSERT_TRUE(browser.until("document.querySelector('#q').value.includes('concept:district-industriel')"));
    const auto refined = api_json("/v1/search?q=cluster%20proximit%C3%A9%20concept%3Adistrict-industriel&limit=10");
    std::vector<std::string> refined_titles;
    for (const auto& h : refined["hits"].GetArray()) refined_titles.emplace_back(h["title"].GetString());
    ASSERT_FALSE(refined_titles.empty());
    EXPECT_TRUE(browser.until("document.querySelectorAll('#hits .hit').length == " + std::to_string(refined_titles.size())));
    EXPECT_EQ(texts_of(browser, "#hits .hit h2"), refined_titles);
    browser.screenshot("2-facet");

    // 3. The first hit opened: its document at its page, the passage shown.
    const auto& first = refined["hits"][0];
    browser.click(browser.element("#hits .hit .open-document"));
    ASSERT_TRUE(browser.until("!document.querySelector('#document-view').hidden && document.querySelectorAll('#page-text p').length > 0"));
    EXPECT_EQ(text_of(browser, "#doc-title"), first["title"].GetString());
    const std::string page_path = "/v1/documents/" + std::to_string(first["doc_id"].GetUint()) + "/pages/" + std::to_string(first["page_index"].GetUint()) +
                                  "?mark=cluster%20proximit%C3%A9%20concept%3Adistrict-industriel";
    const auto page = api_json(page_path);
    std::vector<std::string> passages;
    for (const auto& p : page["passages"].GetArray()) passages.emplace_back(p["text"].GetString());
    EXPECT_EQ(texts_of(browser, "#page-text p"), passages);
    EXPECT_EQ(text_of(browser, "#page-text p.current"), first["text"].GetString()) << "the hit's passage is the one shown as current";
    // The search's words marked in the page: as many marks as the endpoint gives.
    std::size_t marks = 0;
    for (const auto& p : page["passages"].GetArray()) marks += p["marks"].Size();
    EXPECT_GT(marks, 0u);
    EXPECT_EQ(browser.run("return document.querySelectorAll('#page-text mark').length;"), std::to_string(marks));
    browser.screenshot("3-document");

    // 4. Back to the results, the quotations exported as Markdown.
    browser.click(browser.element("#back"));
    ASSERT_TRUE(browser.until("!document.querySelector('#results-view').hidden && document.querySelectorAll('#hits .hit').length > 0"));
    browser.click(browser.element("#export button[data-format='md']"));
    ASSERT_TRUE(browser.until("!document.querySelector('#export-preview').hidden"));
    const std::string markdown = api.Get("/v1/export?q=cluster%20proximit%C3%A9%20concept%3Adistrict-industriel&format=md&within=page&limit=200")->body;
    EXPECT_EQ(text_of(browser, "#export-preview"), markdown);
    EXPECT_NE(markdown.find("«"), std::string::npos);
    browser.screenshot("4-export");

    // 5. A malformed query: the message says what and where.
    browser.open(site + "/#q=%22p%C3%B4le%20de");
    ASSERT_TRUE(browser.until("document.querySelector('#status').classList.contains('error')"));
    EXPECT_NE(text_of(browser, "#status").find("colonne 1"), std::string::npos) << text_of(browser, "#status");
    browser.screenshot("5-error");
}

}  // namespace
}  // namespace grappe::testing
